import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { parseAck, parseCommand, parseStatus, parseTelemetry } from './payload.js';
import { PayloadError, type PayloadErrorReason } from './readings.js';
import { deviceTopics, mayPublish, maySubscribe, parseTopic } from './topics.js';
import { SEED_PROFILES, seedProfile, type DeviceProfile } from './profiles.js';
import {
  AckPayloadSchema,
  CommandPayloadSchema,
  CommandRequestSchema,
  StatusPayloadSchema,
  TelemetryPayloadSchema,
} from './schemas.js';

const TS = Date.UTC(2025, 6, 1, 8, 0, 0);

function profile(type: string): DeviceProfile {
  const p = seedProfile(type);
  if (!p) throw new Error(`no seed profile ${type}`);
  return p;
}
const booster = profile('booster_station');

function reasonOf(fn: () => unknown): PayloadErrorReason | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (e) {
    if (e instanceof PayloadError) return e.reason;
    throw e;
  }
}

describe('topics', () => {
  it('recognises the three upstream topics of the contract', () => {
    expect(parseTopic('cityloop/v1/devices/wp-0001/telemetry')).toEqual({
      deviceId: 'wp-0001',
      kind: 'telemetry',
    });
    expect(parseTopic('cityloop/v1/devices/wp-0001/status')).toEqual({ deviceId: 'wp-0001', kind: 'status' });
    expect(parseTopic('cityloop/v1/devices/wp-0001/commands/ack')).toEqual({
      deviceId: 'wp-0001',
      kind: 'ack',
    });
  });

  it('rejects other topics, the downstream one and malformed ids', () => {
    for (const t of [
      'cityloop/v1/devices/wp-0001/commands',
      'cityloop/v2/devices/wp-0001/telemetry',
      'cityloop/v1/devices//telemetry',
      'cityloop/v1/devices/+/telemetry',
      'cityloop/v1/devices/wp 1/telemetry',
      'cityloop/v1/devices/wp-0001/telemetry/extra',
      'cityloop/v1/devices/wp-0001',
    ]) {
      expect(parseTopic(t)).toBeNull();
    }
  });

  it('lets a device publish only as itself and subscribe only to its own commands', () => {
    expect(mayPublish('wp-0001', deviceTopics.telemetry('wp-0001'))).toBe(true);
    expect(mayPublish('wp-0001', deviceTopics.ack('wp-0001'))).toBe(true);
    expect(mayPublish('wp-0001', deviceTopics.telemetry('wp-0002'))).toBe(false);
    expect(mayPublish('wp-0001', deviceTopics.commands('wp-0001'))).toBe(false);
    expect(maySubscribe('wp-0001', deviceTopics.commands('wp-0001'))).toBe(true);
    expect(maySubscribe('wp-0001', 'cityloop/v1/devices/+/commands')).toBe(false);
  });
});

describe('parseTelemetry', () => {
  it('parses the single-point form', () => {
    const res = parseTelemetry(JSON.stringify({ ts: TS, values: { discharge_pressure: 0.31 } }), booster);
    expect(res).toEqual({ readings: [{ metric: 'discharge_pressure', ts: TS, value: 0.31 }], rejected: [] });
  });

  it('parses a batch from bytes, with and without the version field', () => {
    const batch = [
      { v: 1, ts: TS, values: { flow: 1200 } },
      { ts: TS + 15_000, values: { flow: 1210, pump1_state: 1 } },
    ];
    const res = parseTelemetry(new TextEncoder().encode(JSON.stringify(batch)), booster);
    expect(res.readings.map((r) => `${r.metric}@${r.ts - TS}=${r.value}`)).toEqual([
      'flow@0=1200',
      'flow@15000=1210',
      'pump1_state@15000=1',
    ]);
  });

  it('turns booleans into 0/1 for state metrics only', () => {
    const res = parseTelemetry(
      JSON.stringify({ ts: TS, values: { pump1_state: true, pump2_state: false, flow: true } }),
      booster,
    );
    expect(res.readings.map((r) => [r.metric, r.value])).toEqual([
      ['pump1_state', 1],
      ['pump2_state', 0],
    ]);
    expect(res.rejected).toEqual([{ reason: 'bad_value', metric: 'flow', ts: TS }]);
  });

  it('drops unknown, malformed, out-of-range and duplicate readings one by one with a reason', () => {
    const batch = [
      {
        ts: TS,
        values: {
          flow: 100,
          colour: 3,
          discharge_pressure: '0.3',
          suction_pressure: -0.1,
          pump1_state: 0.5,
          pressure_setpoint: null,
        },
      },
      { ts: TS, values: { flow: 101, discharge_pressure: 1.6 } },
    ];
    const res = parseTelemetry(JSON.stringify(batch), booster);
    expect(res.readings).toEqual([
      { metric: 'flow', ts: TS, value: 100 },
      { metric: 'discharge_pressure', ts: TS, value: 1.6 },
    ]);
    expect(res.rejected).toEqual([
      { reason: 'unknown_metric', metric: 'colour', ts: TS },
      { reason: 'bad_value', metric: 'discharge_pressure', ts: TS },
      { reason: 'out_of_range', metric: 'suction_pressure', ts: TS },
      { reason: 'bad_value', metric: 'pump1_state', ts: TS },
      { reason: 'bad_value', metric: 'pressure_setpoint', ts: TS },
      { reason: 'duplicate', metric: 'flow', ts: TS },
    ]);
  });

  it('reads a metric named twice in one point once, with its last value (JSON keeps one per key)', () => {
    const res = parseTelemetry(`{"ts":${TS},"values":{"flow":100,"flow":101}}`, booster);
    expect(res.readings).toEqual([{ metric: 'flow', ts: TS, value: 101 }]);
    expect(res.rejected).toEqual([]);
  });

  it('accepts the range limits themselves', () => {
    const res = parseTelemetry(
      JSON.stringify({ ts: TS, values: { flow: 0, discharge_pressure: 1.6 } }),
      booster,
    );
    expect(res.rejected).toEqual([]);
  });

  it('rejects whole messages that cannot be trusted, with a stable reason', () => {
    const p = (x: unknown) => () => parseTelemetry(typeof x === 'string' ? x : JSON.stringify(x), booster);
    expect(reasonOf(p('{"ts":'))).toBe('invalid_json');
    expect(reasonOf(() => parseTelemetry(new Uint8Array([0x7b, 0xff, 0x7d]), booster))).toBe('invalid_json');
    expect(reasonOf(p(42))).toBe('bad_shape');
    expect(reasonOf(p([]))).toBe('bad_shape');
    expect(reasonOf(p([{ ts: TS, values: {} }, 'x']))).toBe('bad_shape');
    expect(reasonOf(p({ ts: TS }))).toBe('bad_shape');
    expect(reasonOf(p({ ts: TS, values: [1] }))).toBe('bad_shape');
    expect(reasonOf(p({ values: { flow: 1 } }))).toBe('bad_ts');
    expect(reasonOf(p({ ts: String(TS), values: { flow: 1 } }))).toBe('bad_ts');
    expect(reasonOf(p({ ts: Math.floor(TS / 1000), values: { flow: 1 } }))).toBe('bad_ts'); // seconds
    expect(reasonOf(p({ ts: TS + 0.5, values: { flow: 1 } }))).toBe('bad_ts');
    expect(reasonOf(p({ v: 2, ts: TS, values: {} }))).toBe('unsupported_version');
    expect(reasonOf(p({ v: '1', ts: TS, values: {} }))).toBe('unsupported_version');
  });

  it('refuses payloads over the byte limit before parsing them, counting UTF-8 bytes', () => {
    const msg = JSON.stringify({ ts: TS, values: { flow: 1 } });
    expect(reasonOf(() => parseTelemetry(msg, booster, msg.length))).toBe('no error');
    expect(reasonOf(() => parseTelemetry(msg, booster, msg.length - 1))).toBe('too_large');
    expect(reasonOf(() => parseTelemetry(new TextEncoder().encode(msg), booster, 10))).toBe('too_large');
    // Each 水 is one UTF-16 unit but three UTF-8 bytes.
    const wide = JSON.stringify({ ts: TS, values: { 水水水水水水水水水水水水水: 1 } });
    expect(reasonOf(() => parseTelemetry(wide, booster, wide.length + 5))).toBe('too_large');
  });

  it('refuses a batch with more points than allowed', () => {
    const batch = Array.from({ length: 11 }, (_, i) => ({ ts: TS + i, values: {} }));
    expect(reasonOf(() => parseTelemetry(JSON.stringify(batch), booster, 65536, { maxBatch: 10 }))).toBe(
      'batch_too_large',
    );
  });

  it('refuses points stamped too far in the future when the server time is given', () => {
    const msg = JSON.stringify({ ts: TS + 10 * 60_000, values: { flow: 1 } });
    expect(reasonOf(() => parseTelemetry(msg, booster, 65536, { now: TS }))).toBe('bad_ts');
    expect(reasonOf(() => parseTelemetry(msg, booster, 65536, { now: TS, maxFutureSkewMs: 600_000 }))).toBe(
      'no error',
    );
  });

  it('is a PayloadError carrying the telemetry.invalid_payload domain code', () => {
    try {
      parseTelemetry('nope', booster);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PayloadError);
      expect((e as PayloadError).code).toBe('telemetry.invalid_payload');
      expect((e as PayloadError).details).toEqual({ reason: 'invalid_json' });
    }
  });
});

describe('parseTelemetry: the canonical point and batch read from bytes', () => {
  // parseTelemetry reads `{"ts":…,"values":{…}}` and `[{…},…]` bytes on a fast path of its own and gives
  // everything else (and every string) to JSON.parse. A string of the same text is therefore
  // the reference: both must give the same readings, the same rejections or the same error.
  type Outcome = { error: PayloadErrorReason } | { readings: unknown[]; rejected: unknown[] };
  function outcome(input: Uint8Array | string, p: DeviceProfile, now?: number, maxBatch = 1000): Outcome {
    try {
      const r = parseTelemetry(input, p, 4096, now === undefined ? { maxBatch } : { now, maxBatch });
      return { readings: r.readings, rejected: r.rejected };
    } catch (e) {
      if (e instanceof PayloadError) return { error: e.reason };
      throw e;
    }
  }
  function same(text: string, p: DeviceProfile, now?: number, maxBatch?: number): Outcome {
    const fromBytes = outcome(new TextEncoder().encode(text), p, now, maxBatch);
    expect(fromBytes, text).toEqual(outcome(text, p, now, maxBatch));
    return fromBytes;
  }

  it('reads values exactly as JSON.parse does, -0 included', () => {
    const pressure = profile('pressure_point');
    for (const v of ['0.31', '0.1', '0.30001', '1', '0', '0.5999999999999999', '0.123456789012345']) {
      const text = `{"ts":${TS},"values":{"pressure":${v}}}`;
      const r = same(text, pressure);
      expect(r).toEqual({
        readings: [{ metric: 'pressure', ts: TS, value: JSON.parse(v) as number }],
        rejected: [],
      });
    }
    // Past 15 digits a number's digits no longer fit a double exactly: the general way decides.
    let seed = 7;
    const digit = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return String(Math.floor((seed / 2147483648) * 10));
    };
    for (let i = 0; i < 2000; i++) {
      const v = `0.${Array.from({ length: 14 + (i % 8) }, digit).join('')}`;
      expect(same(`{"ts":${TS},"values":{"pressure":${v}}}`, pressure)).toEqual({
        readings: [{ metric: 'pressure', ts: TS, value: JSON.parse(v) as number }],
        rejected: [],
      });
    }
    const minusZero = parseTelemetry(
      new TextEncoder().encode(`{"ts":${TS},"values":{"pressure":-0}}`),
      pressure,
    );
    expect(Object.is(minusZero.readings[0]!.value, -0)).toBe(true);
  });

  it('judges values, times and shapes as the general way does', () => {
    const p = profile('booster_station');
    const cases = [
      `{"ts":${TS},"values":{"flow":1200,"pump1_state":1,"discharge_pressure":0.31}}`,
      `{"ts":${TS},"values":{"flow":-5,"pump1_state":0.5,"nope":1}}`,
      `{"ts":${TS},"values":{"flow":1,"flow":2}}`,
      `{"ts":${TS},"values":{"pump1_state":true}}`,
      `{"ts":${TS},"values":{}}`,
      `{"ts":1700000000,"values":{"flow":1}}`,
      `{"ts":${TS + 3_600_000},"values":{"flow":1}}`,
      `{"ts":0${TS},"values":{"flow":1}}`,
      `{"ts":${TS},"values":{"flow":01}}`,
      `{"ts":${TS},"values":{"flow":1.}}`,
      `{"ts":${TS},"values":{"flow":1e3}}`,
      `{"ts":${TS},"values":{"flow":1}}\n`,
      `{"ts":${TS},"values":{"flow":1}`,
      `{"ts":${TS},"values":{"flow":1}}}`,
      `{ "ts":${TS},"values":{"flow":1}}`,
      `{"v":1,"ts":${TS},"values":{"flow":1}}`,
      `{"ts":${TS},"values":{"fl\\u006fw":1}}`,
      `[{"ts":${TS},"values":{"flow":1}},{"ts":${TS + 1},"values":{"flow":2,"pump1_state":1}}]`,
      `[{"ts":${TS},"values":{"flow":1}},{"ts":${TS},"values":{"flow":2}}]`,
      `[{"ts":${TS + 1},"values":{"flow":1}},{"ts":${TS},"values":{"flow":-2}}]`,
      `[{"ts":${TS},"values":{"flow":1}},{"ts":1700000000,"values":{"flow":2}}]`,
      `[{"ts":${TS},"values":{"flow":1}},{"ts":${TS + 1},"values":{"flow":2}},]`,
      `[{"ts":${TS},"values":{"flow":1}} ,{"ts":${TS + 1},"values":{"flow":2}}]`,
      `[{"ts":${TS},"values":{"flow":1}}][]`,
      `[{"ts":${TS},"values":{"flow":1}}`,
      `[]`,
      `[[{"ts":${TS},"values":{"flow":1}}]]`,
    ];
    for (const text of cases) {
      const r = same(text, p, TS);
      // The batch limit: the general way refuses a batch over it, whatever its points.
      if (text.startsWith('[{') && 'readings' in r) {
        const points = text.split('"ts":').length - 1;
        expect(same(text, p, TS, 1)).toEqual(points > 1 ? { error: 'batch_too_large' } : r);
      }
    }
  });

  it('agrees with the general way on 20,000 generated near-canonical points and batches', () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
    const numbers = [
      () => String(Math.floor(rnd() * 2000)),
      () => `${Math.floor(rnd() * 100)}.${digits(1 + Math.floor(rnd() * 20))}`,
      () => `-${Math.floor(rnd() * 10)}.${digits(1 + Math.floor(rnd() * 6))}`,
      () => `${digits(1 + Math.floor(rnd() * 18))}`,
      () => `0.${digits(1 + Math.floor(rnd() * 25))}`,
      () => pick(['-0', '0', '1', '0.0', '1.0', '01', '1.', '.5', '-', '1e2', '1E-3', '2.5e-1']),
      () => pick(['true', 'false', 'null', '"0.3"', 'NaN', '[1]', '{}']),
    ];
    const times = [
      () => String(TS + Math.floor(rnd() * 100_000)),
      () => String(TS + 3_600_000),
      () => pick(['0', '-1', '1700000000', `0${TS}`, `${TS}.5`, '1.7e12', '99999999999999999', `"${TS}"`]),
    ];
    const noise = (text: string): string => {
      switch (Math.floor(rnd() * 12)) {
        case 0:
          return text.slice(0, Math.floor(rnd() * text.length));
        case 1: {
          const at = Math.floor(rnd() * text.length);
          return text.slice(0, at) + pick([' ', '\n', ',', '}', '"', 'é', '\\']) + text.slice(at);
        }
        case 2:
          return `[${text}]`;
        default:
          return text;
      }
    };
    const profiles = SEED_PROFILES;
    for (let i = 0; i < 20_000; i++) {
      const p = pick(profiles);
      const keys = [...p.metrics.map((m) => m.key), 'nope', '1a', 'pressure', '压力'];
      const point = () => {
        const entries = Array.from(
          { length: Math.floor(rnd() * 5) },
          () => `"${rnd() < 0.85 ? pick(p.metrics).key : pick(keys)}":${pick(numbers)()}`,
        );
        return `{"ts":${pick(times)()},"values":{${entries.join(',')}}}`;
      };
      // A third are batches of 1–5 points: their times mostly ascending, sometimes repeated.
      let text: string;
      if (rnd() < 0.33) {
        let t = TS + Math.floor(rnd() * 1000);
        const points = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => {
          if (rnd() < 0.15) return point();
          t += rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 60_000);
          return point().replace(/^\{"ts":[^,]*,/, `{"ts":${t},`);
        });
        text = noise(`[${points.join(',')}]`);
      } else text = noise(point());
      same(text, p, rnd() < 0.5 ? TS + 50_000 : undefined);
    }
  });
});

describe('status, ack and command messages', () => {
  it('parses status messages, including the last will', () => {
    expect(parseStatus(JSON.stringify({ status: 'offline', ts: TS }))).toEqual({ status: 'offline', ts: TS });
    expect(reasonOf(() => parseStatus(JSON.stringify({ status: 'sleeping', ts: TS })))).toBe('bad_shape');
    expect(reasonOf(() => parseStatus(JSON.stringify({ status: 'online' })))).toBe('bad_ts');
  });

  it('parses acks and cuts an over-long message instead of losing the outcome', () => {
    const ack = parseAck(
      JSON.stringify({ id: 'c1', status: 'failed', message: 'x'.repeat(900), ts: TS }),
      4096,
    );
    expect(ack.status).toBe('failed');
    expect(ack.message).toHaveLength(500);
    expect(parseAck(JSON.stringify({ id: 'c1', status: 'delivered', ts: TS }))).toEqual({
      id: 'c1',
      status: 'delivered',
      ts: TS,
    });
    expect(reasonOf(() => parseAck(JSON.stringify({ id: 'c1', status: 'done', ts: TS })))).toBe('bad_shape');
    expect(reasonOf(() => parseAck(JSON.stringify({ id: '', status: 'failed', ts: TS })))).toBe('bad_shape');
    expect(reasonOf(() => parseAck(JSON.stringify({ id: 'c1', status: 'failed', message: 3, ts: TS })))).toBe(
      'bad_shape',
    );
  });

  it('parses commands on the device side, params optional', () => {
    const cmd = { id: 'c9', name: 'set_pressure', params: { value: 0.35 }, ts: TS };
    expect(parseCommand(JSON.stringify(cmd))).toEqual(cmd);
    expect(parseCommand(JSON.stringify({ id: 'c9', name: 'close_valve', ts: TS })).params).toEqual({});
    expect(reasonOf(() => parseCommand(JSON.stringify({ ...cmd, params: { value: 'high' } })))).toBe(
      'bad_shape',
    );
  });
});

describe('schemas agree with the parsers', () => {
  it('accepts the contract examples', () => {
    expect(Value.Check(TelemetryPayloadSchema, { ts: TS, values: { pressure: 0.31 } })).toBe(true);
    expect(Value.Check(TelemetryPayloadSchema, [{ v: 1, ts: TS, values: { pump1_state: true } }])).toBe(true);
    expect(Value.Check(StatusPayloadSchema, { status: 'online', ts: TS })).toBe(true);
    expect(
      Value.Check(CommandPayloadSchema, { id: 'c1', name: 'set_pressure', params: { value: 0.35 }, ts: TS }),
    ).toBe(true);
    expect(Value.Check(AckPayloadSchema, { id: 'c1', status: 'succeeded', ts: TS })).toBe(true);
    expect(Value.Check(CommandRequestSchema, { name: 'set_pressure', params: { value: 0.35 } })).toBe(true);
  });

  it('refuses what the parsers refuse', () => {
    expect(Value.Check(TelemetryPayloadSchema, { ts: TS, values: { pressure: '0.31' } })).toBe(false);
    expect(Value.Check(StatusPayloadSchema, { status: 'sleeping', ts: TS })).toBe(false);
    expect(Value.Check(AckPayloadSchema, { id: 'c1', status: 'done', ts: TS })).toBe(false);
    expect(Value.Check(CommandRequestSchema, { name: 'set_pressure', params: { value: 'x' } })).toBe(false);
    expect(Value.Check(CommandRequestSchema, { name: 'set_pressure', extra: 1 })).toBe(false);
  });
});
