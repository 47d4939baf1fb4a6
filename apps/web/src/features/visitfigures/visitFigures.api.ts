import type {
  VisitCaseList,
  VisitFigureGroup,
  VisitFigureKey,
  VisitFigureRow,
  VisitFiguresReport,
  VisitRateKey,
} from '@cityloop/domain/api/visitFigures';
import { http } from '@/api/http';
import type { PeriodQuery } from '@/features/evaluation/evaluation.api';

export type {
  VisitFigureGroup,
  VisitFigureKey,
  VisitFigureRow,
  VisitFiguresReport,
  VisitRateKey,
  PeriodQuery,
};
export type VisitCase = VisitCaseList['items'][number];

const q = (p: PeriodQuery, groupBy: VisitFigureGroup) => ({ ...p, groupBy }) as Record<string, string>;

export const visitFiguresApi = {
  report: (p: PeriodQuery, groupBy: VisitFigureGroup) =>
    http.get<VisitFiguresReport>('/api/visits/figures', q(p, groupBy)),
  /** The cases one figure counts for one row (key) or the total (no key). */
  cases: (
    p: PeriodQuery,
    groupBy: VisitFigureGroup,
    figure: VisitFigureKey,
    key: string | null,
    cursor?: number,
  ) =>
    http.get<VisitCaseList>('/api/visits/figures/cases', {
      ...q(p, groupBy),
      figure,
      limit: 50,
      ...(key ? { key } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  exportUrl: (p: PeriodQuery, groupBy: VisitFigureGroup) =>
    `/api/visits/figures/export.xlsx?${new URLSearchParams(q(p, groupBy)).toString()}`,
};
