import { Type, type SchemaOptions, type Static } from '@sinclair/typebox';
import { COLOURS, HAZARDS, LEVELS, WARNING_TYPE_CODES } from '../emergency/warnings.js';
import { RAIN_WINDOWS_H } from '../emergency/plans.js';
import { Nullable, RoleSchema, RowId } from './common.js';
import { EmergencyMaterialUse, EmergencyPonding, EmergencySegment } from './emergencyOps.js';

export * from './emergencyOps.js';

const lit = <T extends string | number>(values: readonly T[], options?: SchemaOptions) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );

export const EmergencyHazardSchema = lit(HAZARDS, {
  description: 'rainstorm (防汛), typhoon (防台), snow (清雪防滑)',
});
export const EmergencyLevelSchema = lit(LEVELS, { description: 'Response level, IV (lowest) … I (highest)' });
export const WarningColourSchema = lit(COLOURS);
const Code = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9][a-z0-9.-]*$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const EmergencyTriggerSchema = Type.Union([
  Type.Object(
    { kind: Type.Literal('warning'), type: lit(WARNING_TYPE_CODES), colour: WarningColourSchema },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: lit(['rainfall', 'snowfall'] as const),
      windowH: lit(RAIN_WINDOWS_H),
      mm: Type.Number({ minimum: 0, maximum: 2000 }),
      gauges: Type.Integer({ minimum: 1, maximum: 10000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('depth'),
      cm: Type.Number({ minimum: 0, maximum: 500 }),
      points: Type.Integer({ minimum: 1, maximum: 10000 }),
    },
    { additionalProperties: false },
  ),
]);

export const EmergencyPlanLevelSchema = Type.Object(
  {
    level: EmergencyLevelSchema,
    triggers: Type.Array(EmergencyTriggerSchema, { maxItems: 20 }),
    actions: Type.Array(
      Type.Object(
        {
          department: Code,
          items: Type.Array(Type.Object({ zh: Text(200), en: Text(300) }, { additionalProperties: false }), {
            minItems: 1,
            maxItems: 30,
          }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
    duty: Type.Array(Code, { maxItems: 30 }),
    leaderOnShift: Type.Boolean(),
    acknowledge: Type.Object(
      { users: Type.Array(Code, { maxItems: 100 }), departments: Type.Array(Code, { maxItems: 50 }) },
      { additionalProperties: false },
    ),
    signers: Type.Array(RoleSchema, { minItems: 1, maxItems: 12 }),
  },
  { additionalProperties: false },
);

export const EmergencyPlanBody = Type.Object(
  {
    name: Text(100),
    nameEn: Text(200),
    escalateAfterMin: Type.Integer({ minimum: 1, maximum: 1440 }),
    levels: Type.Array(EmergencyPlanLevelSchema, { minItems: 1, maxItems: 4 }),
  },
  { additionalProperties: false },
);
export type EmergencyPlanBodyInput = Static<typeof EmergencyPlanBody>;

export const EmergencyPlan = Type.Object({
  hazard: EmergencyHazardSchema,
  version: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  escalateAfterMin: Type.Integer(),
  levels: Type.Array(EmergencyPlanLevelSchema),
  editedBy: Nullable(Type.String()),
  editedAt: Type.String({ format: 'date-time' }),
});
export type EmergencyPlan = Static<typeof EmergencyPlan>;
export const EmergencyPlanList = Type.Object({ items: Type.Array(EmergencyPlan) });
export type EmergencyPlanList = Static<typeof EmergencyPlanList>;
export const EmergencyHazardParams = Type.Object({ hazard: EmergencyHazardSchema });

const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });

/** A warning entered by the duty officer. */
export const WeatherWarningBody = Type.Object(
  {
    type: lit(WARNING_TYPE_CODES, {
      description: 'National signal type: 01 typhoon, 02 rainstorm, 03 blizzard … 14 road icing',
    }),
    colour: WarningColourSchema,
    area: Text(100),
    validFrom: IsoTime,
    validTo: IsoTime,
    issuer: Text(100),
    text: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type WeatherWarningBody = Static<typeof WeatherWarningBody>;

/** A warning as a meteorological feed sends it: the national 4-digit code and its own id. */
export const WeatherWarningFeedBody = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'The feed’s id of the warning (a repeat is the same warning)',
    }),
    code: Type.String({ pattern: '^[0-9]{4}$', description: 'Type + colour, e.g. 0203 = rainstorm orange' }),
    area: Text(100),
    validFrom: IsoTime,
    validTo: IsoTime,
    issuer: Text(100),
    text: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type WeatherWarningFeedBody = Static<typeof WeatherWarningFeedBody>;

export const WeatherWarning = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  type: Type.String(),
  colour: WarningColourSchema,
  hazard: Nullable(EmergencyHazardSchema),
  area: Type.String(),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Type.String({ format: 'date-time' }),
  issuer: Type.String(),
  text: Nullable(Type.String()),
  source: lit(['duty', 'feed'] as const),
  enteredBy: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  inForce: Type.Boolean(),
  /** False when the same warning had been posted before (this answer is the stored one). */
  created: Type.Boolean(),
});
export type WeatherWarning = Static<typeof WeatherWarning>;
export const WeatherWarningList = Type.Object({ items: Type.Array(WeatherWarning) });
export type WeatherWarningList = Static<typeof WeatherWarningList>;

export const EmergencyEvidence = Type.Object({
  level: Nullable(EmergencyLevelSchema),
  items: Type.Array(
    Type.Object({
      level: EmergencyLevelSchema,
      trigger: EmergencyTriggerSchema,
      warningId: Type.Optional(Type.Integer()),
      devices: Type.Optional(Type.Array(Type.Object({ deviceId: Type.String(), value: Type.Number() }))),
    }),
  ),
  silent: Type.Array(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export type EmergencyEvidence = Static<typeof EmergencyEvidence>;

export const EMERGENCY_PROPOSAL_KINDS = ['activate', 'raise', 'lower', 'end'] as const;
export const EmergencyProposal = Type.Object({
  id: Type.Integer(),
  hazard: EmergencyHazardSchema,
  kind: lit(EMERGENCY_PROPOSAL_KINDS),
  level: Nullable(EmergencyLevelSchema),
  fromLevel: Nullable(EmergencyLevelSchema),
  state: lit(['open', 'signed', 'dismissed', 'superseded'] as const),
  evidence: EmergencyEvidence,
  createdAt: Type.String({ format: 'date-time' }),
});
export type EmergencyProposal = Static<typeof EmergencyProposal>;

export const EmergencyResponse = Type.Object({
  id: Type.Integer(),
  hazard: EmergencyHazardSchema,
  level: EmergencyLevelSchema,
  state: lit(['active', 'ended'] as const),
  planVersion: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  signedBy: Type.String(),
  evidence: Nullable(EmergencyEvidence),
});
export type EmergencyResponse = Static<typeof EmergencyResponse>;

export const EmergencyHazardState = Type.Object({
  response: Nullable(EmergencyResponse),
  proposal: Nullable(EmergencyProposal),
  /** What the triggers say now (the last evaluation). */
  evaluation: Nullable(EmergencyEvidence),
});
export type EmergencyHazardState = Static<typeof EmergencyHazardState>;

export const EmergencyState = Type.Object({
  rainstorm: EmergencyHazardState,
  typhoon: EmergencyHazardState,
  snow: EmergencyHazardState,
  warnings: Type.Array(WeatherWarning, { description: 'Warnings in force' }),
});
export type EmergencyState = Static<typeof EmergencyState>;

export const EmergencySignBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type EmergencySignBody = Static<typeof EmergencySignBody>;

/** A commander's own decision (without a proposal): activate, raise, lower or end. */
export const EmergencyDecisionBody = Type.Object(
  {
    hazard: EmergencyHazardSchema,
    kind: lit(EMERGENCY_PROPOSAL_KINDS),
    level: Type.Optional(EmergencyLevelSchema),
    reason: Text(500),
  },
  { additionalProperties: false },
);
export type EmergencyDecisionBody = Static<typeof EmergencyDecisionBody>;

export const EmergencyIdParams = Type.Object({ id: RowId({ description: 'Row id' }) });

export const EmergencyEvent = Type.Object({
  id: Type.Integer(),
  responseId: Nullable(Type.Integer()),
  hazard: Nullable(EmergencyHazardSchema),
  kind: Type.String(),
  fromLevel: Nullable(EmergencyLevelSchema),
  toLevel: Nullable(EmergencyLevelSchema),
  actorName: Type.String(),
  reason: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String({ format: 'date-time' }),
});
export type EmergencyEvent = Static<typeof EmergencyEvent>;
export const EmergencyEventList = Type.Object({ items: Type.Array(EmergencyEvent) });
export type EmergencyEventList = Static<typeof EmergencyEventList>;
export const EmergencyEventsQuery = Type.Object({
  responseId: Type.Optional(RowId()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export type EmergencyEventsQuery = Static<typeof EmergencyEventsQuery>;

export const EmergencyCallout = Type.Object({
  id: Type.Integer(),
  responseId: Type.Integer(),
  hazard: EmergencyHazardSchema,
  level: EmergencyLevelSchema,
  targetKind: lit(['user', 'department', 'team'] as const),
  target: Type.String(),
  targetName: Type.String(),
  targetNameEn: Nullable(Type.String()),
  calledAt: Type.String({ format: 'date-time' }),
  ackedAt: Nullable(Type.String({ format: 'date-time' })),
  ackedBy: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String({ format: 'date-time' })),
  mine: Type.Boolean({ description: 'The reader may acknowledge it' }),
});
export type EmergencyCallout = Static<typeof EmergencyCallout>;
export const EmergencyCalloutList = Type.Object({ items: Type.Array(EmergencyCallout) });
export type EmergencyCalloutList = Static<typeof EmergencyCalloutList>;

export const EMERGENCY_TASK_STATES = ['open', 'acknowledged', 'done'] as const;
export const EmergencyTask = Type.Object({
  id: Type.Integer(),
  responseId: Type.Integer(),
  hazard: EmergencyHazardSchema,
  kind: lit(['action', 'closure'] as const),
  department: Type.String(),
  departmentName: Nullable(Type.String()),
  departmentNameEn: Nullable(Type.String()),
  title: Type.String(),
  titleEn: Type.String(),
  deviceId: Nullable(Type.String()),
  state: lit(EMERGENCY_TASK_STATES),
  createdAt: Type.String({ format: 'date-time' }),
  ackedAt: Nullable(Type.String({ format: 'date-time' })),
  doneAt: Nullable(Type.String({ format: 'date-time' })),
  doneBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
  mine: Type.Boolean(),
});
export type EmergencyTask = Static<typeof EmergencyTask>;
export const EmergencyTaskList = Type.Object({ items: Type.Array(EmergencyTask) });
export type EmergencyTaskList = Static<typeof EmergencyTaskList>;
export const EmergencyTaskQuery = Type.Object({
  responseId: Type.Optional(RowId()),
  mine: Type.Optional(Type.Boolean()),
});
export type EmergencyTaskQuery = Static<typeof EmergencyTaskQuery>;
export const EmergencyTaskDoneBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type EmergencyTaskDoneBody = Static<typeof EmergencyTaskDoneBody>;

/** The console map's sites: waterlogging points and underpasses, rain gauges, pump stations. */
export const EmergencySite = Type.Object({
  deviceId: Type.String(),
  kind: lit(['point', 'underpass', 'rain_gauge', 'pump_station', 'snow_gauge'] as const),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  silent: Type.Boolean(),
  depthCm: Nullable(Type.Number()),
  colour: Nullable(lit(['green', 'yellow', 'red'] as const)),
  yellowCm: Nullable(Type.Number()),
  redCm: Nullable(Type.Number()),
  totals: Nullable(Type.Record(Type.String(), Type.Number(), { description: 'mm per window (hours)' })),
  pumpsOn: Nullable(Type.Integer()),
  sumpLevel: Nullable(Type.Number()),
});
export type EmergencySite = Static<typeof EmergencySite>;
export const EmergencySiteList = Type.Object({ items: Type.Array(EmergencySite) });
export type EmergencySiteList = Static<typeof EmergencySiteList>;

/** The after-action report of one response: what happened, who answered, what was done and how fast. */
export const EmergencyReport = Type.Object({
  response: EmergencyResponse,
  timeline: Type.Array(EmergencyEvent, { description: 'Oldest first' }),
  callouts: Type.Array(
    Type.Intersect([
      EmergencyCallout,
      Type.Object({ minutesToAck: Nullable(Type.Number({ description: 'null: never acknowledged' })) }),
    ]),
  ),
  tasks: Type.Array(Type.Intersect([EmergencyTask, Type.Object({ minutesToDone: Nullable(Type.Number()) })])),
  /** The highest value each device showed in the evidence of the response's proposals and closures. */
  peaks: Type.Array(Type.Object({ deviceId: Type.String(), value: Type.Number(), kind: Type.String() })),
  /** Ponding episodes at the points during the response, against the target. */
  ponding: Type.Array(EmergencyPonding),
  /** Snow segments (snow responses): when each was passable and clean, against its targets. */
  segments: Type.Array(EmergencySegment),
  snowTargets: Type.Array(
    Type.Object({
      roadClass: Type.String(),
      stage: Type.String(),
      met: Type.Integer(),
      missed: Type.Integer(),
    }),
  ),
  materials: Type.Array(EmergencyMaterialUse),
});
export type EmergencyReport = Static<typeof EmergencyReport>;
