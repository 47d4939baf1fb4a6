import { Type, type Static } from '@sinclair/typebox';
import { CalendarDay, Nullable } from './common.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Clock = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Local time HH:MM' });

export const MUNICIPAL_KINDS = ['road', 'bridge', 'manhole', 'streetlight_cabinet'] as const;
export type MunicipalKind = (typeof MUNICIPAL_KINDS)[number];

/** A municipal facility (市政设施): a road segment, a bridge, a manhole cover or a street-light cabinet. */
export const MunicipalFacility = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  kind: lit(MUNICIPAL_KINDS),
  subtype: Type.String({
    description: 'road: class A–D; bridge: structure; manhole: ordinary / anti_subsidence',
  }),
  name: Type.String(),
  nameEn: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  line: Nullable(Type.Array(Type.Tuple([Type.Number(), Type.Number()]))),
  districtCode: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  condition: Nullable(Type.Number({ description: 'road: PCI 0–100; bridge: grade 1–5' })),
  rating: Nullable(Type.String({ description: 'road: good/fair/poor/bad; bridge: 1类…5类' })),
  lastInspection: Nullable(Type.String()),
  openCaseCode: Nullable(Type.String()),
  lamps: Nullable(Type.Integer({ description: 'street-light cabinets: lamps on its circuits' })),
});
export type MunicipalFacility = Static<typeof MunicipalFacility>;

export const MunicipalFacilityQuery = Type.Object({ kind: Type.Optional(lit(MUNICIPAL_KINDS)) });
export type MunicipalFacilityQuery = Static<typeof MunicipalFacilityQuery>;
export const MunicipalFacilityList = Type.Object({ items: Type.Array(MunicipalFacility) });
export type MunicipalFacilityList = Static<typeof MunicipalFacilityList>;

export const FacilityIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** The subtypes a facility of each kind may have (its register's classification). */
export const MUNICIPAL_SUBTYPES: Record<MunicipalKind, readonly string[]> = {
  road: ['A', 'B', 'C', 'D'],
  bridge: ['girder', 'arch', 'slab'],
  manhole: ['ordinary', 'anti_subsidence'],
  streetlight_cabinet: [''],
};

/** An edit of a facility's register attributes (audited); what is left out stays. */
export const MunicipalFacilityPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    subtype: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'road A–D; bridge girder/arch/slab; manhole ordinary/anti_subsidence',
      }),
    ),
    lamps: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 5000, description: 'street-light cabinets only' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MunicipalFacilityPatch = Static<typeof MunicipalFacilityPatch>;

export const NewMunicipalInspection = Type.Object({
  condition: Type.Optional(
    Type.Number({ minimum: 0, maximum: 100, description: 'road PCI or bridge grade 1–5' }),
  ),
  defect: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'A defect found: opens a case to the unit in charge',
    }),
  ),
});
export type NewMunicipalInspection = Static<typeof NewMunicipalInspection>;

export const MunicipalInspection = Type.Object({
  id: Type.Integer(),
  facilityId: Type.Integer(),
  at: Type.String(),
  condition: Nullable(Type.Number()),
  defect: Nullable(Type.String()),
  inspector: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseCode: Nullable(Type.String()),
});
export type MunicipalInspection = Static<typeof MunicipalInspection>;
export const MunicipalInspectionList = Type.Object({ items: Type.Array(MunicipalInspection) });
export type MunicipalInspectionList = Static<typeof MunicipalInspectionList>;

/** A street-light cabinet (路灯控制箱) now: its circuits, current, fault, and tonight's schedule. */
export const Streetlight = Type.Object({
  facilityId: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  deviceId: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  lamps: Type.Integer(),
  link: Type.String({ description: 'online / offline / never' }),
  on: Nullable(Type.Boolean()),
  currentA: Nullable(Type.Number()),
  voltageV: Nullable(Type.Number()),
  fault: Type.Boolean(),
  scheduledOn: Type.Boolean({ description: 'The schedule says lights on now (sunset to sunrise)' }),
  lightsOut: Type.Boolean({ description: 'Scheduled on but off, faulted, or drawing no current' }),
  caseCode: Nullable(Type.String({ description: "Today's case of a fault or lights out" })),
  readAt: Nullable(Type.String()),
});
export type Streetlight = Static<typeof Streetlight>;

export const StreetlightList = Type.Object({
  date: Type.String(),
  schedule: Type.Object({
    on: Clock,
    off: Clock,
    sunset: Clock,
    sunrise: Clock,
    season: Type.String({ description: 'winter / summer timetable' }),
  }),
  items: Type.Array(Streetlight),
  totals: Type.Object({
    cabinets: Type.Integer(),
    on: Type.Integer(),
    lightsOut: Type.Integer(),
    faults: Type.Integer(),
  }),
});
export type StreetlightList = Static<typeof StreetlightList>;

export const StreetlightCasesResult = Type.Object({
  opened: Type.Array(
    Type.Object({ deviceId: Type.String(), caseId: Type.Integer(), caseCode: Type.String() }),
  ),
});
export type StreetlightCasesResult = Static<typeof StreetlightCasesResult>;

// ── Outside the remit (权限外问题) ─────────────────────────────────────────────
export const REMIT_PARTIES = ['developer', 'property_manager', 'utility_company', 'other'] as const;
export const REMIT_APPROVALS = ['none', 'pending', 'approved', 'rejected'] as const;
export const REMIT_RECOVERIES = ['none', 'pending', 'partial', 'recovered', 'written_off'] as const;

export const RemitStep = Type.Object({ at: Type.String(), by: Type.String(), note: Type.String() });

export const RemitCase = Type.Object({
  caseId: Type.Integer(),
  caseCode: Type.String(),
  partyKind: lit(REMIT_PARTIES),
  partyName: Type.String(),
  steps: Type.Array(RemitStep),
  advance: Type.Boolean({ description: 'The bureau fixes it itself and advances the cost (垫资)' }),
  costYuan: Type.Number(),
  approval: lit(REMIT_APPROVALS),
  approvedBy: Nullable(Type.String()),
  recovery: lit(REMIT_RECOVERIES),
  recoveredYuan: Type.Number(),
  openedAt: Type.String(),
  updatedAt: Type.String(),
});
export type RemitCase = Static<typeof RemitCase>;

export const RemitCaseQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
});
export type RemitCaseQuery = Static<typeof RemitCaseQuery>;

export const RemitCaseList = Type.Object({
  items: Type.Array(RemitCase),
  years: Type.Array(
    Type.Object({
      year: Type.Integer(),
      count: Type.Integer(),
      advances: Type.Integer(),
      amountYuan: Type.Number(),
      recoveredYuan: Type.Number(),
    }),
  ),
});
export type RemitCaseList = Static<typeof RemitCaseList>;

export const NewRemitCase = Type.Object({
  caseId: Type.Integer({ minimum: 1 }),
  partyKind: lit(REMIT_PARTIES),
  partyName: Type.String({ minLength: 1, maxLength: 200 }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type NewRemitCase = Static<typeof NewRemitCase>;

export const RemitCaseParams = Type.Object({ caseId: Type.Integer({ minimum: 1 }) });

export const RemitUpdate = Type.Object({
  step: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'A coordination step' })),
  advance: Type.Optional(Type.Boolean()),
  costYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
  approval: Type.Optional(lit(REMIT_APPROVALS)),
  recovery: Type.Optional(lit(REMIT_RECOVERIES)),
  recoveredYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000_000 })),
});
export type RemitUpdate = Static<typeof RemitUpdate>;

// ── Road-cut permits (占道挖掘 / 掘路) ─────────────────────────────────────────
export const ROADCUT_APPLICANTS = ['utility_company', 'developer', 'telecom', 'other'] as const;
export const ROADCUT_STATES = ['applied', 'approved', 'rejected', 'reinstated', 'check_failed'] as const;
/** Where a permit stands today (derived from its state and window). */
export const ROADCUT_PHASES = [
  'applied',
  'rejected',
  'scheduled',
  'digging',
  'reinstating',
  'overdue',
  'reinstated',
  'check_failed',
] as const;
export type RoadCutPhase = (typeof ROADCUT_PHASES)[number];
const Day = CalendarDay({ description: 'Local date YYYY-MM-DD' });

export const RoadCutPermit = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  roadId: Type.Integer(),
  roadName: Type.String(),
  roadNameEn: Type.String(),
  applicant: Type.String(),
  applicantKind: lit(ROADCUT_APPLICANTS),
  purpose: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  lengthM: Type.Number(),
  widthM: Type.Number(),
  areaM2: Type.Number(),
  startDay: Type.String(),
  endDay: Type.String(),
  reinstateBy: Type.String({ description: 'Reinstatement deadline (恢复期限)' }),
  state: lit(ROADCUT_STATES),
  phase: lit(ROADCUT_PHASES),
  appliedBy: Nullable(Type.String()),
  appliedAt: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  checkedBy: Nullable(Type.String()),
  checkedAt: Nullable(Type.String()),
  checkNote: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseCode: Nullable(Type.String({ description: 'The case a failed reinstatement check opened' })),
});
export type RoadCutPermit = Static<typeof RoadCutPermit>;

export const RoadCutFinding = Type.Object({
  id: Type.Integer(),
  roadId: Nullable(Type.Integer()),
  lon: Type.Number(),
  lat: Type.Number(),
  note: Type.String(),
  foundBy: Nullable(Type.String()),
  foundAt: Type.String(),
  caseId: Type.Integer(),
  caseCode: Type.String(),
});
export type RoadCutFinding = Static<typeof RoadCutFinding>;

export const RoadCutQuery = Type.Object({ phase: Type.Optional(lit(ROADCUT_PHASES)) });
export type RoadCutQuery = Static<typeof RoadCutQuery>;

export const RoadCutList = Type.Object({
  date: Type.String({ description: 'Today (local), against which the phases are read' }),
  items: Type.Array(RoadCutPermit),
  findings: Type.Array(RoadCutFinding),
  totals: Type.Object({
    permits: Type.Integer(),
    applied: Type.Integer(),
    digging: Type.Integer(),
    overdue: Type.Integer(),
    reinstated: Type.Integer(),
    checkFailed: Type.Integer(),
    unpermitted: Type.Integer(),
  }),
});
export type RoadCutList = Static<typeof RoadCutList>;

export const NewRoadCutPermit = Type.Object(
  {
    roadId: Type.Integer({ minimum: 1 }),
    applicant: Type.String({ minLength: 1, maxLength: 200 }),
    applicantKind: lit(ROADCUT_APPLICANTS),
    purpose: Type.String({ minLength: 1, maxLength: 500 }),
    lengthM: Type.Number({ exclusiveMinimum: 0, maximum: 5000 }),
    widthM: Type.Number({ exclusiveMinimum: 0, maximum: 50 }),
    startDay: Day,
    endDay: Day,
    reinstateBy: Day,
  },
  { additionalProperties: false },
);
export type NewRoadCutPermit = Static<typeof NewRoadCutPermit>;

export const RoadCutParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const RoadCutDecision = Type.Object(
  {
    decision: lit(['approved', 'rejected'] as const),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RoadCutDecision = Static<typeof RoadCutDecision>;

export const RoadCutCheck = Type.Object(
  {
    result: lit(['passed', 'failed'] as const),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RoadCutCheck = Static<typeof RoadCutCheck>;

export const NewRoadCutFinding = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    note: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type NewRoadCutFinding = Static<typeof NewRoadCutFinding>;

/** An inspector's report of a cut: either it is covered by a permit in force, or it opened a case. */
export const RoadCutFindingResult = Type.Object({
  permitted: Type.Boolean(),
  permitCode: Nullable(Type.String({ description: 'The permit in force that covers the cut' })),
  finding: Nullable(RoadCutFinding),
});
export type RoadCutFindingResult = Static<typeof RoadCutFindingResult>;
