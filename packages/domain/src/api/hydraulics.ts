import { Type, type Static } from '@sinclair/typebox';

/** REST shapes of the hydraulic tools (issue 22): the check of a water command, the shutdown impact. */

export const HydraulicCheckBody = Type.Object(
  {
    deviceId: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'A water device: plant or booster station',
    }),
    name: Type.String({ minLength: 1, maxLength: 64, description: 'The command, e.g. set_pressure' }),
    params: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    minPressureMPa: Type.Optional(
      Type.Number({
        minimum: 0.05,
        maximum: 0.6,
        description: 'Minimum service pressure at any junction (0.14 MPa unless given)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type HydraulicCheckBody = Static<typeof HydraulicCheckBody>;

const Summary = Type.Object({
  minPressureMPa: Type.Number(),
  meanPressureMPa: Type.Number(),
  maxPressureMPa: Type.Number(),
  lowNodes: Type.Integer({ description: 'Junctions below the minimum service pressure' }),
  fastPipes: Type.Integer({ description: 'Pipes faster than the maximum velocity' }),
  sourceFlowLps: Type.Number({ description: "The checked device's outflow (L/s)" }),
});
export type HydraulicSummary = Static<typeof Summary>;

export const HydraulicWarning = Type.Object({
  code: Type.Union([Type.Literal('low_pressure'), Type.Literal('high_velocity')]),
  /** A junction (N…) or a segment id. */
  id: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  value: Type.Number({ description: 'MPa for a pressure, m/s for a velocity' }),
  current: Type.Union([Type.Number(), Type.Null()], { description: 'The same under the present settings' }),
});
export type HydraulicWarning = Static<typeof HydraulicWarning>;

export const HydraulicCheckResult = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('no_result')]),
  /** Why there is no result: not_converged | no_network | not_connected | command_not_modelled. */
  reason: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()], { description: "EPANET's own words, when it failed" }),
  device: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }),
  command: Type.Object({
    name: Type.String(),
    params: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  }),
  minPressureMPa: Type.Number(),
  maxVelocityMs: Type.Number(),
  model: Type.Object({
    junctions: Type.Integer(),
    pipes: Type.Integer(),
    sources: Type.Integer(),
    demandLps: Type.Number(),
    engine: Type.String(),
  }),
  current: Type.Union([Summary, Type.Null()]),
  proposed: Type.Union([Summary, Type.Null()]),
  /** Below standards under the proposed command, worst first (at most 200). */
  warnings: Type.Array(HydraulicWarning),
  /** Every modelled segment: [id, pressure (MPa, the lower end), velocity (m/s)] under the proposal. */
  segments: Type.Array(Type.Tuple([Type.String(), Type.Number(), Type.Number()])),
  solveMs: Type.Number(),
});
export type HydraulicCheckResult = Static<typeof HydraulicCheckResult>;

export const ShutdownQuery = Type.Object(
  { segment: Type.String({ minLength: 1, maxLength: 64, description: 'The water segment to work on' }) },
  { additionalProperties: false },
);
export type ShutdownQuery = Static<typeof ShutdownQuery>;

const Line = Type.Array(Type.Tuple([Type.Number(), Type.Number()]));

export const ShutdownImpact = Type.Object({
  segment: Type.String(),
  valves: Type.Array(
    Type.Object({
      lon: Type.Number(),
      lat: Type.Number(),
      segmentId: Type.String({ description: 'The pipe the valve shuts' }),
    }),
  ),
  /** Segments without water: the work zone between the valves, then those cut off behind it. */
  segments: Type.Array(
    Type.Object({
      id: Type.String(),
      role: Type.Union([Type.Literal('zone'), Type.Literal('downstream')]),
      diameterMm: Type.Integer(),
      lengthM: Type.Number(),
      line: Line,
    }),
  ),
  km: Type.Number(),
  communities: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      street: Type.String(),
      district: Type.String(),
      km: Type.Number(),
      households: Type.Integer(),
    }),
  ),
  streets: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  households: Type.Integer({ description: 'Estimated: connections along the distribution mains cut off' }),
  assumptions: Type.Object({
    valves: Type.String({
      description: 'How the valves were placed: junctions (where three or more pipes meet)',
    }),
    householdsPer100m: Type.Number(),
  }),
});
export type ShutdownImpact = Static<typeof ShutdownImpact>;
