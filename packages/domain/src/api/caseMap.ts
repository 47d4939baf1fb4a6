import { Type, type Static } from '@sinclair/typebox';
import { CASE_STATES, URGENCIES } from '../cases/states.js';
import { CaseListQuery } from './cases.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** The most cases one map request draws (newest first); `truncated` says when there were more. */
export const CASE_MAP_LIMIT = 10_000;

/**
 * GET /api/cases/map: the desk's filters and queues (GET /api/cases) without paging; without a
 * queue or a state, the open cases (every state but the final ones).
 */
export const CaseMapQuery = Type.Omit(CaseListQuery, ['cursor', 'limit']);
export type CaseMapQuery = Static<typeof CaseMapQuery>;

export const CaseMapPoint = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  state: lit(CASE_STATES),
  kind: lit(['component', 'event'] as const),
  category: Type.String(),
  urgency: lit(URGENCIES),
  overdue: Type.Boolean({ description: 'its current step is past its deadline' }),
});
export type CaseMapPoint = Static<typeof CaseMapPoint>;

export const CaseMapPoints = Type.Object({
  items: Type.Array(CaseMapPoint),
  /** How many cases match (all of them, also beyond the drawn limit). */
  total: Type.Integer({ minimum: 0 }),
  truncated: Type.Boolean(),
  at: Type.String({ format: 'date-time', description: 'the instant overdue was decided at' }),
});
export type CaseMapPoints = Static<typeof CaseMapPoints>;

/**
 * GET /api/cases/hotspots: the unit grids with the most cases reported in a month (the city's
 * calendar month), under the desk's filters. A hotspot's cases are exactly
 * GET /api/cases?gridCode=<grid>&from=<from>&to=<to> with the same filters.
 */
export const HotspotQuery = Type.Composite([
  Type.Omit(CaseListQuery, ['queue', 'state', 'gridCode', 'from', 'to', 'cursor', 'limit']),
  Type.Object({
    month: Type.String({
      pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
      description: 'YYYY-MM in the city’s time zone',
    }),
    top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  }),
]);
export type HotspotQuery = Static<typeof HotspotQuery>;

export const Hotspot = Type.Object({
  gridCode: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  lon: Type.Number({ description: 'the mean position of its cases' }),
  lat: Type.Number(),
  count: Type.Integer({ minimum: 1 }),
  categories: Type.Array(
    Type.Object({
      kind: lit(['component', 'event'] as const),
      category: Type.String(),
      count: Type.Integer({ minimum: 1 }),
    }),
    {
      description: 'its most reported categories, most first (at most three)',
    },
  ),
});
export type Hotspot = Static<typeof Hotspot>;

export const Hotspots = Type.Object({
  month: Type.String(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time', description: 'exclusive' }),
  items: Type.Array(Hotspot),
});
export type Hotspots = Static<typeof Hotspots>;
