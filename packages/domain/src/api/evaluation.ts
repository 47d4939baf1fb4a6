import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { COUNT_KEYS, type EvaluationRates } from '../evaluation/index.js';
import { Nullable } from './common.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Who is evaluated (综合评价 subjects): people by role, handling units, and areas. */
export const EVALUATION_SUBJECTS = [
  'inspectors',
  'operators',
  'shift_leaders',
  'dispatchers',
  'units',
  'streets',
  'districts',
] as const;
export type EvaluationSubject = (typeof EVALUATION_SUBJECTS)[number];
export const EvaluationSubjectSchema = lit(EVALUATION_SUBJECTS);

export const EVALUATION_PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type EvaluationPeriod = (typeof EVALUATION_PERIODS)[number];
export const TREND_BUCKETS = ['day', 'week', 'month'] as const;
export type TrendBucket = (typeof TREND_BUCKETS)[number];

const RATE_KEYS = [
  'validReport',
  'onTimeVerify',
  'onTimeCheck',
  'missedReport',
  'onTimeVerifyDispatch',
  'onTimeCheckDispatch',
  'onTimeFiling',
  'accurateFiling',
  'onTimeDispatch',
  'accurateDispatch',
  'disposal',
  'onTimeDisposal',
  'overduePending',
  'closing',
  'onTimeClosing',
  'rework',
  'extension',
  'returnVisit',
  'satisfaction',
] as const satisfies readonly (keyof EvaluationRates)[];

function objectOf<K extends string, S extends TProperties[string]>(keys: readonly K[], schema: () => S) {
  const props: TProperties = {};
  for (const k of keys) props[k] = schema();
  return Type.Object(props) as TObject<Record<K, S>>;
}

export const EvaluationCountsSchema = objectOf(COUNT_KEYS, () => Type.Integer({ minimum: 0 }));
export const EvaluationRatesSchema = objectOf(RATE_KEYS, () =>
  Nullable(Type.Number({ description: 'fraction 0–1; null when the denominator is 0' })),
);

const weight = () => Type.Number({ minimum: 0, maximum: 1000 });
export const EvaluationWeightsSchema = Type.Object({
  inspector: Type.Object({
    validReport: weight(),
    notMissed: weight(),
    onTimeVerify: weight(),
    onTimeCheck: weight(),
  }),
  operator: Type.Object({
    intakeVolume: weight(),
    onTimeVerifyDispatch: weight(),
    onTimeCheckDispatch: weight(),
  }),
  shift_leader: Type.Object({ onTimeFiling: weight(), accurateFiling: weight(), onTimeClosing: weight() }),
  dispatcher: Type.Object({ dispatchVolume: weight(), onTimeDispatch: weight(), accurateDispatch: weight() }),
  unit: Type.Object({
    disposal: weight(),
    onTimeDisposal: weight(),
    notRework: weight(),
    notOverduePending: weight(),
    notExtension: weight(),
  }),
});

export const EvaluationOptionsSchema = Type.Object({
  excludeSuspended: Type.Boolean({
    description: 'Suspended cases leave the disposal and closing denominators (default true)',
  }),
  includePending: Type.Boolean({
    description:
      'Steps that came due in the period and are not done count in the due figures (default true); false = only steps completed in the period',
  }),
});
export type EvaluationOptions = Static<typeof EvaluationOptionsSchema>;

/** What an admin configures: composite weights (areas use the unit weights) and denominators. */
export const EvaluationSettings = Type.Object({
  weights: EvaluationWeightsSchema,
  options: EvaluationOptionsSchema,
});
export type EvaluationSettings = Static<typeof EvaluationSettings>;

export const EvaluationQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Start instant (inclusive)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End instant (exclusive)' })),
  period: Type.Optional(lit(EVALUATION_PERIODS)),
  date: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'A day inside the period (city time zone); default today. Used when from/to are absent',
    }),
  ),
});
export type EvaluationQuery = Static<typeof EvaluationQuery>;

export const EvaluationRow = Type.Object({
  id: Type.String({ description: 'user id, department id, or street/district code' }),
  name: Type.String(),
  counts: EvaluationCountsSchema,
  rates: EvaluationRatesSchema,
  volume: Nullable(Type.Number({ description: 'volume score 0–100 (operators, dispatchers)' })),
  score: Nullable(Type.Number()),
  grade: Nullable(lit(['A', 'B', 'C', 'D', 'E'] as const)),
  rank: Nullable(Type.Integer()),
});
export type EvaluationRow = Static<typeof EvaluationRow>;

export const EvaluationReport = Type.Object({
  subject: EvaluationSubjectSchema,
  from: Type.String(),
  to: Type.String(),
  weights: Type.Record(Type.String(), Type.Number(), {
    description: 'the weights of this subject’s composite',
  }),
  options: EvaluationOptionsSchema,
  rows: Type.Array(EvaluationRow),
});
export type EvaluationReport = Static<typeof EvaluationReport>;

export const EvaluationParams = Type.Object({ subject: EvaluationSubjectSchema });
export const EvaluationIdParams = Type.Object({
  subject: EvaluationSubjectSchema,
  id: Type.String({ pattern: '^[0-9]{1,12}$' }),
});

export const TrendQuery = Type.Object({
  ...EvaluationQuery.properties,
  id: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,12}$', description: 'One subject; absent = all visible together' }),
  ),
  bucket: Type.Optional(lit(TREND_BUCKETS)),
});
export type TrendQuery = Static<typeof TrendQuery>;

export const TrendPoint = Type.Object({
  bucket: Type.String({ description: 'first day of the bucket, YYYY-MM-DD (city time zone)' }),
  from: Type.String(),
  to: Type.String(),
  counts: EvaluationCountsSchema,
  rates: EvaluationRatesSchema,
  score: Nullable(Type.Number()),
  grade: Nullable(lit(['A', 'B', 'C', 'D', 'E'] as const)),
  rank: Nullable(Type.Integer()),
});
export const TrendResponse = Type.Object({
  subject: EvaluationSubjectSchema,
  id: Nullable(Type.String()),
  name: Nullable(Type.String()),
  bucket: lit(TREND_BUCKETS),
  from: Type.String(),
  to: Type.String(),
  points: Type.Array(TrendPoint),
});
export type TrendResponse = Static<typeof TrendResponse>;

export const DrillQuery = Type.Object({
  ...EvaluationQuery.properties,
  metric: lit(COUNT_KEYS),
  cursor: Type.Optional(Type.Integer({ minimum: 1, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type DrillQuery = Static<typeof DrillQuery>;
