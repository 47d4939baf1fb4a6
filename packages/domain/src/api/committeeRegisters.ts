import { Type, type Static } from '@sinclair/typebox';

/**
 * The committee's registers beside its campaigns (issue 23): commitments (承诺事项, the joint problem
 * areas of 合管), community liaison (双管双责: cadres, communities, contact points) and the approved
 * seasonal business sites (beer plazas, barbecue sites, night markets).
 */
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Photos = Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 9 });
const DateKey = Type.String({ format: 'date' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });

// ---- Commitments (承诺事项) ----

export const COMMITMENT_STATES = ['on_track', 'late', 'done', 'overdue'] as const;
export type CommitmentState = (typeof COMMITMENT_STATES)[number];

export const CommitmentMilestone = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  titleEn: Type.String(),
  due: DateKey,
  doneOn: Nullable(DateKey),
  /** Due before today and not done: escalated to supervision (督办). */
  late: Type.Boolean(),
});
export type CommitmentMilestone = Static<typeof CommitmentMilestone>;

export const CommitmentInspection = Type.Object({
  id: Type.Integer(),
  inspectedOn: DateKey,
  passed: Type.Boolean(),
  note: Type.String(),
  photos: Type.Array(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseCode: Nullable(Type.String()),
});
export type CommitmentInspection = Static<typeof CommitmentInspection>;

export const CommitmentView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  title: Type.String(),
  titleEn: Type.String(),
  streetCode: Type.String(),
  place: Type.String(),
  placeEn: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  memberId: Type.Integer({ description: 'The committee member answerable for the area' }),
  partnerIds: Type.Array(Type.Integer()),
  measures: Type.String(),
  measuresEn: Type.String(),
  startDate: DateKey,
  deadline: DateKey,
  /**
   * done: every milestone done; overdue: the deadline passed short of that; late: a milestone is
   * late (escalated to supervision, 督办); on_track otherwise.
   */
  state: lit(COMMITMENT_STATES),
  escalated: Type.Boolean({ description: 'A milestone or the deadline is late: under supervision (督办)' }),
  milestones: Type.Array(CommitmentMilestone),
  milestonesDone: Type.Integer(),
  inspections: Type.Integer(),
  failedInspections: Type.Integer(),
});
export type CommitmentView = Static<typeof CommitmentView>;

export const CommitmentList = Type.Object({
  items: Type.Array(CommitmentView),
  total: Type.Integer(),
  escalated: Type.Integer(),
  done: Type.Integer(),
});
export type CommitmentList = Static<typeof CommitmentList>;

export const CommitmentDetail = Type.Composite([
  CommitmentView,
  Type.Object({ inspectionLog: Type.Array(CommitmentInspection) }),
]);
export type CommitmentDetail = Static<typeof CommitmentDetail>;

export const CommitmentParams = Type.Object({ id: Id });
export const MilestoneParams = Type.Object({ id: Id, milestoneId: Id });

export const CommitmentInspectionInput = Type.Object(
  {
    inspectedOn: DateKey,
    passed: Type.Boolean(),
    note: Type.String({ minLength: 1, maxLength: 1000 }),
    /** A failed inspection's case: its event category (required when not passed). */
    category: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
    lon: Type.Optional(Lon),
    lat: Type.Optional(Lat),
    photos: Type.Optional(Photos),
  },
  { additionalProperties: false },
);
export type CommitmentInspectionInput = Static<typeof CommitmentInspectionInput>;

export const MilestoneDoneInput = Type.Object({ doneOn: Nullable(DateKey) }, { additionalProperties: false });
export type MilestoneDoneInput = Static<typeof MilestoneDoneInput>;

// ---- Community liaison (双管双责) ----

export const LiaisonPoint = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  hours: Type.String(),
  hoursEn: Type.String(),
  cadres: Type.Integer(),
});
export type LiaisonPoint = Static<typeof LiaisonPoint>;

export const LiaisonCommunity = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  streetCode: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  cadres: Type.Integer(),
  points: Type.Array(LiaisonPoint),
});
export type LiaisonCommunity = Static<typeof LiaisonCommunity>;

export const LiaisonOverview = Type.Object({
  cadres: Type.Integer(),
  communities: Type.Integer(),
  points: Type.Integer(),
  items: Type.Array(LiaisonCommunity),
  byDepartment: Type.Array(Type.Object({ departmentId: Type.Integer(), cadres: Type.Integer() })),
});
export type LiaisonOverview = Static<typeof LiaisonOverview>;

export const LiaisonCadre = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String(),
  departmentId: Type.Integer(),
  communityId: Type.Integer(),
  pointId: Nullable(Type.Integer()),
});
export type LiaisonCadre = Static<typeof LiaisonCadre>;
export const LiaisonCadreList = Type.Object({ items: Type.Array(LiaisonCadre) });
export type LiaisonCadreList = Static<typeof LiaisonCadreList>;

export const LiaisonCommunityParams = Type.Object({ id: Id });

export const LiaisonCadreInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    phone: Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }),
    departmentId: Id,
    communityId: Id,
    pointId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type LiaisonCadreInput = Static<typeof LiaisonCadreInput>;

// ---- Approved sites ----

export const SITE_KINDS = ['beer_plaza', 'barbecue', 'night_market'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
/** pending: not yet valid; expiring: within 30 days of its end; expired: past it. */
export const PERMIT_STATES = ['pending', 'valid', 'expiring', 'expired'] as const;
export type PermitState = (typeof PERMIT_STATES)[number];

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const ApprovedSite = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  kind: lit(SITE_KINDS),
  name: Type.String(),
  nameEn: Type.String(),
  operatorName: Type.String(),
  streetCode: Type.String(),
  address: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  opens: Type.String(),
  closes: Type.String(),
  conditions: Type.String(),
  conditionsEn: Type.String(),
  permitNo: Type.String(),
  validFrom: DateKey,
  validTo: DateKey,
  permit: lit(PERMIT_STATES),
  /** Days from today to the permit's last day (negative once expired). */
  daysLeft: Type.Integer(),
});
export type ApprovedSite = Static<typeof ApprovedSite>;

export const ApprovedSiteList = Type.Object({
  items: Type.Array(ApprovedSite),
  byKind: Type.Object({ beer_plaza: Type.Integer(), barbecue: Type.Integer(), night_market: Type.Integer() }),
  byPermit: Type.Object({
    pending: Type.Integer(),
    valid: Type.Integer(),
    expiring: Type.Integer(),
    expired: Type.Integer(),
  }),
});
export type ApprovedSiteList = Static<typeof ApprovedSiteList>;

export const ApprovedSiteInput = Type.Object(
  {
    kind: lit(SITE_KINDS),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    operatorName: Type.String({ minLength: 1, maxLength: 100 }),
    streetCode: Type.String({ pattern: '^[0-9]{9}$' }),
    address: Type.String({ minLength: 1, maxLength: 200 }),
    lon: Lon,
    lat: Lat,
    opens: Clock,
    closes: Clock,
    conditions: Type.String({ maxLength: 1000 }),
    conditionsEn: Type.Optional(Type.String({ maxLength: 1000 })),
    permitNo: Type.String({ minLength: 1, maxLength: 50 }),
    validFrom: DateKey,
    validTo: DateKey,
  },
  { additionalProperties: false },
);
export type ApprovedSiteInput = Static<typeof ApprovedSiteInput>;
