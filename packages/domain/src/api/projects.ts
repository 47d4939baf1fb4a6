import { Type, type Static } from '@sinclair/typebox';

/** Kinds of major project: plants of the bureau's 2022 programme, network renewal, other works. */
export const PROJECT_TYPES = [
  'water_plant',
  'sewage_plant',
  'waste_digestion',
  'sludge_incineration',
  'kitchen_waste',
  'heating_centre',
  'network_renewal',
  'other',
] as const;
export const PROJECT_STATUSES = ['planned', 'under_construction', 'in_service', 'suspended'] as const;
export const CAPACITY_UNITS = ['m3_per_day', 't_per_day', 'm2'] as const;

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ProjectMilestone = Type.Object({
  seq: Type.Integer(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  dueDate: Type.String({ format: 'date' }),
  doneDate: Nullable(Type.String({ format: 'date' })),
  /** Past its due date and not done, on the city's today. */
  late: Type.Boolean(),
});

export const ProjectView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  type: lit(PROJECT_TYPES),
  owner: Type.String(),
  budgetFen: Nullable(Type.Integer({ description: 'Budget in fen (1/100 yuan)' })),
  capacity: Nullable(Type.Number()),
  capacityLater: Nullable(Type.Number()),
  capacityUnit: Nullable(lit(CAPACITY_UNITS)),
  progressPct: Type.Integer({ minimum: 0, maximum: 100 }),
  status: lit(PROJECT_STATUSES),
  startYear: Nullable(Type.Integer()),
  endYear: Nullable(Type.Integer()),
  milestones: Type.Array(ProjectMilestone),
});
export type ProjectView = Static<typeof ProjectView>;

export const ProjectListQuery = Type.Object(
  { type: Type.Optional(lit(PROJECT_TYPES)), status: Type.Optional(lit(PROJECT_STATUSES)) },
  { additionalProperties: false },
);
export type ProjectListQuery = Static<typeof ProjectListQuery>;

export const ProjectList = Type.Object({ items: Type.Array(ProjectView) });
export type ProjectList = Static<typeof ProjectList>;

/** Plant capacity vs demand: each plant's capacity, today's throughput and the 15-year projection. */
export const CapacityItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  type: lit(PROJECT_TYPES),
  status: lit(PROJECT_STATUSES),
  capacityUnit: Nullable(lit(CAPACITY_UNITS)),
  capacity: Nullable(Type.Number()),
  capacityLater: Nullable(Type.Number()),
  throughput: Nullable(Type.Number({ description: 'Daily throughput (or heated area) today' })),
  growthPct: Nullable(Type.Number({ description: 'The admin’s yearly growth assumption of the demand, %' })),
  /** Throughput over capacity today, %, one decimal. */
  utilisationPct: Nullable(Type.Number()),
  projection: Type.Array(Type.Object({ year: Type.Integer(), demand: Type.Number() })),
  /** The first year the demand exceeds the capacity now / the later capacity (null: not within 15 years). */
  shortYear: Nullable(Type.Integer()),
  shortYearLater: Nullable(Type.Integer()),
});
export type CapacityItem = Static<typeof CapacityItem>;

export const CapacityReport = Type.Object({
  baseYear: Type.Integer(),
  years: Type.Integer(),
  items: Type.Array(CapacityItem),
});
export type CapacityReport = Static<typeof CapacityReport>;

export const ProjectIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false },
);
export type ProjectIdParams = Static<typeof ProjectIdParams>;

/** The admin's assumptions for one plant: today's throughput and the demand's yearly growth. */
export const CapacityAssumptionBody = Type.Object(
  {
    throughput: Type.Number({ minimum: 0, maximum: 1e9 }),
    growthPct: Type.Number({ minimum: -20, maximum: 50 }),
  },
  { additionalProperties: false },
);
export type CapacityAssumptionBody = Static<typeof CapacityAssumptionBody>;
