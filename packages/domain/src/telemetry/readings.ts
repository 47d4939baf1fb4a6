import { DomainError } from '../errors.js';
import type { MetricDef } from './profiles.js';

/**
 * What a device's message yields and how each part of it is judged: the reason codes of a refused
 * message or a dropped reading (the server counts them per device), its times and its values.
 * Both ways of reading telemetry (payload.ts, telemetry-bytes.ts) judge by these.
 */

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

// Devices report in ms; a seconds value (1.7e9) lands before this and is caught.
const EARLIEST_TS = Date.UTC(2000, 0, 1);

/** A message's time: integer epoch ms, after 2000, not too far in the future (when `now` is given). */
export function checkTs(ts: unknown, now: number | undefined, maxFutureSkewMs: number): number {
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < EARLIEST_TS) {
    throw new PayloadError('bad_ts');
  }
  if (now !== undefined && ts > now + maxFutureSkewMs) throw new PayloadError('bad_ts', 'in the future');
  return ts;
}

/** A known metric's value as kept, or why it is dropped. */
export function checkedValue(def: MetricDef, raw: unknown): number | 'bad_value' | 'out_of_range' {
  const value = readingValue(def, raw);
  if (value === null) return 'bad_value';
  return value < def.min || value > def.max ? 'out_of_range' : value;
}

function readingValue(def: MetricDef, raw: unknown): number | null {
  if (typeof raw === 'boolean') return def.kind === 'state' ? Number(raw) : null;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return null;
  if (def.kind === 'state' && !Number.isInteger(raw)) return null;
  return raw;
}

/**
 * Whether a batch's time occurs twice, for both ways of reading it. A batch is nearly always in
 * rising time order, which is checked first without building a set.
 */
export function repeats(times: readonly unknown[]): boolean {
  let rising = true;
  for (let i = 1; i < times.length && rising; i++) {
    const before = times[i - 1];
    const at = times[i];
    rising = typeof before === 'number' && typeof at === 'number' && at > before;
  }
  return !rising && new Set(times).size !== times.length;
}
