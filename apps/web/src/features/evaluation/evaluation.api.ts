import type {
  EvaluationPeriod,
  EvaluationSettings,
  EvaluationReport,
  EvaluationRow,
  EvaluationSubject,
  TrendBucket,
  TrendResponse,
} from '@cityloop/domain/api/evaluation';
import type { Static } from '@sinclair/typebox';
import type { TrendPoint as TrendPointSchema } from '@cityloop/domain/api/evaluation';
import type { CountKey } from '@cityloop/domain/evaluation/rates';
import { http } from '@/api/http';
import type { CaseList } from '@/features/cases/cases.api';

export type {
  EvaluationPeriod,
  EvaluationSettings,
  EvaluationReport,
  EvaluationRow,
  EvaluationSubject,
  TrendBucket,
  TrendResponse,
};
export type { CountKey };
export type TrendPoint = Static<typeof TrendPointSchema>;

/** A period as the evaluation endpoints take it: a named period holding a date, or from/to days or instants. */
export type PeriodQuery = { period: EvaluationPeriod; date: string } | { from: string; to: string };

const q = (p: PeriodQuery) => ({ ...p }) as Record<string, string>;

export const evaluationApi = {
  report: (subject: EvaluationSubject, p: PeriodQuery) =>
    http.get<EvaluationReport>(`/api/evaluation/${subject}`, q(p)),
  trend: (subject: EvaluationSubject, p: PeriodQuery, bucket: TrendBucket, id?: string) =>
    http.get<TrendResponse>(`/api/evaluation/${subject}/trend`, { ...q(p), bucket, ...(id ? { id } : {}) }),
  cases: (subject: EvaluationSubject, id: string, metric: CountKey, p: PeriodQuery, cursor?: number) =>
    http.get<CaseList>(`/api/evaluation/${subject}/${id}/cases`, {
      ...q(p),
      metric,
      limit: 50,
      ...(cursor ? { cursor } : {}),
    }),
  /** Composite weights and denominator options (admins change them with PUT). */
  settings: () => http.get<EvaluationSettings>('/api/evaluation/weights'),
  saveSettings: (s: EvaluationSettings) => http.put<EvaluationSettings>('/api/evaluation/weights', s),
  exportUrl: (subject: EvaluationSubject, p: PeriodQuery) =>
    `/api/evaluation/${subject}/export.xlsx?${new URLSearchParams(q(p)).toString()}`,
};
