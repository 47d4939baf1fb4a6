import { Type, type Static } from '@sinclair/typebox';
import { ALARM_RULE_KINDS, ALARM_SEVERITIES, type AlarmRuleDef } from './alarms.js';

/**
 * The device contract and the command/rule REST bodies as JSON Schema (TypeBox), written once:
 * the server validates and documents with them (OpenAPI), the web app types its forms with them,
 * the simulator builds payloads with their static types. payload.ts parses device messages by hand
 * (it needs a reason code per problem) but accepts exactly what these schemas describe.
 */

export const TELEMETRY_VERSION = 1;

const EpochMs = Type.Integer({ minimum: 0, description: 'Unix epoch milliseconds' });
const DeviceCommandId = Type.String({ minLength: 1, maxLength: 64 });

export const TelemetryPointSchema = Type.Object(
  {
    v: Type.Optional(Type.Integer({ minimum: 1, description: 'Payload version; absent means 1' })),
    ts: EpochMs,
    values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()]), {
      description: 'metric key → value; booleans only for state metrics',
    }),
  },
  { title: 'TelemetryPoint', additionalProperties: false },
);
export type TelemetryPoint = Static<typeof TelemetryPointSchema>;

/** Topic cityloop/v1/devices/{deviceId}/telemetry: one point or a batch. */
export const TelemetryPayloadSchema = Type.Union([TelemetryPointSchema, Type.Array(TelemetryPointSchema)], {
  title: 'TelemetryPayload',
});
export type TelemetryPayload = Static<typeof TelemetryPayloadSchema>;

export const DEVICE_STATUSES = ['online', 'offline'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** Topic cityloop/v1/devices/{deviceId}/status, also the MQTT last will ("offline"). */
export const StatusPayloadSchema = Type.Object(
  { status: Type.Union(DEVICE_STATUSES.map((s) => Type.Literal(s))), ts: EpochMs },
  { title: 'StatusPayload' },
);
export type StatusPayload = Static<typeof StatusPayloadSchema>;

/** Topic cityloop/v1/devices/{deviceId}/commands (down). */
export const CommandPayloadSchema = Type.Object(
  {
    id: DeviceCommandId,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    params: Type.Optional(Type.Record(Type.String(), Type.Number())),
    ts: EpochMs,
  },
  { title: 'CommandPayload' },
);
export type CommandPayload = Static<typeof CommandPayloadSchema>;

export const ACK_STATUSES = ['delivered', 'succeeded', 'failed'] as const;

/** Topic cityloop/v1/devices/{deviceId}/commands/ack (up). */
export const AckPayloadSchema = Type.Object(
  {
    id: DeviceCommandId,
    status: Type.Union(ACK_STATUSES.map((s) => Type.Literal(s))),
    message: Type.Optional(Type.String({ maxLength: 500 })),
    ts: EpochMs,
  },
  { title: 'AckPayload' },
);
export type AckPayload = Static<typeof AckPayloadSchema>;
export type AckPayloadStatus = (typeof ACK_STATUSES)[number];

/** REST body of POST /devices/{id}/commands. */
export const CommandRequestSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    params: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { title: 'CommandRequest', additionalProperties: false },
);
export type CommandRequest = Static<typeof CommandRequestSchema>;

/** REST body for creating or editing an alarm rule; run validateAlarmRule after the schema. */
export const AlarmRuleDefSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    metric: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.Union(ALARM_RULE_KINDS.map((k) => Type.Literal(k))),
    threshold: Type.Optional(Type.Number()),
    durationS: Type.Number({ minimum: 0 }),
    deadband: Type.Number({ minimum: 0 }),
    ratePerMin: Type.Optional(Type.Number()),
    intervals: Type.Optional(Type.Number({ minimum: 1 })),
    stuckS: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    severity: Type.Union(ALARM_SEVERITIES.map((s) => Type.Literal(s))),
    openCase: Type.Optional(
      Type.Object({ category: Type.String({ pattern: '^[0-9]{4}$' }) }, { additionalProperties: false }),
    ),
  },
  { title: 'AlarmRuleDef', additionalProperties: false },
);
// The schema and the hand-written interface must not drift apart (a compile error if they do).
type Assert<T extends true> = T;
export type _AlarmRuleSchemaMatches = Assert<
  Static<typeof AlarmRuleDefSchema> extends AlarmRuleDef ? true : false
>;
