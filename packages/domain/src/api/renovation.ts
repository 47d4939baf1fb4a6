import { Type, type Static } from '@sinclair/typebox';
import { CalendarDay, LonLat } from './common.js';
import { MaterialSchema, NetworkSchema, RiskGradeSchema, SegmentProperties } from './networks.js';

const Km = Type.Number({ description: 'Kilometres, to the metre' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SegmentIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' }) },
  { additionalProperties: false },
);
export type SegmentIdParams = Static<typeof SegmentIdParams>;

/** One entry of a segment's failure history. */
export const SegmentHistoryEntry = Type.Object({
  kind: Type.Union(
    ['burst', 'leak', 'repair', 'case', 'alarm'].map((k) => Type.Literal(k)),
    { description: 'burst / leak / repair recorded at the segment; a case or an alarm near it' },
  ),
  day: Type.String({ description: 'YYYY-MM-DD, in the city' }),
  /** The case code or the alarm's device id. */
  ref: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  /** Case category code, or the alarm's metric. */
  code: Nullable(Type.String()),
  /** The case's or alarm's state. */
  state: Nullable(Type.String()),
  distanceM: Nullable(Type.Number({ description: 'Metres from the pipe (cases and alarms)' })),
});
export type SegmentHistoryEntry = Static<typeof SegmentHistoryEntry>;

export const SegmentDetail = Type.Object({
  segment: SegmentProperties,
  geometry: Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(LonLat) }),
  /** Newest first. */
  history: Type.Array(SegmentHistoryEntry),
  counts: Type.Object({
    bursts: Type.Integer(),
    leaks: Type.Integer(),
    repairs: Type.Integer(),
    cases: Type.Integer(),
    alarms: Type.Integer(),
  }),
  /** How far around the pipe cases and alarms count as at it. */
  radiusM: Type.Number(),
  districtName: Nullable(Type.String()),
  districtNameEn: Nullable(Type.String()),
  costFen: Type.Integer({ description: 'Planning cost of renewing the whole segment, fen' }),
  programme: Nullable(
    Type.Object({
      id: Type.Integer(),
      year: Type.Integer(),
      name: Nullable(Type.String()),
      doneDay: Nullable(Type.String()),
    }),
  ),
});
export type SegmentDetail = Static<typeof SegmentDetail>;

/** A new yearly programme for one network, its segments picked by the renewal rules. */
export const ProgrammeCreateBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    network: NetworkSchema,
    targetKm: Type.Number({ minimum: 0.01, maximum: 10000 }),
    materials: Type.Optional(Type.Array(MaterialSchema, { minItems: 1, maxItems: 11, uniqueItems: true })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  },
  { additionalProperties: false },
);
export type ProgrammeCreateBody = Static<typeof ProgrammeCreateBody>;

export const ProgrammeSummary = Type.Object({
  id: Type.Integer(),
  year: Type.Integer(),
  network: NetworkSchema,
  name: Nullable(Type.String({ description: 'The planner’s name; null: named by year and network' })),
  materials: Type.Array(Type.String()),
  targetKm: Km,
  plannedKm: Km,
  segments: Type.Integer(),
  costFen: Type.Integer(),
  doneKm: Km,
  doneSegments: Type.Integer(),
  /** Done km over planned km, 0–100, one decimal. */
  progressPct: Type.Number(),
});
export type ProgrammeSummary = Static<typeof ProgrammeSummary>;

export const ProgrammeListQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
    network: Type.Optional(NetworkSchema),
  },
  { additionalProperties: false },
);
export type ProgrammeListQuery = Static<typeof ProgrammeListQuery>;

export const ProgrammeList = Type.Object({
  items: Type.Array(ProgrammeSummary),
  totals: Type.Object({ targetKm: Km, plannedKm: Km, doneKm: Km, costFen: Type.Integer() }),
});
export type ProgrammeList = Static<typeof ProgrammeList>;

export const ProgrammeIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false },
);
export type ProgrammeIdParams = Static<typeof ProgrammeIdParams>;

export const ProgrammeDetail = Type.Composite([
  ProgrammeSummary,
  Type.Object({
    byMonth: Type.Array(Type.Object({ month: Type.String(), km: Km, cumulativeKm: Km })),
    byDistrict: Type.Array(
      Type.Object({
        districtCode: Nullable(Type.String()),
        districtName: Nullable(Type.String()),
        districtNameEn: Nullable(Type.String()),
        plannedKm: Km,
        doneKm: Km,
        segments: Type.Integer(),
      }),
    ),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        material: Type.String(),
        diameterMm: Type.Integer(),
        installYear: Type.Integer(),
        lengthM: Type.Number(),
        score: Type.Integer(),
        grade: RiskGradeSchema,
        reasons: Type.Array(Type.String()),
        districtCode: Nullable(Type.String()),
        costFen: Type.Integer(),
        doneDay: Nullable(Type.String()),
      }),
    ),
  }),
]);
export type ProgrammeDetail = Static<typeof ProgrammeDetail>;

/** Segments of the programme renewed on a day. */
export const ProgressBody = Type.Object(
  {
    segmentIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      minItems: 1,
      maxItems: 2000,
      uniqueItems: true,
    }),
    day: CalendarDay(),
  },
  { additionalProperties: false },
);
export type ProgressBody = Static<typeof ProgressBody>;
