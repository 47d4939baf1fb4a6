import { Type, type SchemaOptions, type Static } from '@sinclair/typebox';
import {
  EQUIPMENT_KINDS,
  EQUIPMENT_STATES,
  MATERIALS,
  ROAD_CLASSES,
  SNOW_STAGES,
  SPECIAL_POINTS,
} from '../emergency/resources.js';
import { HAZARDS, LEVELS } from '../emergency/warnings.js';
import { CalendarDay, Nullable, RowId } from './common.js';

/** Emergency command's resources, duty roster, snow segments and ponding (the console's second part). */

const lit = <T extends string | number>(values: readonly T[], options?: SchemaOptions) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );
const Time = Type.String({ format: 'date-time' });
const Day = CalendarDay({ description: 'A day in the city (YYYY-MM-DD)' });

export const EmergencyDepot = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
});
export const EmergencyTeam = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  department: Type.String(),
  hazards: Type.Array(lit(HAZARDS)),
  leader: Type.String(),
  leaderEn: Type.String(),
  phone: Type.String(),
  members: Type.Integer(),
  depot: Type.String(),
  /** Equipment of the team by kind, e.g. { plough: 4 }. */
  equipment: Type.Record(Type.String(), Type.Integer()),
  /** The team's call-out in the response in force, if any (state by hazard). */
  called: Type.Boolean(),
});
export type EmergencyTeam = Static<typeof EmergencyTeam>;
export const EmergencyEquipment = Type.Object({
  id: Type.String(),
  kind: lit(EQUIPMENT_KINDS),
  depot: Type.String(),
  team: Nullable(Type.String()),
  state: lit(EQUIPMENT_STATES),
  deviceId: Nullable(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
});
export type EmergencyEquipment = Static<typeof EmergencyEquipment>;
export const EmergencyStock = Type.Object({
  depot: Type.String(),
  material: lit(MATERIALS),
  unit: lit(['pcs', 't'] as const),
  quantity: Type.Number(),
});
export type EmergencyStock = Static<typeof EmergencyStock>;
export const EmergencyResources = Type.Object({
  depots: Type.Array(EmergencyDepot),
  teams: Type.Array(EmergencyTeam),
  equipment: Type.Array(EmergencyEquipment),
  stock: Type.Array(EmergencyStock),
});
export type EmergencyResources = Static<typeof EmergencyResources>;

export const EmergencyEquipmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 60 }) });
export const EmergencyEquipmentBody = Type.Object(
  { state: lit(EQUIPMENT_STATES) },
  { additionalProperties: false },
);
export const EmergencyMaterialUseBody = Type.Object(
  {
    depot: Type.String({ minLength: 1, maxLength: 40 }),
    material: lit(MATERIALS),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e6 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type EmergencyMaterialUseBody = Static<typeof EmergencyMaterialUseBody>;
export const EmergencyMaterialUse = Type.Object({
  id: Type.Integer(),
  responseId: Nullable(Type.Integer()),
  depot: Type.String(),
  material: lit(MATERIALS),
  quantity: Type.Number(),
  usedBy: Type.String(),
  note: Nullable(Type.String()),
  at: Time,
});
export type EmergencyMaterialUse = Static<typeof EmergencyMaterialUse>;

/** A commander calls out teams or people on duty (叫应) in a response in force. */
export const EmergencyCallBody = Type.Object(
  {
    responseId: RowId(),
    targets: Type.Array(
      Type.Object(
        {
          kind: lit(['team', 'user'] as const),
          target: Type.String({ minLength: 1, maxLength: 60 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
export type EmergencyCallBody = Static<typeof EmergencyCallBody>;

export const EmergencyDuty = Type.Object({
  id: Type.Integer(),
  day: Day,
  shift: lit(['day', 'night'] as const),
  department: Type.String(),
  departmentName: Nullable(Type.String()),
  departmentNameEn: Nullable(Type.String()),
  person: Type.String(),
  personEn: Type.String(),
  username: Nullable(Type.String()),
  phone: Type.String(),
  leader: Type.Boolean(),
  checkedInAt: Nullable(Time),
  handover: Nullable(Type.String()),
});
export type EmergencyDuty = Static<typeof EmergencyDuty>;
export const EmergencyRoster = Type.Object({
  day: Day,
  /** The level the roster was drawn for (the highest in force), or null: the base (level IV) roster. */
  level: Nullable(lit(LEVELS)),
  items: Type.Array(EmergencyDuty),
});
export type EmergencyRoster = Static<typeof EmergencyRoster>;
export const EmergencyRosterQuery = Type.Object({ day: Type.Optional(Day) });
export const EmergencyDutyBody = Type.Object(
  {
    person: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    personEn: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+ -]{5,20}$' })),
    username: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    checkIn: Type.Optional(Type.Boolean()),
    handover: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type EmergencyDutyBody = Static<typeof EmergencyDutyBody>;

export const EmergencySegment = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  roadClass: lit(ROAD_CLASSES),
  special: Nullable(lit(SPECIAL_POINTS)),
  line: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  lengthM: Type.Number(),
  team: Nullable(Type.String()),
  teamName: Nullable(Type.String()),
  teamNameEn: Nullable(Type.String()),
  state: lit(['open', 'passable', 'clean'] as const),
  passableAt: Nullable(Time),
  cleanAt: Nullable(Time),
  /** Deadlines from the snow response's start and its level (null without a snow response). */
  passableBy: Nullable(Time),
  cleanBy: Nullable(Time),
  overdue: Type.Boolean(),
  photoIds: Type.Array(Type.String()),
  mine: Type.Boolean({ description: 'The reader’s crew is assigned to it' }),
});
export type EmergencySegment = Static<typeof EmergencySegment>;
export const EmergencySnowClassSummary = Type.Object({
  roadClass: lit(ROAD_CLASSES),
  total: Type.Integer(),
  passable: Type.Integer(),
  clean: Type.Integer(),
  left: Type.Integer(),
  overdue: Type.Integer(),
});
export const EmergencySnow = Type.Object({
  responseId: Nullable(Type.Integer()),
  level: Nullable(lit(LEVELS)),
  startedAt: Nullable(Time),
  snowStoppedAt: Nullable(Time),
  segments: Type.Array(EmergencySegment),
  summary: Type.Array(EmergencySnowClassSummary),
  deicerT: Type.Number({ description: 'De-icer spread in the response, tonnes' }),
});
export type EmergencySnow = Static<typeof EmergencySnow>;
export const EmergencySnowStopBody = Type.Object(
  {
    at: Type.Optional(
      Type.String({
        format: 'date-time',
        maxLength: 40,
        description: 'When the snow stopped (now by default)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EmergencySnowStopBody = Static<typeof EmergencySnowStopBody>;
export const EmergencySnowQuery = Type.Object({ mine: Type.Optional(Type.Boolean()) });
export const EmergencySegmentReportBody = Type.Object(
  {
    stage: lit(SNOW_STAGES),
    clientId: Type.String({ minLength: 8, maxLength: 64, description: 'The phone’s id of the report' }),
    photoId: Type.Optional(Type.String({ maxLength: 64 })),
    deicerT: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'When the crew saw it (offline)' })),
  },
  { additionalProperties: false },
);
export type EmergencySegmentReportBody = Static<typeof EmergencySegmentReportBody>;
export const EmergencySegmentReply = Type.Object({
  segment: EmergencySegment,
  /** True when this client id had been stored already (a repeated upload). */
  duplicate: Type.Boolean(),
});
export type EmergencySegmentReply = Static<typeof EmergencySegmentReply>;

export const EmergencyPonding = Type.Object({
  id: Type.Integer(),
  deviceId: Type.String(),
  name: Nullable(Type.String()),
  source: lit(['sensor', 'reported'] as const),
  startedAt: Time,
  endedAt: Nullable(Time),
  minutes: Type.Number({ description: 'Until its end, or until now while it lasts' }),
  peakCm: Nullable(Type.Number()),
  targetMin: Type.Integer(),
  met: Nullable(Type.Boolean({ description: 'Cleared within the target (null while it lasts within it)' })),
});
export type EmergencyPonding = Static<typeof EmergencyPonding>;
export const EmergencyPondingList = Type.Object({ items: Type.Array(EmergencyPonding) });
export type EmergencyPondingList = Static<typeof EmergencyPondingList>;
export const EmergencyPondingBody = Type.Object(
  {
    deviceId: Type.String({ minLength: 1, maxLength: 60 }),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type EmergencyPondingBody = Static<typeof EmergencyPondingBody>;
