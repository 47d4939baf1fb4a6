import { Type, type Static } from '@sinclair/typebox';

/**
 * The district urban-management committee (城管委) and its special campaigns (专项整治), issue 23.
 * A member is a department or a street office registered as a handling unit, so that a problem a
 * campaign finds becomes a case dispatched to it.
 */
export const MEMBER_KINDS = ['bureau', 'department', 'street', 'utility'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Photos = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 9 });
const DateKey = Type.String({ format: 'date' });

export const CommitteeMember = Type.Object({
  id: Type.Integer(),
  /** The handling unit (department) cases are dispatched to. */
  departmentId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: lit(MEMBER_KINDS),
  contactName: Type.String(),
  contactPhone: Type.String(),
  responsibilities: Type.String(),
  responsibilitiesEn: Type.String(),
});
export type CommitteeMember = Static<typeof CommitteeMember>;
export const CommitteeMemberList = Type.Object({ items: Type.Array(CommitteeMember) });
export type CommitteeMemberList = Static<typeof CommitteeMemberList>;

export const CampaignReport = Type.Object({
  id: Type.Integer(),
  taskId: Type.Integer(),
  count: Type.Integer(),
  note: Type.String(),
  photos: Type.Array(Type.String()),
  place: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  reportedAt: Type.String(),
});
export type CampaignReport = Static<typeof CampaignReport>;

export const CampaignTask = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  title: Type.String(),
  titleEn: Type.String(),
  target: Type.Integer(),
  done: Type.Integer({ description: 'Sum of the counts reported' }),
  deadline: DateKey,
  /** Past its deadline (the city's today) and short of its target. */
  late: Type.Boolean(),
  score: Nullable(Type.Integer()),
  reports: Type.Integer({ description: 'Number of progress reports' }),
});
export type CampaignTask = Static<typeof CampaignTask>;

export const CampaignProblem = Type.Object({
  id: Type.Integer(),
  memberId: Type.Integer(),
  description: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  caseId: Type.Integer(),
  caseCode: Type.String(),
  foundAt: Type.String(),
});
export type CampaignProblem = Static<typeof CampaignProblem>;

export const CAMPAIGN_STATUSES = ['planned', 'running', 'ended'] as const;

export const CampaignView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  theme: Type.String(),
  themeEn: Type.String(),
  leadMemberId: Type.Integer(),
  memberIds: Type.Array(Type.Integer()),
  areaCodes: Type.Array(Type.String()),
  targetLabel: Type.String(),
  targetLabelEn: Type.String(),
  targetUnit: Type.String(),
  startDate: DateKey,
  endDate: DateKey,
  status: lit(CAMPAIGN_STATUSES),
  target: Type.Integer({ description: 'Sum of the tasks’ targets' }),
  done: Type.Integer(),
  progressPct: Type.Integer({ minimum: 0, maximum: 100 }),
  lateTasks: Type.Integer(),
  tasks: Type.Array(CampaignTask),
});
export type CampaignView = Static<typeof CampaignView>;
export const SpecialCampaignList = Type.Object({ items: Type.Array(CampaignView) });
export type SpecialCampaignList = Static<typeof SpecialCampaignList>;

export const CampaignDetail = Type.Composite([
  CampaignView,
  Type.Object({ reports: Type.Array(CampaignReport), problems: Type.Array(CampaignProblem) }),
]);
export type CampaignDetail = Static<typeof CampaignDetail>;

export const CampaignTaskInput = Type.Object({
  memberId: Type.Integer({ minimum: 1 }),
  title: Type.String({ minLength: 1, maxLength: 200 }),
  titleEn: Type.Optional(Type.String({ maxLength: 200 })),
  target: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  deadline: DateKey,
});

export const CampaignInput = Type.Object(
  {
    theme: Type.String({ minLength: 1, maxLength: 200 }),
    themeEn: Type.Optional(Type.String({ maxLength: 200 })),
    leadMemberId: Type.Integer({ minimum: 1 }),
    memberIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 47 }),
    areaCodes: Type.Array(Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$' }), { maxItems: 50 }),
    targetLabel: Type.String({ minLength: 1, maxLength: 100 }),
    targetLabelEn: Type.Optional(Type.String({ maxLength: 100 })),
    targetUnit: Type.String({ minLength: 1, maxLength: 20 }),
    startDate: DateKey,
    endDate: DateKey,
    tasks: Type.Array(CampaignTaskInput, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignInput>;

export const CampaignReportInput = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: 100_000 }),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    photos: Type.Optional(Photos),
    place: Type.Optional(Type.String({ maxLength: 200 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  },
  { additionalProperties: false },
);
export type CampaignReportInput = Static<typeof CampaignReportInput>;

export const CampaignProblemInput = Type.Object(
  {
    memberId: Type.Integer({ minimum: 1, description: 'The member that must fix it' }),
    category: Type.String({ pattern: '^[0-9]{4}$', description: 'Event category of the case' }),
    description: Type.String({ minLength: 1, maxLength: 1000 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    photos: Type.Optional(Photos),
  },
  { additionalProperties: false },
);
export type CampaignProblemInput = Static<typeof CampaignProblemInput>;

export const TaskScoreInput = Type.Object(
  {
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    evidence: Type.String({ minLength: 1, maxLength: 2000, description: 'Why: required for every change' }),
    evidencePhotos: Type.Optional(Photos),
  },
  { additionalProperties: false },
);
export type TaskScoreInput = Static<typeof TaskScoreInput>;

export const TaskScoreChange = Type.Object({
  id: Type.Integer(),
  taskId: Type.Integer(),
  scoreBefore: Nullable(Type.Integer()),
  scoreAfter: Type.Integer(),
  evidence: Type.String(),
  evidencePhotos: Type.Array(Type.String()),
  changedAt: Type.String(),
});
export type TaskScoreChange = Static<typeof TaskScoreChange>;
export const TaskScoreHistory = Type.Object({ items: Type.Array(TaskScoreChange) });
export type TaskScoreHistory = Static<typeof TaskScoreHistory>;

export const BulletinQuery = Type.Object({ week: Type.Optional(DateKey) }, { additionalProperties: false });
export type BulletinQuery = Static<typeof BulletinQuery>;

export const BulletinRow = Type.Object({
  memberId: Type.Integer(),
  tasks: Type.Integer(),
  target: Type.Integer(),
  done: Type.Integer(),
  doneThisWeek: Type.Integer(),
  progressPct: Type.Integer(),
  lateTasks: Type.Integer(),
  /** Mean of the scored tasks, null when none is scored. */
  score: Nullable(Type.Number()),
});
export type BulletinRow = Static<typeof BulletinRow>;

export const CampaignBulletin = Type.Object({
  campaignId: Type.Integer(),
  /** Monday and Sunday of the bulletin's week (the city's calendar). */
  weekStart: DateKey,
  weekEnd: DateKey,
  rows: Type.Array(BulletinRow),
});
export type CampaignBulletin = Static<typeof CampaignBulletin>;

export const CampaignParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const CampaignTaskParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  taskId: Type.Integer({ minimum: 1 }),
});
