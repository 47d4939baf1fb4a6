import type { DeviceProfile, MetricDef } from './profiles.js';
import {
  PayloadError,
  checkTs,
  checkedValue,
  repeats,
  type RejectedReading,
  type TelemetryParseResult,
  type TelemetryReading,
} from './readings.js';
import {
  ACK_STATUSES,
  DEVICE_STATUSES,
  TELEMETRY_VERSION,
  type AckPayload,
  type CommandPayload,
  type StatusPayload,
} from './schemas.js';
import { parseCanonical } from './telemetry-bytes.js';

/**
 * Parsing of device messages. Parsers never trust the device: every problem has a stable reason
 * code (readings.ts; the server counts them per device), a whole message is rejected only when
 * nothing in it can be trusted, and single bad readings are dropped one by one. Telemetry in the
 * shape nearly every device sends is read straight from its bytes (telemetry-bytes.ts); the rest
 * is decoded here. Topics are in topics.ts.
 */

// ---------------------------------------------------------------------------------------------
// Decoding

export const DEFAULT_MAX_TELEMETRY_BYTES = 64 * 1024;
const DEFAULT_MAX_SMALL_BYTES = 4 * 1024;

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

/** Adds the key; false when it was there already. */
function addOnce(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
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
