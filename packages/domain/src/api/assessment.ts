import { Type, type Static } from '@sinclair/typebox';
import { PLACE_KINDS, SEVERITIES } from '../assessment/catalogue.js';
import { ASSESSMENT_GRADES, SCORE_LEVELS } from '../assessment/scoring.js';
import { ROLLUP_PERIOD_PATTERN } from '../assessment/rollup.js';
import { Instant, Nullable, RowId } from './common.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Text = (maxLength: number, minLength = 0) =>
  Type.String({ minLength, maxLength, pattern: '^[^\\u0000]*$' });
const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$' });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Points = Type.Number({ minimum: 0, maximum: 1000 });

export const MonthKey = Type.String({
  pattern: '^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$',
  description: 'YYYY-MM',
});
export const AssessmentPlaceKind = lit(PLACE_KINDS);
export const AssessmentSeverity = lit(SEVERITIES);
export const AssessmentLevel = lit(SCORE_LEVELS);

export const CatalogueAspectSchema = Type.Object({
  code: Code,
  name: Text(100, 1),
  nameEn: Text(160, 1),
  target: Text(300),
  standard: Text(600),
  cap: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  perOccurrence: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  severity: Type.Object({
    minor: Type.Number({ exclusiveMinimum: 0, maximum: 10 }),
    normal: Type.Number({ exclusiveMinimum: 0, maximum: 10 }),
    serious: Type.Number({ exclusiveMinimum: 0, maximum: 10 }),
  }),
  floor: Points,
  placeKinds: Type.Array(AssessmentPlaceKind, { minItems: 1, maxItems: 20, uniqueItems: true }),
  shares: Type.Object({ bureau: Share, district: Share, street: Share }),
  caseCategory: Type.String({
    pattern: '^[0-9]{4}$',
    description: 'the case-loop event category of a finding that needs fixing',
  }),
});

export const CatalogueCategorySchema = Type.Object({
  code: Code,
  name: Text(100, 1),
  nameEn: Text(160, 1),
  weight: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
  aspects: Type.Array(CatalogueAspectSchema, { minItems: 1, maxItems: 100 }),
});

export const CatalogueResponse = Type.Object({
  id: Type.Integer(),
  version: Type.String(),
  effectiveFrom: Type.String({ description: 'first month in force, YYYY-MM' }),
  note: Nullable(Type.String()),
  categories: Type.Array(CatalogueCategorySchema),
});
export type CatalogueResponse = Static<typeof CatalogueResponse>;

export const CatalogueQuery = Type.Object({
  month: Type.Optional(MonthKey),
});
export type CatalogueQuery = Static<typeof CatalogueQuery>;

export const CatalogueVersions = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      version: Type.String(),
      effectiveFrom: Type.String(),
      note: Nullable(Type.String()),
      categories: Type.Integer(),
      aspects: Type.Integer(),
      createdAt: Type.String(),
    }),
  ),
});
export type CatalogueVersions = Static<typeof CatalogueVersions>;

export const NewCatalogueVersion = Type.Object({
  version: Text(40, 1),
  effectiveFrom: MonthKey,
  note: Type.Optional(Text(500)),
  categories: Type.Array(CatalogueCategorySchema, { minItems: 1, maxItems: 50 }),
});
export type NewCatalogueVersion = Static<typeof NewCatalogueVersion>;

export const GroupKind = lit(['inspection', 'supervision', 'third_party'] as const);
export type GroupKind = Static<typeof GroupKind>;

export const AssessmentPlan = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  cadence: lit(['daily', 'weekly', 'monthly'] as const),
  title: Type.String(),
  titleEn: Type.String(),
  announced: Type.Boolean(),
  placeKinds: Type.Array(Type.String()),
  areaCodes: Type.Array(Type.String()),
  weekday: Nullable(Type.Integer()),
  samples: Nullable(Type.Integer()),
});
export type AssessmentPlan = Static<typeof AssessmentPlan>;

export const AssessmentGroup = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  kind: GroupKind,
  name: Type.String(),
  nameEn: Type.String(),
  areaCodes: Type.Array(Type.String()),
  members: Type.Array(
    Type.Object({
      userId: Type.Integer(),
      username: Type.String(),
      displayName: Type.String(),
      leader: Type.Boolean(),
    }),
  ),
  plans: Type.Array(AssessmentPlan),
});
export type AssessmentGroup = Static<typeof AssessmentGroup>;
export const AssessmentGroups = Type.Object({ items: Type.Array(AssessmentGroup) });
export type AssessmentGroups = Static<typeof AssessmentGroups>;

const AreaCode = Type.String({ pattern: '^([0-9]{6}|[0-9]{9})$' });
export const NewAssessmentGroup = Type.Object({
  code: Code,
  kind: GroupKind,
  name: Text(100, 1),
  nameEn: Text(160, 1),
  areaCodes: Type.Array(AreaCode, { maxItems: 200, uniqueItems: true }),
  memberIds: Type.Array(RowId(), { maxItems: 100, uniqueItems: true }),
});
export type NewAssessmentGroup = Static<typeof NewAssessmentGroup>;

export const NewAssessmentPlan = Type.Object({
  cadence: lit(['daily', 'weekly', 'monthly'] as const),
  title: Text(200, 1),
  titleEn: Text(200, 1),
  announced: Type.Boolean(),
  placeKinds: Type.Array(AssessmentPlaceKind, { maxItems: 20, uniqueItems: true }),
  areaCodes: Type.Array(AreaCode, { maxItems: 200, uniqueItems: true }),
  weekday: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 })),
  samples: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type NewAssessmentPlan = Static<typeof NewAssessmentPlan>;
export const GroupIdParams = Type.Object({ id: RowId() });

/** The phone's list for today: the plans of the user's groups and the aspects of each place kind. */
export const AssessmentTasks = Type.Object({
  groups: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), nameEn: Type.String(), kind: GroupKind }),
  ),
  plans: Type.Array(AssessmentPlan),
  month: Type.String(),
  closed: Type.Boolean(),
});
export type AssessmentTasks = Static<typeof AssessmentTasks>;

export const NewFinding = Type.Object({
  clientId: Type.String({
    pattern: '^[A-Za-z0-9_-]{8,64}$',
    description: 'the phone’s id of this finding: a repeated upload counts once',
  }),
  aspectCode: Code,
  placeKind: AssessmentPlaceKind,
  placeName: Type.Optional(Text(200)),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Type.Optional(lit(['wgs84', 'gcj02', 'bd09'] as const)),
  severity: AssessmentSeverity,
  occurrences: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  note: Type.Optional(Text(1000)),
  photoId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,80}$' })),
  needsFix: Type.Boolean(),
  groupId: Type.Optional(RowId()),
  unitId: Type.Optional(RowId()),
  siteId: Type.Optional(RowId()),
  foundAt: Type.Optional(Instant()),
});
export type NewFinding = Static<typeof NewFinding>;

export const FindingView = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  catalogueVersion: Type.String(),
  categoryCode: Type.String(),
  aspectCode: Type.String(),
  aspectName: Type.String(),
  aspectNameEn: Type.String(),
  placeKind: Type.String(),
  placeName: Nullable(Type.String()),
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Type.String(),
  districtCode: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  groupId: Nullable(Type.Integer()),
  siteId: Nullable(Type.Integer()),
  severity: AssessmentSeverity,
  occurrences: Type.Integer(),
  deduction: Type.Number({ description: 'before shares' }),
  shares: Type.Object({ bureau: Type.Number(), district: Type.Number(), street: Type.Number() }),
  note: Nullable(Type.String()),
  photoId: Nullable(Type.String()),
  needsFix: Type.Boolean(),
  caseId: Nullable(Type.Integer()),
  caseCode: Nullable(Type.String()),
  caseState: Nullable(Type.String()),
  reinspection: lit(['open', 'passed', 'failed'] as const),
  reinspectedAt: Nullable(Type.String()),
  reinspectionNote: Nullable(Type.String()),
  dispute: Nullable(lit(['pending', 'upheld', 'rejected'] as const)),
  disputeReason: Nullable(Type.String()),
  disputeDecision: Nullable(Type.String()),
  counted: Type.Boolean(),
  foundAt: Type.String(),
  recordedBy: Type.String(),
  /** In a drill-down: the part of the deduction the subject bears. */
  borne: Type.Optional(Type.Number()),
});
export type FindingView = Static<typeof FindingView>;

export const FindingList = Type.Object({
  items: Type.Array(FindingView),
  nextCursor: Nullable(Type.Integer()),
});
export type FindingList = Static<typeof FindingList>;

export const FindingListQuery = Type.Object({
  month: Type.Optional(MonthKey),
  level: Type.Optional(AssessmentLevel),
  subject: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,12}$', description: 'district/street code or unit id (with level)' }),
  ),
  mine: Type.Optional(Type.Boolean({ description: 'only the findings I recorded' })),
  open: Type.Optional(
    Type.Boolean({
      description: 'only findings still supervised: needing a fix not yet re-inspected as passed',
    }),
  ),
  cursor: Type.Optional(RowId({ bigint: true })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type FindingListQuery = Static<typeof FindingListQuery>;
export const FindingIdParams = Type.Object({ id: RowId({ bigint: true }) });

export const Reinspection = Type.Object({ passed: Type.Boolean(), note: Type.Optional(Text(1000)) });
export type Reinspection = Static<typeof Reinspection>;
export const DisputeRequest = Type.Object({ reason: Text(1000, 2) });
export type DisputeRequest = Static<typeof DisputeRequest>;
export const DisputeDecision = Type.Object({ upheld: Type.Boolean(), note: Text(1000, 2) });
export type DisputeDecision = Static<typeof DisputeDecision>;

export const ScoresQuery = Type.Object({ month: MonthKey, level: AssessmentLevel });
export type ScoresQuery = Static<typeof ScoresQuery>;

export const ScoreRow = Type.Object({
  id: Type.String({ description: 'district/street code or unit id' }),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  catalogueScore: Type.Number(),
  caseScore: Nullable(Type.Number()),
  bonus: Type.Number(),
  score: Type.Number(),
  rank: Type.Integer(),
  previousScore: Nullable(Type.Number()),
  previousRank: Nullable(Type.Integer()),
  grade: lit(ASSESSMENT_GRADES),
  colour: Type.String(),
  deducted: Type.Number({ description: 'deductions borne, before caps' }),
  lost: Type.Number({ description: 'points lost after caps and floors' }),
  findings: Type.Integer(),
  categories: Type.Array(Type.Object({ code: Type.String(), lost: Type.Number(), ratio: Type.Number() })),
});
export type ScoreRow = Static<typeof ScoreRow>;

export const ScoresResponse = Type.Object({
  month: Type.String(),
  level: AssessmentLevel,
  version: Type.String(),
  closed: Type.Boolean(),
  partial: Type.Boolean({ description: 'the month has not ended yet' }),
  weights: Type.Object({
    catalogue: Type.Number(),
    caseLoop: Type.Number(),
    focusBonus: Type.Array(Type.Number()),
  }),
  focusCategory: Nullable(Type.String()),
  rows: Type.Array(ScoreRow),
});
export type ScoresResponse = Static<typeof ScoresResponse>;

export const SubjectParams = Type.Object({
  level: AssessmentLevel,
  id: Type.String({ pattern: '^[0-9]{1,12}$' }),
});
export const MonthOnlyQuery = Type.Object({ month: MonthKey });
export type MonthOnlyQuery = Static<typeof MonthOnlyQuery>;
export const MonthParams = Type.Object({ month: MonthKey });

export const BulletinResponse = Type.Object({
  scores: ScoresResponse,
  worst: Type.Array(FindingView),
  totals: Type.Object({
    findings: Type.Integer(),
    cases: Type.Integer(),
    fixed: Type.Integer(),
    disputes: Type.Integer(),
  }),
});
export type BulletinResponse = Static<typeof BulletinResponse>;

export const AssessmentSettingsSchema = Type.Object({
  catalogue: Type.Number({ minimum: 0, maximum: 1 }),
  caseLoop: Type.Number({ minimum: 0, maximum: 1 }),
  focusBonus: Type.Array(Type.Number({ minimum: -20, maximum: 20 }), { maxItems: 20 }),
  /** The focus category of each month (YYYY-MM → category code). */
  focus: Type.Record(Type.String({ pattern: '^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$' }), Code),
});
export type AssessmentSettings = Static<typeof AssessmentSettingsSchema>;

export const AssessmentSite = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  placeKind: Type.String(),
  streetCode: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  registeredOn: Type.String(),
  months: Type.Array(Type.Object({ month: Type.String(), score: Type.Number(), findings: Type.Integer() })),
});
export const AssessmentSites = Type.Object({ items: Type.Array(AssessmentSite) });
export type AssessmentSites = Static<typeof AssessmentSites>;

export const MonthClosed = Type.Object({ month: Type.String(), closedAt: Type.String() });

export const RollupQuery = Type.Object({
  period: Type.String({
    pattern: ROLLUP_PERIOD_PATTERN,
    description: 'a quarter (YYYY-Qn) or a year (YYYY)',
  }),
  level: AssessmentLevel,
});
export type RollupQuery = Static<typeof RollupQuery>;

export const RollupRow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  score: Type.Number({ description: 'the mean of the monthly scores' }),
  rank: Type.Integer(),
  grade: lit(ASSESSMENT_GRADES),
  colour: Type.String(),
  findings: Type.Integer(),
  previousScore: Nullable(Type.Number()),
  previousRank: Nullable(Type.Integer()),
  months: Type.Array(
    Type.Object({ month: Type.String(), score: Nullable(Type.Number()), rank: Nullable(Type.Integer()) }),
  ),
});
export type RollupRow = Static<typeof RollupRow>;

/** A quarter's or a year's ranking rolled up from its months. */
export const RollupResponse = Type.Object({
  period: Type.String(),
  kind: lit(['quarter', 'year'] as const),
  level: AssessmentLevel,
  previousPeriod: Type.String(),
  /** The months of the period that have been scored (begun, with a catalogue in force). */
  months: Type.Array(
    Type.Object({
      month: Type.String(),
      version: Type.String(),
      closed: Type.Boolean(),
      partial: Type.Boolean(),
    }),
  ),
  /** Every month of the period has ended and been closed: the roll-up is final. */
  published: Type.Boolean(),
  rows: Type.Array(RollupRow),
});
export type RollupResponse = Static<typeof RollupResponse>;

export const ReportLangQuery = Type.Object({ lang: Type.Optional(lit(['zh', 'en'] as const)) });
export type ReportLangQuery = Static<typeof ReportLangQuery>;
export const ScoresReportQuery = Type.Composite([ScoresQuery, ReportLangQuery]);
export type ScoresReportQuery = Static<typeof ScoresReportQuery>;
export const RollupReportQuery = Type.Composite([RollupQuery, ReportLangQuery]);
export type RollupReportQuery = Static<typeof RollupReportQuery>;
