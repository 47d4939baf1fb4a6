import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  deviceTopics,
  mayPublish,
  maySubscribe,
  parseAck,
  parseCommand,
  parseStatus,
  parseTelemetry,
  parseTopic,
  PayloadError,
  type PayloadErrorReason,
} from './payload.js';
import { seedProfile, type DeviceProfile } from './profiles.js';
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
