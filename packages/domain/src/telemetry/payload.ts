import { DomainError } from '../errors.js';
import type { DeviceProfile, MetricDef } from './profiles.js';
import {
  ACK_STATUSES,
  DEVICE_STATUSES,
  TELEMETRY_VERSION,
  type AckPayload,
  type CommandPayload,
  type StatusPayload,
} from './schemas.js';

/**
 * Topics and parsing of device messages. Parsers never trust the device: every problem has a
 * stable reason code (the server counts them per device), a whole message is rejected only when
 * nothing in it can be trusted, and single bad readings are dropped one by one.
 */

// ---------------------------------------------------------------------------------------------
// Topics

export const TOPIC_ROOT = 'cityloop/v1/devices';

export const deviceTopics = {
  telemetry: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/telemetry`,
  status: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/status`,
  commands: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/commands`,
  ack: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/commands/ack`,
};

/** What the server subscribes to (prefix with `$share/<group>/` to split load across nodes). */
export const SERVER_SUBSCRIPTIONS = [
  `${TOPIC_ROOT}/+/telemetry`,
  `${TOPIC_ROOT}/+/status`,
  `${TOPIC_ROOT}/+/commands/ack`,
] as const;

// Ids end up in topics and in URLs: no MQTT wildcards, separators or whitespace.
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export function isValidDeviceId(id: string): boolean {
  return DEVICE_ID.test(id);
}

export type UpTopicKind = 'telemetry' | 'status' | 'ack';

/** Recognises an upstream topic of the contract; anything else (including `commands`) is null. */
export function parseTopic(topic: string): { deviceId: string; kind: UpTopicKind } | null {
  const prefix = `${TOPIC_ROOT}/`;
  if (!topic.startsWith(prefix)) return null;
  const parts = topic.slice(prefix.length).split('/');
  const [deviceId, a, b] = parts;
  if (deviceId === undefined || !isValidDeviceId(deviceId)) return null;
  if (parts.length === 2 && a === 'telemetry') return { deviceId, kind: 'telemetry' };
  if (parts.length === 2 && a === 'status') return { deviceId, kind: 'status' };
  if (parts.length === 3 && a === 'commands' && b === 'ack') return { deviceId, kind: 'ack' };
  return null;
}

/** Broker ACL: a device (MQTT username = device id) publishes only its own upstream topics. */
export function mayPublish(deviceId: string, topic: string): boolean {
  return parseTopic(topic)?.deviceId === deviceId;
}

/** Broker ACL: a device subscribes only to its own command topic. */
export function maySubscribe(deviceId: string, topicFilter: string): boolean {
  return topicFilter === deviceTopics.commands(deviceId);
}

// ---------------------------------------------------------------------------------------------
// Errors and reason codes

/** Why a whole message was rejected. */
export const PAYLOAD_ERROR_REASONS = [
  'too_large',
  'invalid_json', // not UTF-8, or not JSON
  'unsupported_version',
  'bad_shape',
  'batch_too_large',
  'bad_ts', // missing, not integer epoch ms, before 2000, or too far in the future
] as const;
export type PayloadErrorReason = (typeof PAYLOAD_ERROR_REASONS)[number];

/** Why a single reading was dropped from an otherwise good message. */
export const READING_REJECT_REASONS = [
  'unknown_metric',
  'bad_value', // not a number (or a boolean for a non-state metric, a fraction for a state)
  'out_of_range', // outside the metric's physical range
  'duplicate', // the same metric and ts twice in one message
] as const;
export type ReadingRejectReason = (typeof READING_REJECT_REASONS)[number];

export class PayloadError extends DomainError {
  readonly reason: PayloadErrorReason;
  constructor(reason: PayloadErrorReason, detail?: string) {
    super('telemetry.invalid_payload', detail ? `${reason}: ${detail}` : reason, { reason });
    this.name = 'PayloadError';
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

export const DEFAULT_MAX_TELEMETRY_BYTES = 64 * 1024;
const DEFAULT_MAX_SMALL_BYTES = 4 * 1024;
// Devices report in ms; a seconds value (1.7e9) lands before this and is caught.
const EARLIEST_TS = Date.UTC(2000, 0, 1);

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function tooLarge(text: string, maxBytes: number): boolean {
  // A UTF-16 unit is 1–3 UTF-8 bytes, so most strings are judged on their length alone.
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return encoder.encode(text).byteLength > maxBytes;
}

function decodeJson(input: Uint8Array | string, maxBytes: number): unknown {
  let text: string;
  if (typeof input === 'string') {
    if (tooLarge(input, maxBytes)) throw new PayloadError('too_large');
    text = input;
  } else {
    if (input.byteLength > maxBytes) throw new PayloadError('too_large');
    try {
      text = utf8.decode(input);
    } catch {
      throw new PayloadError('invalid_json', 'not UTF-8');
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PayloadError('invalid_json');
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkTs(ts: unknown, now: number | undefined, maxFutureSkewMs: number): number {
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < EARLIEST_TS) {
    throw new PayloadError('bad_ts');
  }
  if (now !== undefined && ts > now + maxFutureSkewMs) throw new PayloadError('bad_ts', 'in the future');
  return ts;
}

// ---------------------------------------------------------------------------------------------
// Telemetry

/**
 * Upgrades for older payload versions: UPGRADES[n] turns a version-n point into version n+1.
 * Version 1 is the first and current one, so the chain is empty; when v2 comes, v1 points are
 * upgraded here and nothing downstream learns that v1 existed.
 */
const UPGRADES: Readonly<Record<number, (point: Record<string, unknown>) => Record<string, unknown>>> = {};

/** Brings one decoded point of any supported version to the current shape. */
export function upgradeTelemetryPoint(point: Record<string, unknown>): Record<string, unknown> {
  const v = point['v'] ?? 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > TELEMETRY_VERSION) {
    throw new PayloadError('unsupported_version', String(v));
  }
  let current = point;
  for (let version = v; version < TELEMETRY_VERSION; version++) {
    const upgrade = UPGRADES[version];
    if (!upgrade) throw new PayloadError('unsupported_version', String(v));
    current = upgrade(current);
  }
  return current;
}

export interface TelemetryReading {
  metric: string;
  ts: number;
  value: number;
}

export interface RejectedReading {
  reason: ReadingRejectReason;
  metric?: string;
  ts?: number;
}

export interface TelemetryParseResult {
  readings: TelemetryReading[];
  rejected: RejectedReading[];
}

export interface TelemetryParseOptions {
  /** Server time; when given, points later than now + maxFutureSkewMs are bad_ts. */
  now?: number;
  maxFutureSkewMs?: number;
  /** Most points one batch may carry. */
  maxBatch?: number;
}

const metricIndex = new WeakMap<DeviceProfile, ReadonlyMap<string, MetricDef>>();

function metricsOf(profile: DeviceProfile): ReadonlyMap<string, MetricDef> {
  let index = metricIndex.get(profile);
  if (!index) {
    index = new Map(profile.metrics.map((m) => [m.key, m]));
    metricIndex.set(profile, index);
  }
  return index;
}

/**
 * Parses a telemetry message (one point or a batch) against the device's profile.
 * Throws PayloadError when the message as a whole cannot be trusted; otherwise returns the good
 * readings and, per dropped reading, why.
 */
export function parseTelemetry(
  input: Uint8Array | string,
  profile: DeviceProfile,
  maxBytes: number = DEFAULT_MAX_TELEMETRY_BYTES,
  options: TelemetryParseOptions = {},
): TelemetryParseResult {
  const { now, maxFutureSkewMs = 5 * 60_000, maxBatch = 1000 } = options;
  if (typeof input !== 'string' && input.byteLength <= maxBytes) {
    const canonical = parseCanonical(input, profile, now, maxFutureSkewMs, maxBatch);
    if (canonical) return canonical;
  }
  const raw = decodeJson(input, maxBytes);
  const points = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (points.length === 0) throw new PayloadError('bad_shape', 'empty batch');
  if (points.length > maxBatch) throw new PayloadError('batch_too_large');

  const metrics = metricsOf(profile);
  const readings: TelemetryReading[] = [];
  const rejected: RejectedReading[] = [];
  // One point cannot repeat a metric (a JSON object keeps one value per key), so only a batch
  // whose points share a ts needs the duplicate check; most batches are a series of times.
  const seen =
    points.length > 1 && repeats(points.map((p) => (isRecord(p) ? p['ts'] : undefined)))
      ? new Set<string>()
      : null;
  for (const rawPoint of points) {
    if (!isRecord(rawPoint)) throw new PayloadError('bad_shape', 'a point is not an object');
    const point = upgradeTelemetryPoint(rawPoint);
    const values = point['values'];
    if (!isRecord(values)) throw new PayloadError('bad_shape', 'values is not an object');
    const ts = checkTs(point['ts'], now, maxFutureSkewMs);

    for (const metric of Object.keys(values)) {
      const def = metrics.get(metric);
      if (!def) {
        rejected.push({ reason: 'unknown_metric', metric, ts });
        continue;
      }
      const value = checkedValue(def, values[metric]);
      if (typeof value === 'string') {
        rejected.push({ reason: value, metric, ts });
      } else if (seen && !addOnce(seen, `${metric}@${ts}`)) {
        rejected.push({ reason: 'duplicate', metric, ts });
      } else {
        readings.push({ metric, ts, value });
      }
    }
  }
  return { readings, rejected };
}

/** A known metric's value as kept, or why it is dropped. */
function checkedValue(def: MetricDef, raw: unknown): number | 'bad_value' | 'out_of_range' {
  const value = readingValue(def, raw);
  if (value === null) return 'bad_value';
  return value < def.min || value > def.max ? 'out_of_range' : value;
}

// The canonical point or batch, read from its bytes (see parseCanonical).
const HEAD = encoder.encode('{"ts":');
const VALUES = encoder.encode(',"values":{');
const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const CLOSE = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
/** 10^0 … 10^22, every one exact in a double. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface MetricBytes {
  def: MetricDef;
  bytes: Uint8Array;
}
const metricBytesIndex = new WeakMap<DeviceProfile, readonly MetricBytes[] | null>();

/** A profile's metric keys as bytes; null when the fast path does not serve the profile. */
function metricBytesOf(profile: DeviceProfile): readonly MetricBytes[] | null {
  let index = metricBytesIndex.get(profile);
  if (index === undefined) {
    const ok = profile.metrics.length <= 30 && profile.metrics.every((m) => KEY.test(m.key));
    index = ok ? profile.metrics.map((def) => ({ def, bytes: encoder.encode(def.key) })) : null;
    metricBytesIndex.set(profile, index);
  }
  return index;
}

function startsWithAt(b: Uint8Array, at: number, part: Uint8Array): boolean {
  if (at + part.length > b.length) return false;
  for (let i = 0; i < part.length; i++) if (b[at + i] !== part[i]) return false;
  return true;
}

/**
 * The shapes nearly every device sends — one point, `{"ts":<ms>,"values":{"<key>":<number>,…}}`,
 * or a batch of such points `[{…},{…}]` with no time repeated — with no whitespace, escapes,
 * exponents, booleans or version field, every key one of the profile's and none repeated within
 * a point, read straight from the bytes, without decoding the text and building it as objects
 * first (TextDecoder and JSON.parse were the largest part of a message's cost in the MQTT
 * receiving node). Anything else returns null and goes the general way, which therefore decides
 * every doubtful case (an empty or oversized batch, a repeated time); the tests check on generated
 * payloads that both ways give the same answer.
 *
 * A number is read as digits m and a count f of decimals, and taken as m / 10^f: with m below
 * 2^53 (at most 15 digits) and f ≤ 22, both are exact doubles and one division rounds correctly,
 * so the value is the same double JSON.parse gives.
 */
function parseCanonical(
  b: Uint8Array,
  profile: DeviceProfile,
  now: number | undefined,
  maxFutureSkewMs: number,
  maxBatch: number,
): TelemetryParseResult | null {
  const metrics = metricBytesOf(profile);
  if (!metrics) return null;
  const readings: TelemetryReading[] = [];
  const rejected: RejectedReading[] = [];
  const times: number[] = [];
  if (b[0] === OPEN_LIST) {
    let p = 1;
    for (;;) {
      p = readCanonicalPoint(b, p, metrics, readings, rejected, times);
      if (p < 0 || times.length > maxBatch) return null;
      const next = b[p++];
      if (next === COMMA) continue;
      if (next !== CLOSE_LIST || p !== b.length) return null;
      break;
    }
    if (repeats(times)) return null;
  } else if (readCanonicalPoint(b, 0, metrics, readings, rejected, times) !== b.length) return null;
  // Only now, with the whole message well formed (else it is invalid_json), the times are
  // checked, in order: the first bad one refuses the message, as the general way does.
  for (const ts of times) checkTs(ts, now, maxFutureSkewMs);
  return { readings, rejected };
}

/**
 * One canonical point starting at b[p]: its readings and rejections appended, its ts pushed to
 * `times`; returns where it ends, or -1 when it is not canonical.
 */
function readCanonicalPoint(
  b: Uint8Array,
  p: number,
  metrics: readonly MetricBytes[],
  readings: TelemetryReading[],
  rejected: RejectedReading[],
  times: number[],
): number {
  if (!startsWithAt(b, p, HEAD)) return -1;
  p += HEAD.length;
  // ts: a positive integer without leading zeros, at most 15 digits.
  const tsStart = p;
  if (b[p] === ZERO) return -1;
  let ts = 0;
  while (p < b.length && b[p]! >= ZERO && b[p]! <= NINE) ts = ts * 10 + (b[p++]! - ZERO);
  if (p === tsStart || p - tsStart > 15 || !startsWithAt(b, p, VALUES)) return -1;
  p += VALUES.length;
  let seen = 0;
  for (;;) {
    // "key":
    if (b[p] !== QUOTE) return -1;
    p++;
    let k = -1;
    for (let i = 0; i < metrics.length; i++) {
      const key = metrics[i]!.bytes;
      if (startsWithAt(b, p, key) && b[p + key.length] === QUOTE) {
        k = i;
        break;
      }
    }
    if (k < 0 || seen & (1 << k)) return -1;
    seen |= 1 << k;
    const def = metrics[k]!.def;
    p += def.key.length + 1;
    if (b[p++] !== COLON) return -1;
    // -?(0|[1-9][0-9]*)(.[0-9]+)?
    const negative = b[p] === MINUS;
    if (negative) p++;
    const intStart = p;
    let m = 0;
    while (p < b.length && b[p]! >= ZERO && b[p]! <= NINE) m = m * 10 + (b[p++]! - ZERO);
    let digits = p - intStart;
    if (digits === 0 || (digits > 1 && b[intStart] === ZERO)) return -1;
    let decimals = 0;
    if (b[p] === DOT) {
      p++;
      const fracStart = p;
      while (p < b.length && b[p]! >= ZERO && b[p]! <= NINE) m = m * 10 + (b[p++]! - ZERO);
      decimals = p - fracStart;
      if (decimals === 0) return -1;
      digits += decimals;
    }
    if (digits > 15 || decimals > 22) return -1;
    const magnitude = m / POW10[decimals]!;
    const value = checkedValue(def, negative ? -magnitude : magnitude);
    if (typeof value === 'string') rejected.push({ reason: value, metric: def.key, ts });
    else readings.push({ metric: def.key, ts, value });
    const next = b[p++];
    if (next === COMMA) continue;
    if (next !== CLOSE || b[p++] !== CLOSE) return -1;
    times.push(ts);
    return p;
  }
}

/**
 * Whether a batch's time occurs twice, for both ways of reading it. A batch is nearly always in
 * rising time order, which is checked first without building a set.
 */
function repeats(times: readonly unknown[]): boolean {
  let rising = true;
  for (let i = 1; i < times.length && rising; i++) {
    const before = times[i - 1];
    const at = times[i];
    rising = typeof before === 'number' && typeof at === 'number' && at > before;
  }
  return !rising && new Set(times).size !== times.length;
}

/** Adds the key; false when it was there already. */
function addOnce(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

function readingValue(def: MetricDef, raw: unknown): number | null {
  if (typeof raw === 'boolean') return def.kind === 'state' ? Number(raw) : null;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
  if (def.kind === 'state' && !Number.isInteger(raw)) return null;
  return raw;
}

// ---------------------------------------------------------------------------------------------
// Status, ack and (device side) command

/** Parses a status message; the MQTT last will uses the same shape. */
export function parseStatus(input: Uint8Array | string, maxBytes = DEFAULT_MAX_SMALL_BYTES): StatusPayload {
  const raw = decodeJson(input, maxBytes);
  if (!isRecord(raw)) throw new PayloadError('bad_shape');
  const status = raw['status'];
  if (!DEVICE_STATUSES.some((s) => s === status)) throw new PayloadError('bad_shape', 'status');
  return { status: status as StatusPayload['status'], ts: checkTs(raw['ts'], undefined, 0) };
}

const MAX_ACK_MESSAGE = 500;

/** Parses a command ack. An over-long message is cut, not refused: the outcome matters more. */
export function parseAck(input: Uint8Array | string, maxBytes = DEFAULT_MAX_SMALL_BYTES): AckPayload {
  const raw = decodeJson(input, maxBytes);
  if (!isRecord(raw)) throw new PayloadError('bad_shape');
  const { id, status, message } = raw;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) throw new PayloadError('bad_shape', 'id');
  if (!ACK_STATUSES.some((s) => s === status)) throw new PayloadError('bad_shape', 'status');
  if (message !== undefined && typeof message !== 'string') throw new PayloadError('bad_shape', 'message');
  const ack: AckPayload = {
    id,
    status: status as AckPayload['status'],
    ts: checkTs(raw['ts'], undefined, 0),
  };
  if (message !== undefined) ack.message = message.slice(0, MAX_ACK_MESSAGE);
  return ack;
}

/** Parses a command on the device side (the simulator, and firmware written against it). */
export function parseCommand(input: Uint8Array | string, maxBytes = DEFAULT_MAX_SMALL_BYTES): CommandPayload {
  const raw = decodeJson(input, maxBytes);
  if (!isRecord(raw)) throw new PayloadError('bad_shape');
  const { id, name, params } = raw;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) throw new PayloadError('bad_shape', 'id');
  if (typeof name !== 'string' || name.length === 0) throw new PayloadError('bad_shape', 'name');
  const numbers: Record<string, number> = {};
  if (params !== undefined) {
    if (!isRecord(params)) throw new PayloadError('bad_shape', 'params');
    for (const [key, value] of Object.entries(params)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new PayloadError('bad_shape', key);
      numbers[key] = value;
    }
  }
  return { id, name, params: numbers, ts: checkTs(raw['ts'], undefined, 0) };
}
