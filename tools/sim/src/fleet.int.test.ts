import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceTopics,
  mayPublish,
  maySubscribe,
  parseAck,
  parseStatus,
  parseTelemetry,
  parseTopic,
  seedProfile,
  type AckPayload,
} from '@cityloop/domain/telemetry/index';
import { startFleet, type Fleet, type SimDeviceSpec } from './fleet.js';

// A real broker in-process, with per-device credentials and the contract's topic ACL.
const DEVICES: SimDeviceSpec[] = [
  { id: 'bs-0001', type: 'booster_station', token: 'tok-bs' },
  { id: 'pp-0001', type: 'pressure_point', token: 'tok-pp' },
  { id: 'gr-0001', type: 'gas_regulator', token: 'tok-gr' },
];
const INTRUDER: SimDeviceSpec = { id: 'xx-0001', type: 'rain_gauge', token: 'guessed' };
const OBSERVER = { username: 'platform', password: 'platform-secret' };

interface Seen {
  topic: string;
  deviceId: string;
  kind: string;
  payload: Buffer;
  at: number;
}

let broker: Aedes;
let server: Server;
let url: string;
let observer: MqttClient;
let fleet: Fleet;
const seen: Seen[] = [];
const aclDenials: string[] = [];

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function acksFor(commandId: string): AckPayload[] {
  return seen
    .filter((s) => s.kind === 'ack')
    .map((s) => parseAck(s.payload))
    .filter((a) => a.id === commandId);
}

function statuses(deviceId: string): string[] {
  return seen
    .filter((s) => s.kind === 'status' && s.deviceId === deviceId)
    .map((s) => parseStatus(s.payload).status);
}

async function sendCommand(deviceId: string, id: string, name: string, params: Record<string, number>) {
  await observer.publishAsync(
    deviceTopics.commands(deviceId),
    JSON.stringify({ id, name, params, ts: Date.now() }),
    {
      qos: 1,
    },
  );
}

beforeAll(async () => {
  const tokens = new Map(DEVICES.map((d) => [d.id, d.token]));
  broker = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => {
      const ok =
        (username === OBSERVER.username && password?.toString() === OBSERVER.password) ||
        (username !== undefined && tokens.get(username) === password?.toString());
      done(null, ok);
    },
    authorizePublish: (client, packet, done) => {
      if (!client || client.id === 'observer' || mayPublish(client.id, packet.topic)) return done(null);
      aclDenials.push(`${client.id} → ${packet.topic}`);
      done(new Error('not allowed'));
    },
    authorizeSubscribe: (client, sub, done) => {
      if (client.id === 'observer' || maySubscribe(client.id, sub.topic)) return done(null, sub);
      aclDenials.push(`${client.id} ⊂ ${sub.topic}`);
      done(new Error('not allowed'));
    },
  });
  server = createServer(broker.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;

  observer = await mqtt.connectAsync(url, { ...OBSERVER, clientId: 'observer', reconnectPeriod: 0 });
  observer.on('message', (topic, payload) => {
    const parsed = parseTopic(topic);
    if (parsed) seen.push({ topic, ...parsed, payload, at: Date.now() });
  });
  await observer.subscribeAsync('cityloop/v1/devices/#', { qos: 1 });

  fleet = startFleet({ url, devices: [...DEVICES, INTRUDER], intervalMs: 200, seed: 3, commandDelayMs: 50 });
  await fleet.ready;
});

afterAll(async () => {
  await fleet?.stop();
  await observer?.endAsync();
  await new Promise<void>((resolve) => broker?.close(() => resolve()));
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('simulated fleet against a real broker', () => {
  it('connects the devices with their tokens and refuses the one with a wrong token', () => {
    const s = fleet.stats();
    expect(s).toMatchObject({ devices: 4, connected: 3, refused: 1 });
  });

  it('publishes online status and contract-shaped telemetry that parses without rejections', async () => {
    for (const d of DEVICES) {
      await waitFor(`online from ${d.id}`, () => (statuses(d.id).includes('online') ? true : undefined));
      const profile = seedProfile(d.type);
      if (!profile) throw new Error(d.type);
      const msgs = await waitFor(`telemetry from ${d.id}`, () => {
        const m = seen.filter((s) => s.kind === 'telemetry' && s.deviceId === d.id);
        return m.length >= 3 ? m : undefined;
      });
      for (const m of msgs) {
        const raw = JSON.parse(m.payload.toString()) as unknown;
        expect(raw).toMatchObject({ v: 1, ts: expect.any(Number), values: expect.any(Object) });
        const res = parseTelemetry(m.payload, profile, 64 * 1024, { now: Date.now() });
        expect(res.rejected).toEqual([]);
        expect(res.readings.length).toBe(profile.metrics.length);
      }
    }
    expect(seen.some((s) => s.deviceId === INTRUDER.id)).toBe(false);
    expect(aclDenials).toEqual([]);
  });

  it('answers a command with delivered then succeeded and reports the new set-point', async () => {
    await sendCommand('bs-0001', 'cmd-1', 'set_pressure', { value: 0.33 });
    const acks = await waitFor('two acks for cmd-1', () => {
      const a = acksFor('cmd-1');
      return a.length >= 2 ? a : undefined;
    });
    expect(acks.map((a) => a.status)).toEqual(['delivered', 'succeeded']);
    const booster = seedProfile('booster_station');
    if (!booster) throw new Error('booster_station');
    await waitFor('set-point 0.33 in telemetry', () =>
      seen.some(
        (s) =>
          s.kind === 'telemetry' &&
          s.deviceId === 'bs-0001' &&
          parseTelemetry(s.payload, booster).readings.some(
            (r) => r.metric === 'pressure_setpoint' && r.value === 0.33,
          ),
      )
        ? true
        : undefined,
    );
  });

  it('fails a command the device cannot carry out, with a message', async () => {
    await sendCommand('bs-0001', 'cmd-2', 'set_pressure', { value: 0.9 });
    const acks = await waitFor('two acks for cmd-2', () => {
      const a = acksFor('cmd-2');
      return a.length >= 2 ? a : undefined;
    });
    expect(acks.map((a) => a.status)).toEqual(['delivered', 'failed']);
    expect(acks[1]?.message).toMatch(/above_max/);
  });

  it('does not run a redelivered command twice, but repeats its outcome', async () => {
    const before = fleet.stats().commands;
    await sendCommand('bs-0001', 'cmd-1', 'set_pressure', { value: 0.33 });
    await waitFor('repeated ack for cmd-1', () => (acksFor('cmd-1').length >= 3 ? true : undefined));
    expect(acksFor('cmd-1').map((a) => a.status)).toEqual(['delivered', 'succeeded', 'succeeded']);
    expect(fleet.stats().commands).toBe(before);
  });

  it('drops off with its last will, then comes back and forwards what it measured as a batch', async () => {
    const from = Date.now();
    expect(fleet.injectFault('pp-0001', { kind: 'offline', durationMs: 1500 })).toBe(true);
    await waitFor('last will of pp-0001', () => (statuses('pp-0001').includes('offline') ? true : undefined));
    await waitFor('pp-0001 back online', () =>
      seen.some(
        (s) =>
          s.kind === 'status' &&
          s.deviceId === 'pp-0001' &&
          s.at > from &&
          parseStatus(s.payload).status === 'online',
      )
        ? true
        : undefined,
    );
    const batch = await waitFor('a batch from pp-0001', () =>
      seen.find(
        (s) => s.kind === 'telemetry' && s.deviceId === 'pp-0001' && s.payload.toString().startsWith('['),
      ),
    );
    const points = JSON.parse(batch.payload.toString()) as { ts: number }[];
    expect(points.length).toBeGreaterThan(3);
    expect(points.map((p) => p.ts)).toEqual([...points.map((p) => p.ts)].sort((a, b) => a - b));
    expect(fleet.injectFault('nobody', 'offline')).toBe(false);
    expect(fleet.injectFault('xx-0001', 'burst')).toBe(false); // a rain gauge has no pipe to burst
  });

  it('says offline for every device when stopped', async () => {
    await fleet.stop();
    for (const d of DEVICES) {
      await waitFor(`offline from ${d.id}`, () => (statuses(d.id).at(-1) === 'offline' ? true : undefined));
    }
    expect(fleet.stats().connected).toBe(0);
  });
});
