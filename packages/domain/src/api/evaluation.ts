import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { COUNT_KEYS, type CountKey, type EvaluationRates } from '../evaluation/index.js';
import { CalendarDay, Instant, Nullable } from './common.js';

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
  from: Type.Optional(
    Type.Union([
      CalendarDay({ description: 'First day (city time zone), from its midnight' }),
      Instant({ description: 'Start instant (inclusive)' }),
    ]),
  ),
  to: Type.Optional(
    Type.Union([
      CalendarDay({ description: 'Last day (city time zone), included whole' }),
      Instant({ description: 'End instant (exclusive)' }),
    ]),
  ),
  period: Type.Optional(lit(EVALUATION_PERIODS)),
  date: Type.Optional(
    CalendarDay({
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
  partial: Type.Boolean({ description: 'The period has not ended yet: figures so far' }),
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
  partial: Type.Boolean({ description: 'The bucket has not ended yet: figures so far, not a whole bucket' }),
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

/**
 * Chinese names and one-line definitions of every count, rate and subject: the Excel export's
 * headers and definitions sheet, and the web page's column titles and tooltips.
 */
export const COUNT_LABELS: Record<CountKey, [string, string]> = {
  reported: ['上报数', '期内上报事件（含关联为重复的上报）；监督员按本人上报，区域按案件所在地'],
  valid: ['有效上报数', '期内上报且已立案（含立案后作废）、确认为重复或自行处置的上报'],
  verificationsDue: ['应核实数', '期内完成的核实 + 核实时限在期内到期仍未核实的任务（监督员：指派给本人的）'],
  verificationsOnTime: ['按时核实数', '期内在时限内完成的核实'],
  checksDue: ['应核查数', '期内完成的核查 + 核查时限在期内到期仍未核查的任务'],
  checksOnTime: ['按时核查数', '期内在时限内完成的核查'],
  missed: ['漏报数', '期内核实属实的公众（非监督员）上报，位于监督员负责的监督网格'],
  filed: ['立案数', '期内立案；监督员为其监督网格内的立案，值班长为本人立案'],
  intake: ['受理量', '受理员/热线登记的上报 + 对新上报的首次处理（受理、不受理、派核实）'],
  verifyDispatchDue: ['应派核实(受理)数', '期内完成的受理环节（受理、不受理、派核实），按受理时限计时'],
  verifyDispatchedOnTime: ['按时派核实(受理)数', '期内在受理时限内完成的受理环节'],
  checkDispatchDue: ['应派核查数', '期内处置单位反馈办结后发出的核查任务'],
  checkDispatchedOnTime: ['按时派核查数', '在核查环节到期前发出的核查任务'],
  filingDue: ['应立案数', '期内完成的立案环节（立案或不予立案）+ 立案时限在期内到期仍未处理的（区域）'],
  filedOnTime: ['按时立案数', '期内在立案时限内完成的立案环节'],
  filedAccurate: ['准确立案数', '期内立案且之后未作废的案件'],
  dispatchDue: ['应派遣数', '期内派遣 + 派遣时限在期内到期仍未派遣的（区域）'],
  dispatched: ['派遣数', '期内派遣（含二级派遣）'],
  dispatchedOnTime: ['按时派遣数', '期内在派遣时限内完成的派遣'],
  sendBacks: ['回退数', '派遣员/区域：期内派遣后被批准回退的派遣；处置单位：期内批准的本单位回退'],
  disposalDue: [
    '应处置数',
    '期内反馈办结 + 处置时限在期内到期而期末未办结的（办结于期后或仍未办结；挂账案件按设置排除）',
  ],
  disposed: ['处置数', '期内反馈办结（返工后再次办结另计）'],
  disposedOnTime: ['按时处置数', '期内在处置时限（含批准延期）内反馈办结'],
  overduePending: ['超期未处置数', '处置时限在期内到期而期末仍未办结的'],
  closeDue: ['应结案数', '期内结案 + 处置时限在期内到期而期末未结案的；值班长为本人完成的结案环节'],
  closed: ['结案数', '期内结案（区域含监督员自行处置）'],
  closedOnTime: ['按期结案数', '期内结案且最后一次处置按时（自行处置视为按时）；值班长为结案环节按时'],
  suspended: ['挂账数', '应结案中目前处于挂账（缓办）状态的案件，按设置从结案率分母中扣除'],
  rework: ['返工数', '期内核查不通过或回访不满意重新派遣'],
  extensions: ['延期数', '期内批准的延期'],
  cancellations: ['作废数', '期内批准的作废'],
  urges: ['督办数', '期内督办'],
  visitsDue: [
    '应回访数',
    '期内结束的回访（联系上，或三次未接通）+ 结案满 48 小时在期内到期仍未回访的需回复案件',
  ],
  visited: ['回访数', '期内联系上来电人的回访'],
  satisfied: ['满意数', '期内回访结果为满意'],
  basicallySatisfied: ['基本满意数', '期内回访结果为基本满意（不满意的重新派遣，计入返工）'],
};

export const RATE_LABELS: Record<keyof EvaluationRates, [string, string]> = {
  validReport: ['有效上报率', '有效上报数 / 上报数'],
  onTimeVerify: ['按时核实率', '按时核实数 / 应核实数'],
  onTimeCheck: ['按时核查率', '按时核查数 / 应核查数'],
  missedReport: ['漏报率', '漏报数 / 立案数'],
  onTimeVerifyDispatch: ['按时派核实率', '按时派核实数 / 应派核实数'],
  onTimeCheckDispatch: ['按时派核查率', '按时派核查数 / 应派核查数'],
  onTimeFiling: ['按时立案率', '按时立案数 / 应立案数'],
  accurateFiling: ['准确立案率', '准确立案数 / 立案数'],
  onTimeDispatch: ['按时派遣率', '按时派遣数 / 应派遣数'],
  accurateDispatch: ['准确派遣率', '(派遣数 − 回退数) / 应派遣数'],
  disposal: ['处置率', '处置数 / 应处置数'],
  onTimeDisposal: ['按时处置率', '按时处置数 / 应处置数'],
  overduePending: ['超期未处置率', '超期未处置数 / 应处置数'],
  closing: ['结案率', '结案数 / (应结案数 − 挂账数)'],
  onTimeClosing: ['按期结案率', '按期结案数 / (应结案数 − 挂账数)'],
  rework: ['返工率', '返工数 / 应结案数'],
  extension: ['延期率', '延期数 / 应处置数'],
  returnVisit: ['回访率', '回访数 / 应回访数'],
  satisfaction: ['满意率', '(满意数 + 基本满意数) / 回访数'],
};

export const SUBJECT_LABELS: Record<EvaluationSubject, string> = {
  inspectors: '监督员',
  operators: '受理员',
  shift_leaders: '值班长',
  dispatchers: '派遣员',
  units: '专业部门',
  streets: '街道',
  districts: '区',
};

/** The composite terms that weigh the complement of a rate ("1 − 漏报率"), by the rate they invert. */
export const INVERSE_WEIGHT_RATES: Readonly<Record<string, keyof EvaluationRates>> = {
  notMissed: 'missedReport',
  notRework: 'rework',
  notOverduePending: 'overduePending',
  notExtension: 'extension',
};

/** A composite weight's Chinese name: the rate it weighs, "1 − 返工率" for the not* terms, or the volume score. */
export function weightLabelZh(key: string): string {
  const inverse = INVERSE_WEIGHT_RATES[key];
  if (inverse) return `1 − ${RATE_LABELS[inverse][0]}`;
  if (key in RATE_LABELS) return RATE_LABELS[key as keyof EvaluationRates][0];
  return key.endsWith('Volume') ? '工作量分' : key;
}
