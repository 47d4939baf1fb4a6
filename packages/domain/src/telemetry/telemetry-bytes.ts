import type { DeviceProfile, MetricDef } from './profiles.js';
import {
  checkTs,
  checkedValue,
  repeats,
  type RejectedReading,
  type TelemetryParseResult,
  type TelemetryReading,
} from './readings.js';

const encoder = new TextEncoder();

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
export function parseCanonical(
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
