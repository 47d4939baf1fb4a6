import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';
import { CaseSummary } from './cases.js';
import { EvaluationQuery } from './evaluation.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** How the return-visit figures (回访统计) are broken down. */
export const VISIT_FIGURE_GROUPS = ['district', 'street', 'unit', 'category'] as const;
export type VisitFigureGroup = (typeof VISIT_FIGURE_GROUPS)[number];

/**
 * The counts of the return-visit figures. `due`, `done`, `reached` and the satisfactions are the
 * evaluation's own visit counts (visitsDue, visitEnded, visited, satisfied …: one definition,
 * features/visitfigures/visitFigures.pieces.ts); `complaints` and `repeats` give the repeat rate.
 */
export const VISIT_FIGURE_KEYS = [
  'due',
  'done',
  'onTime',
  'reached',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'complaints',
  'repeats',
] as const;
export type VisitFigureKey = (typeof VISIT_FIGURE_KEYS)[number];

export const VISIT_RATE_KEYS = ['returnVisit', 'onTime', 'satisfaction', 'repeat'] as const;
export type VisitRateKey = (typeof VISIT_RATE_KEYS)[number];

const n = () => Type.Integer({ minimum: 0 });
const counts = Type.Object({
  due: n(),
  done: n(),
  onTime: n(),
  reached: n(),
  satisfied: n(),
  basicallySatisfied: n(),
  dissatisfied: n(),
  complaints: n(),
  repeats: n(),
});
const rate = () => Nullable(Type.Number({ description: 'fraction 0–1; null when nothing to divide by' }));
const rates = Type.Object({ returnVisit: rate(), onTime: rate(), satisfaction: rate(), repeat: rate() });

export const VisitFiguresQuery = Type.Object({
  ...EvaluationQuery.properties,
  groupBy: Type.Optional(lit(VISIT_FIGURE_GROUPS)),
});
export type VisitFiguresQuery = Static<typeof VisitFiguresQuery>;

export const VisitFigureRow = Type.Object({
  key: Type.String({ description: 'district or street code, unit id, or category (kind:code)' }),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  counts,
  rates,
});
export type VisitFigureRow = Static<typeof VisitFigureRow>;

export const VisitFiguresReport = Type.Object({
  groupBy: lit(VISIT_FIGURE_GROUPS),
  from: Type.String(),
  to: Type.String(),
  partial: Type.Boolean({ description: 'The period has not ended yet: figures so far' }),
  total: VisitFigureRow,
  rows: Type.Array(VisitFigureRow),
});
export type VisitFiguresReport = Static<typeof VisitFiguresReport>;

export const VisitDrillQuery = Type.Object({
  ...VisitFiguresQuery.properties,
  figure: lit(VISIT_FIGURE_KEYS),
  key: Type.Optional(
    Type.String({
      maxLength: 40,
      pattern: '^[A-Za-z0-9:_-]+$',
      description: 'The row (as in the report); absent: every row (the total)',
    }),
  ),
  cursor: Type.Optional(Type.Integer({ minimum: 1, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type VisitDrillQuery = Static<typeof VisitDrillQuery>;

/** The cases behind a figure: each with how often and when the figure counts it (they add up to it). */
export const VisitCaseList = Type.Object({
  items: Type.Array(
    Type.Intersect([
      CaseSummary,
      Type.Object({
        counted: Type.Integer({ description: 'How many times the figure counts this case' }),
        countedAt: Type.Array(Type.String(), { description: 'When each of them counts' }),
      }),
    ]),
  ),
  nextCursor: Nullable(Type.Integer()),
});
export type VisitCaseList = Static<typeof VisitCaseList>;

/** Chinese names and definitions (Excel headers and the definitions sheet). */
export const VISIT_FIGURE_LABELS: Record<VisitFigureKey, [string, string]> = {
  due: ['应回访数', '期内结束的回访 + 结案后 48 小时回访时限在期内到期仍未回访的案件（来电人要求回复）'],
  done: ['已回访数', '期内结束的回访：联系上来电人，或第 3 次仍未接通'],
  onTime: ['按时回访数', '期内结束且在结案后 48 小时内完成的回访'],
  reached: ['联系上数', '期内联系上来电人的回访'],
  satisfied: ['满意数', '回访结果为满意'],
  basicallySatisfied: ['基本满意数', '回访结果为基本满意'],
  dissatisfied: ['不满意数', '回访结果为不满意（案件返工）'],
  complaints: ['群众诉求数', '期内由热线、网站、Open311、媒体等群众渠道上报的案件'],
  repeats: ['重复投诉数', '其中关联到一件尚未办结的同类案件的上报（重复诉求）'],
};
export const VISIT_RATE_LABELS: Record<VisitRateKey, [string, string]> = {
  returnVisit: ['回访率', '联系上数 ÷ 应回访数（与综合评价的回访率相同）'],
  onTime: ['按时回访率', '按时回访数 ÷ 应回访数'],
  satisfaction: ['满意率', '（满意数 + 基本满意数）÷ 联系上数'],
  repeat: ['重复投诉率', '重复投诉数 ÷ 群众诉求数'],
};
export const VISIT_GROUP_LABELS: Record<VisitFigureGroup, string> = {
  district: '区',
  street: '街道',
  unit: '责任单位',
  category: '问题类别',
};
