import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';
import { CaseSummary } from './cases.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** The periods the cockpit reads: a day, a month or a year holding `date` (city time zone). */
export const COCKPIT_PERIODS = ['day', 'month', 'year'] as const;
export type CockpitPeriod = (typeof COCKPIT_PERIODS)[number];

/**
 * The modules the cockpit reads, in the order of its wall. A module not in the node (not merged
 * yet, or left out of `modules/list.ts`) gives its tiles as `missing`; a module that offers
 * `cockpitTiles` adds its own tiles.
 */
export const COCKPIT_MODULES = [
  'evaluation',
  'cases',
  'assessment',
  'hotline',
  'visitFigures',
  'utilities',
  'alarms',
  'emergency',
  'networks',
  'projects',
  'sanitation',
  'committee',
  'contracts',
] as const;

export const COCKPIT_UNITS = [
  'count',
  'rate',
  'km',
  'm3h',
  'mpa',
  'celsius',
  'score',
  'level',
  'percent',
] as const;
export type CockpitUnit = (typeof COCKPIT_UNITS)[number];

export const CockpitQuery = Type.Object(
  {
    period: Type.Optional(lit(COCKPIT_PERIODS)),
    date: Type.Optional(
      Type.String({
        format: 'date',
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'A day inside the period (city time zone); default today',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CockpitQuery = Static<typeof CockpitQuery>;

/** One part of a tile's figure: a district, a source, a severity, a sector … */
export const CockpitItem = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  value: Nullable(Type.Number()),
  previous: Type.Optional(Nullable(Type.Number())),
  lastYear: Type.Optional(Nullable(Type.Number())),
  rank: Type.Optional(Nullable(Type.Integer())),
  /** Further figures of the row (overdue cases of a district, a project's late milestones …). */
  extra: Type.Optional(Type.Record(Type.String(), Nullable(Type.Union([Type.Number(), Type.String()])))),
});
export type CockpitItem = Static<typeof CockpitItem>;

export const CockpitTile = Type.Object({
  key: Type.String({ description: 'e.g. cases.received, utilities.online' }),
  module: Type.String({ description: 'The module whose own service gives the figure' }),
  status: lit(['ok', 'missing', 'failed'] as const),
  message: Type.Optional(Type.String()),
  unit: lit(COCKPIT_UNITS),
  /** A reading of now (devices, alarms, levels): no history, so no change. */
  live: Type.Boolean(),
  /** What period the figure covers (for a live tile: the moment it was read). */
  from: Type.String(),
  to: Type.String(),
  value: Nullable(Type.Number()),
  previous: Nullable(Type.Number({ description: 'The previous period (day, month or year)' })),
  lastYear: Nullable(Type.Number({ description: 'The same period a year before' })),
  change: Nullable(Type.Number({ description: 'value − previous' })),
  changeLastYear: Nullable(Type.Number({ description: 'value − lastYear' })),
  items: Type.Array(CockpitItem),
  /** The drill-down behind the figure: `cases:<metric>` (evaluation), `alarms`, `devices:<sector>` … */
  drill: Nullable(Type.String()),
});
export type CockpitTile = Static<typeof CockpitTile>;

export const CockpitResponse = Type.Object({
  period: lit(COCKPIT_PERIODS),
  date: Type.String(),
  from: Type.String(),
  to: Type.String(),
  previousDate: Type.String(),
  lastYearDate: Type.String(),
  partial: Type.Boolean({ description: 'The period has not ended yet: figures so far' }),
  generatedAt: Type.String(),
  modules: Type.Array(Type.Object({ name: Type.String(), present: Type.Boolean() })),
  tiles: Type.Array(CockpitTile),
});
export type CockpitResponse = Static<typeof CockpitResponse>;

/** Drill from a case figure to its cases: one district (code) or one unit (id). */
export const CockpitCasesQuery = Type.Object(
  {
    ...CockpitQuery.properties,
    metric: lit([
      'reported',
      'valid',
      'filed',
      'closed',
      'closedOnTime',
      'rework',
      'extensions',
      'overduePending',
      'disposed',
    ] as const),
    district: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$' })),
    unit: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}$' })),
    cursor: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type CockpitCasesQuery = Static<typeof CockpitCasesQuery>;

export const CockpitCaseList = Type.Object({
  items: Type.Array(
    Type.Intersect([
      CaseSummary,
      Type.Object({ counted: Type.Integer(), countedAt: Type.Array(Type.String()) }),
    ]),
  ),
  nextCursor: Nullable(Type.Integer()),
});
export type CockpitCaseList = Static<typeof CockpitCaseList>;

export const CockpitAlarmsQuery = Type.Object(
  { severity: Type.Optional(lit(['warning', 'minor', 'major', 'critical'] as const)) },
  { additionalProperties: false },
);
export type CockpitAlarmsQuery = Static<typeof CockpitAlarmsQuery>;

export const CockpitAlarm = Type.Object({
  id: Type.Integer(),
  deviceId: Type.String(),
  deviceName: Nullable(Type.String()),
  deviceType: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  metric: Type.String(),
  severity: Type.String(),
  state: Type.String(),
  value: Nullable(Type.Number()),
  raisedAt: Type.String(),
});
export const CockpitAlarmList = Type.Object({ items: Type.Array(CockpitAlarm) });
export type CockpitAlarmList = Static<typeof CockpitAlarmList>;

export const CockpitDevicesQuery = Type.Object(
  {
    sector: Type.String({ pattern: '^[a-z_]{1,40}$' }),
    status: Type.Optional(lit(['online', 'offline', 'unknown'] as const)),
  },
  { additionalProperties: false },
);
export type CockpitDevicesQuery = Static<typeof CockpitDevicesQuery>;
export const CockpitDevice = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String(),
  status: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  worstAlarm: Nullable(Type.String()),
});
export const CockpitDeviceList = Type.Object({ items: Type.Array(CockpitDevice) });
export type CockpitDeviceList = Static<typeof CockpitDeviceList>;

/** A leaders' monthly report (领导月报) in the archive. */
export const CockpitReportView = Type.Object({
  id: Type.Integer(),
  period: lit(COCKPIT_PERIODS),
  date: Type.String(),
  title: Type.String(),
  titleEn: Type.String(),
  from: Type.String(),
  to: Type.String(),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
});
export type CockpitReportView = Static<typeof CockpitReportView>;
export const CockpitReportList = Type.Object({ items: Type.Array(CockpitReportView) });
export type CockpitReportList = Static<typeof CockpitReportList>;
export const CockpitReportBody = Type.Object(
  { period: lit(COCKPIT_PERIODS), date: CockpitQuery.properties.date },
  { additionalProperties: false },
);
export type CockpitReportBody = Static<typeof CockpitReportBody>;
export const CockpitReportDetail = Type.Object({
  report: CockpitReportView,
  data: CockpitResponse,
  worst: Type.Array(
    Type.Object({
      kind: lit(['district', 'unit'] as const),
      id: Type.String(),
      name: Type.String(),
      nameEn: Nullable(Type.String()),
      overdue: Type.Integer(),
      cases: Type.Array(
        Type.Object({
          id: Type.Integer(),
          code: Type.String(),
          description: Type.String(),
          state: Type.String(),
        }),
      ),
    }),
  ),
});
export type CockpitReportDetail = Static<typeof CockpitReportDetail>;

/**
 * What the cockpit hands a module's `cockpitTiles` (a module merged later offers it to add its
 * own tiles): the period and the days of its two comparisons, as YYYY-MM-DD in the city's zone.
 */
export interface CockpitTileContext {
  period: CockpitPeriod;
  date: string;
  previousDate: string;
  lastYearDate: string;
  from: Date;
  to: Date;
  now: Date;
}

/** A module's own contribution to the cockpit (through its offer). */
export interface CockpitTileSource {
  cockpitTiles(ctx: CockpitTileContext): Promise<CockpitTile[]>;
}
