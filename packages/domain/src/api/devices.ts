import { Type, type Static } from '@sinclair/typebox';
import { ALARM_RULE_KINDS, ALARM_SEVERITIES, ALARM_STATES } from '../telemetry/alarms.js';
import { COMMAND_STATES } from '../telemetry/commands.js';
import { BigIdParams, CalendarDay, Instant, Nullable, RowId, SystemNoteView } from './common.js';

/**
 * REST shapes of utilities monitoring: devices, their profiles, time series, alarms and commands.
 * The MQTT device contract itself (topics and payloads) lives in telemetry/schemas.ts.
 */

export const DEVICE_LINK_STATUSES = ['unknown', 'online', 'offline'] as const;
const LinkStatus = Type.Union(DEVICE_LINK_STATUSES.map((s) => Type.Literal(s)));
const Severity = Type.Union(ALARM_SEVERITIES.map((s) => Type.Literal(s)));
const IsoTime = Type.String({ format: 'date-time' });
const DeviceIdString = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' });

export const DeviceIdParams = Type.Object({ id: DeviceIdString });

export const MetricDefSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  unit: Type.String(),
  min: Type.Number(),
  max: Type.Number(),
  expectedIntervalS: Type.Number(),
  kind: Type.Union([Type.Literal('gauge'), Type.Literal('state'), Type.Literal('counter')]),
});
export const CommandParamDefSchema = Type.Object({
  key: Type.String(),
  unit: Type.Optional(Type.String()),
  min: Type.Number(),
  max: Type.Number(),
  maxStep: Type.Optional(Type.Number()),
  currentMetric: Type.Optional(Type.String()),
  integer: Type.Optional(Type.Boolean()),
});
export const CommandDefSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  labelEn: Type.Optional(Type.String()),
  params: Nullable(Type.Array(CommandParamDefSchema)),
  critical: Type.Boolean(),
});
export const DeviceProfileView = Type.Object({
  type: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  metrics: Type.Array(MetricDefSchema),
  commands: Type.Array(CommandDefSchema),
});
export type DeviceProfileView = Static<typeof DeviceProfileView>;

export const DeviceSummary = Type.Object({
  id: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  status: LinkStatus,
  statusAt: Nullable(IsoTime),
  lastSeenAt: Nullable(IsoTime),
  /** Part of the demo fleet (its random token, made on first start, is shown to administrators). */
  demo: Type.Boolean(),
});
export type DeviceSummary = Static<typeof DeviceSummary>;

export const DeviceListQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(LinkStatus),
  departmentId: Type.Optional(Type.Integer()),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Search in id and name' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
});
export type DeviceListQuery = Static<typeof DeviceListQuery>;

export const LatestValue = Type.Object({
  metric: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  ts: IsoTime,
  value: Type.Number(),
});
export type LatestValue = Static<typeof LatestValue>;

export const DropCounter = Type.Object({
  reason: Type.String({ description: 'Stable reason code, e.g. invalid_json, out_of_range, bad_token' }),
  count: Type.Integer(),
  lastAt: IsoTime,
});
export type DropCounter = Static<typeof DropCounter>;

export const AlarmRuleView = Type.Object({
  id: Type.Integer(),
  scope: Type.Union([Type.Literal('profile'), Type.Literal('device')]),
  profileType: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  metric: Type.String(),
  kind: Type.Union(ALARM_RULE_KINDS.map((k) => Type.Literal(k))),
  threshold: Nullable(Type.Number()),
  durationS: Type.Number(),
  deadband: Type.Number(),
  ratePerMin: Nullable(Type.Number()),
  intervals: Nullable(Type.Number()),
  stuckS: Nullable(Type.Number()),
  severity: Severity,
  openCaseCategory: Nullable(Type.String()),
  enabled: Type.Boolean(),
});
export type AlarmRuleView = Static<typeof AlarmRuleView>;

export const AlarmRuleInput = Type.Object(
  {
    profileType: Type.Optional(Type.String({ maxLength: 40 })),
    deviceId: Type.Optional(DeviceIdString),
    metric: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.Union(ALARM_RULE_KINDS.map((k) => Type.Literal(k))),
    threshold: Type.Optional(Nullable(Type.Number())),
    durationS: Type.Number({ minimum: 0 }),
    deadband: Type.Number({ minimum: 0 }),
    ratePerMin: Type.Optional(Nullable(Type.Number())),
    intervals: Type.Optional(Nullable(Type.Number({ minimum: 1 }))),
    stuckS: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0 }))),
    severity: Severity,
    openCaseCategory: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{4}$' }))),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Exactly one of profileType and deviceId' },
);
export type AlarmRuleInput = Static<typeof AlarmRuleInput>;

export const DeviceDetail = Type.Composite([
  DeviceSummary,
  Type.Object({
    profile: DeviceProfileView,
    latest: Type.Array(LatestValue),
    rules: Type.Array(AlarmRuleView),
    drops: Type.Array(DropCounter),
    openAlarms: Type.Integer(),
    /** The MQTT password: administrators only, and only for demo devices (others show it once). */
    token: Nullable(Type.String()),
    mqtt: Type.Object({
      username: Type.String(),
      telemetryTopic: Type.String(),
      statusTopic: Type.String(),
      commandsTopic: Type.String(),
      ackTopic: Type.String(),
    }),
  }),
]);
export type DeviceDetail = Static<typeof DeviceDetail>;

export const DeviceInput = Type.Object(
  {
    id: DeviceIdString,
    type: Type.String({ minLength: 1, maxLength: 40 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    departmentId: Type.Optional(Nullable(Type.Integer())),
  },
  { additionalProperties: false },
);
export type DeviceInput = Static<typeof DeviceInput>;

export const DeviceCredentials = Type.Object({
  device: DeviceSummary,
  /** Shown once: only its hash is stored. */
  token: Type.String(),
});

export const SimDeviceSpec = Type.Object({ id: Type.String(), type: Type.String(), token: Type.String() });
export const SimDevicesQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 200 })),
});

/** An instant, a day (its midnight in UTC) or epoch milliseconds (13 digits at most: year 2286). */
const SeriesTime = (description: string) =>
  Type.Union([Instant(), CalendarDay(), Type.String({ pattern: '^[0-9]{1,13}$' })], { description });
export const SeriesQuery = Type.Object({
  metric: Type.String({ minLength: 1, maxLength: 64 }),
  from: Type.Optional(SeriesTime('ISO time or epoch ms; default to − 24 h')),
  to: Type.Optional(SeriesTime('ISO time or epoch ms; default now')),
  step: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Seconds per point; default (to − from) / 500' }),
  ),
});
export type SeriesQuery = Static<typeof SeriesQuery>;

export const Series = Type.Object({
  deviceId: Type.String(),
  metric: Type.String(),
  unit: Type.String(),
  resolution: Type.Union([Type.Literal('raw'), Type.Literal('1m'), Type.Literal('1h')]),
  stepS: Type.Integer(),
  from: IsoTime,
  to: IsoTime,
  /** Columns for a chart: bucket start (epoch ms), average, minimum and maximum. */
  t: Type.Array(Type.Number()),
  avg: Type.Array(Type.Number()),
  min: Type.Array(Type.Number()),
  max: Type.Array(Type.Number()),
});
export type Series = Static<typeof Series>;

export const OverviewQuery = Type.Object({
  type: Type.String({ maxLength: 40 }),
  metrics: Type.Optional(Type.String({ maxLength: 400, description: 'Comma-separated metric keys' })),
});
export const OverviewDevice = Type.Object({
  id: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  gridCode: Nullable(Type.String()),
  status: LinkStatus,
  values: Type.Record(Type.String(), Type.Number()),
  worstAlarm: Nullable(Severity),
});
export const UtilityOverview = Type.Object({
  type: Type.String(),
  typeName: Type.String(),
  devices: Type.Array(OverviewDevice),
  counts: Type.Object({ online: Type.Integer(), offline: Type.Integer(), unknown: Type.Integer() }),
  totals: Type.Record(
    Type.String(),
    Type.Object({
      sum: Type.Number(),
      avg: Type.Number(),
      min: Type.Number(),
      max: Type.Number(),
      n: Type.Integer(),
    }),
  ),
  openAlarms: Type.Record(Type.String(), Type.Integer(), {
    description:
      'Devices by the worst severity of their alarms not cleared (active or acknowledged; cleared-unacknowledged ones do not colour a device)',
  }),
  alarmCounts: Type.Object(
    {
      notCleared: Type.Integer({ description: 'Alarms whose condition holds: active or acknowledged' }),
      clearedUnacked: Type.Integer({ description: 'Alarms that cleared and wait for acknowledgement' }),
    },
    { description: 'Alarms of the devices of this type' },
  ),
});
export type UtilityOverview = Static<typeof UtilityOverview>;

export const IngestStats = Type.Object({
  mode: Type.Union([Type.Literal('embedded'), Type.Literal('external'), Type.Literal('off')]),
  buffered: Type.Integer(),
  bufferCapacity: Type.Integer(),
  waitingMessages: Type.Integer(),
  messages: Type.Integer(),
  readingsStored: Type.Integer(),
  readingsDuplicate: Type.Integer(),
  /** Readings of batches the database refused as wrong (not for being away), given up after retries. */
  readingsLost: Type.Integer(),
  dbHealthy: Type.Boolean(),
  dropped: Type.Record(Type.String(), Type.Integer()),
  refused: Type.Record(Type.String(), Type.Integer()),
});

// ---------------------------------------------------------------------------------------------
// Alarms

export const AlarmView = Type.Object({
  id: Type.Integer(),
  deviceId: Type.String(),
  deviceName: Type.String(),
  deviceType: Type.String(),
  ruleId: Nullable(Type.Integer()),
  metric: Type.String(),
  kind: Type.String(),
  severity: Severity,
  state: Type.Union(ALARM_STATES.map((s) => Type.Literal(s))),
  value: Nullable(Type.Number()),
  threshold: Nullable(Type.Number()),
  /** Alarms raised before messages were codes: their Chinese sentence. Null for newer ones (see note). */
  message: Nullable(Type.String()),
  /** What the alarm says (`alarm.condition`), told in the reader's language; null for older alarms. */
  note: Type.Optional(Nullable(SystemNoteView)),
  departmentId: Nullable(Type.Integer()),
  raisedAt: IsoTime,
  ackedAt: Nullable(IsoTime),
  ackedBy: Nullable(Type.String()),
  ackedByEn: Nullable(
    Type.String({ description: 'Who acknowledged it, in English (null: no English name)' }),
  ),
  clearedAt: Nullable(IsoTime),
  caseId: Nullable(Type.Integer()),
  caseCode: Nullable(Type.String()),
  lon: Type.Number(),
  lat: Type.Number(),
});
export type AlarmView = Static<typeof AlarmView>;

export const AlarmEventView = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  actorName: Nullable(Type.String()),
  at: IsoTime,
  comment: Nullable(Type.String()),
  /** The system's note on the event, told in the reader's language (replaces comment for it). */
  note: Type.Optional(Nullable(SystemNoteView)),
  value: Nullable(Type.Number()),
});
export const AlarmDetail = Type.Composite([AlarmView, Type.Object({ events: Type.Array(AlarmEventView) })]);

export const AlarmListQuery = Type.Object({
  state: Type.Optional(
    Type.Union([...ALARM_STATES.map((s) => Type.Literal(s)), Type.Literal('open'), Type.Literal('all')], {
      description: 'open = not cleared (the console); default open',
    }),
  ),
  severity: Type.Optional(Severity),
  deviceId: Type.Optional(DeviceIdString),
  type: Type.Optional(Type.String({ maxLength: 40 })),
  departmentId: Type.Optional(RowId()),
  before: Type.Optional(RowId({ bigint: true, description: 'Keyset cursor: alarms with a smaller id' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
});
export type AlarmListQuery = Static<typeof AlarmListQuery>;
export const AlarmList = Type.Object({
  items: Type.Array(AlarmView),
  nextBefore: Nullable(Type.Integer()),
});

export const AlarmAckBody = Type.Object(
  { comment: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const AlarmBulkAckBody = Type.Object(
  {
    ids: Type.Array(Type.Integer(), { minItems: 1, maxItems: 1000 }),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const AlarmBulkAckResult = Type.Object({
  acknowledged: Type.Array(Type.Integer()),
  skipped: Type.Array(Type.Object({ id: Type.Integer(), reason: Type.String() })),
});

// ---------------------------------------------------------------------------------------------
// Commands

export const CommandView = Type.Object({
  id: Type.Integer(),
  deviceId: Type.String(),
  deviceName: Type.String(),
  deviceType: Type.String(),
  name: Type.String(),
  label: Type.String(),
  params: Type.Record(Type.String(), Type.Number()),
  critical: Type.Boolean(),
  state: Type.Union(COMMAND_STATES.map((s) => Type.Literal(s))),
  requestedBy: Type.String(),
  requestedByEn: Nullable(
    Type.String({ description: 'The requester’s name in English, if the account has one' }),
  ),
  requestedById: Type.Integer(),
  requestedAt: IsoTime,
  confirmedBy: Nullable(Type.String()),
  confirmedByEn: Nullable(Type.String()),
  confirmedAt: Nullable(IsoTime),
  stateSince: IsoTime,
  deadlineAt: Nullable(IsoTime),
  message: Nullable(Type.String()),
  current: Nullable(
    Type.Number({
      description:
        'The reading a set-point was measured from when the command was asked for (the value it changes), or null',
    }),
  ),
});
export type CommandView = Static<typeof CommandView>;
export const CommandEventView = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  actorName: Nullable(Type.String()),
  at: IsoTime,
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export const CommandDetail = Type.Composite([
  CommandView,
  Type.Object({ events: Type.Array(CommandEventView) }),
]);
export const CommandListQuery = Type.Object({
  deviceId: Type.Optional(DeviceIdString),
  state: Type.Optional(Type.Union(COMMAND_STATES.map((s) => Type.Literal(s)))),
  before: Type.Optional(RowId({ bigint: true })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export type CommandListQuery = Static<typeof CommandListQuery>;
export const CommandList = Type.Object({
  items: Type.Array(CommandView),
  nextBefore: Nullable(Type.Integer()),
});
export const CommandIdParams = BigIdParams;
export const CommandRejectBody = Type.Object(
  { comment: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
