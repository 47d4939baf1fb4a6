import { Type, type Static } from '@sinclair/typebox';
import { CalendarDay, Nullable } from './common.js';

const DateKey = CalendarDay({ description: 'Local date YYYY-MM-DD' });
const MonthKey = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Local month YYYY-MM' });

export const WASTE_FACILITY_KINDS = [
  'collection_point',
  'restaurant',
  'transfer_station',
  'treatment_plant',
] as const;
export const WASTE_STREAMS = ['mixed', 'kitchen', 'recyclable', 'hazardous', 'other'] as const;
const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** A collection point, a registered restaurant (kitchen waste), a transfer station or a plant. */
export const WasteFacility = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  kind: lit(WASTE_FACILITY_KINDS),
  stream: lit(WASTE_STREAMS),
  name: Type.String(),
  nameEn: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  districtCode: Nullable(Type.String()),
  capacityT: Nullable(Type.Number({ description: 'Tonnes a day (stations and plants)' })),
});
export type WasteFacility = Static<typeof WasteFacility>;
export const WasteFacilityList = Type.Object({ items: Type.Array(WasteFacility) });
export type WasteFacilityList = Static<typeof WasteFacilityList>;

export const WasteDayQuery = Type.Object({ date: DateKey });
export type WasteDayQuery = Static<typeof WasteDayQuery>;

/** One weighbridge record (地磅): a truck weighed in at a station or plant. */
export const Weighing = Type.Object({
  id: Type.Integer(),
  facilityId: Type.Integer(),
  facilityCode: Type.String(),
  truck: Type.String({ description: 'The truck: its device id or plate' }),
  stream: lit(WASTE_STREAMS),
  weighedAt: Type.String(),
  grossKg: Type.Number(),
  tareKg: Type.Number(),
  netT: Type.Number({ description: 'Net tonnes (gross − tare)' }),
});
export type Weighing = Static<typeof Weighing>;

export const NewWeighing = Type.Object({
  facilityCode: Type.String({ minLength: 1, maxLength: 40 }),
  truck: Type.String({ minLength: 1, maxLength: 40 }),
  stream: lit(WASTE_STREAMS),
  weighedAt: Type.Optional(Type.String({ format: 'date-time' })),
  grossKg: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
  tareKg: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
});
export type NewWeighing = Static<typeof NewWeighing>;

/** A day of a station or plant: trips and tonnes against its capacity, and per truck. */
export const WasteDayReport = Type.Object({
  date: Type.String(),
  stations: Type.Array(
    Type.Object({
      facilityId: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      kind: lit(WASTE_FACILITY_KINDS),
      capacityT: Nullable(Type.Number()),
      trips: Type.Integer(),
      tonnes: Type.Number(),
      load: Nullable(Type.Number({ description: 'tonnes / capacity' })),
      kitchenT: Type.Number(),
    }),
  ),
  trucks: Type.Array(Type.Object({ truck: Type.String(), trips: Type.Integer(), tonnes: Type.Number() })),
  weighings: Type.Array(Weighing),
  totals: Type.Object({
    trips: Type.Integer(),
    tonnes: Type.Number({ description: 'Received at transfer stations and plants' }),
    kitchenT: Type.Number(),
    capacityT: Type.Number(),
  }),
});
export type WasteDayReport = Static<typeof WasteDayReport>;

/** The garbage trucks' visits to collection points that day, from their telemetry (bin lift near a point). */
export const CollectionVisits = Type.Object({
  date: Type.String(),
  points: Type.Array(
    Type.Object({
      facilityId: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      kind: lit(WASTE_FACILITY_KINDS),
      lon: Type.Number(),
      lat: Type.Number(),
      visits: Type.Array(Type.Object({ truck: Type.String(), at: Type.String() })),
    }),
  ),
  totals: Type.Object({ points: Type.Integer(), visited: Type.Integer(), visits: Type.Integer() }),
});
export type CollectionVisits = Static<typeof CollectionVisits>;

/** Waste sorting (垃圾分类): a participating compound. */
export const SortingCompound = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  community: Type.String(),
  communityEn: Type.String(),
  households: Type.Integer(),
  participating: Type.Integer(),
  pilot: Type.Boolean(),
  lon: Type.Number(),
  lat: Type.Number(),
});
export type SortingCompound = Static<typeof SortingCompound>;

export const SortingMonthQuery = Type.Object({ month: MonthKey });
export type SortingMonthQuery = Static<typeof SortingMonthQuery>;

/** The share correctly sorted per community in a month (correct / checked over its inspections). */
export const SortingMonthReport = Type.Object({
  month: Type.String(),
  communities: Type.Array(
    Type.Object({
      community: Type.String(),
      communityEn: Type.String(),
      compounds: Type.Integer(),
      households: Type.Integer(),
      participating: Type.Integer(),
      inspections: Type.Integer(),
      checked: Type.Integer(),
      correct: Type.Integer(),
      share: Nullable(Type.Number({ description: 'correct / checked, 0–1; null without inspections' })),
    }),
  ),
  compounds: Type.Array(SortingCompound),
  totals: Type.Object({
    households: Type.Integer(),
    participating: Type.Integer(),
    checked: Type.Integer(),
    correct: Type.Integer(),
    share: Nullable(Type.Number()),
  }),
});
export type SortingMonthReport = Static<typeof SortingMonthReport>;

export const NewSortingInspection = Type.Object({
  compoundCode: Type.String({ minLength: 1, maxLength: 40 }),
  date: DateKey,
  checked: Type.Integer({ minimum: 1, maximum: 10_000 }),
  correct: Type.Integer({ minimum: 0, maximum: 10_000 }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type NewSortingInspection = Static<typeof NewSortingInspection>;
