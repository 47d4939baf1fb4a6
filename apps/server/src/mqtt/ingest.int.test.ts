import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { deviceTopics } from '@cityloop/domain';
import { eventually, makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from './testing.js';

let t: UtilityTestApp;
beforeAll(async () => {
  t = await makeUtilityTestApp();
});
afterAll(() => t.close());

async function detail(id: string) {
  const res = await t.app.inject({ url: `/api/devices/${id}`, headers: { cookie: t.admin } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    status: string;
    latest: Array<{ metric: string; value: number }>;
    drops: Array<{ reason: string; count: number }>;
  };
}

const stored = (id: string) => t.app.services.telemetry.countStored(t.app.services.devices.mustGet(id));

describe(`MQTT ingest (${TEST_MQTT} broker)`, () => {
  it('stores QoS 1 telemetry once, however often it is delivered, single points and batches alike', async () => {
    const d = await t.device('pressure_point');
    const c = await t.connect(d.id, d.token);
    const ts = Date.now() - 60_000;
    const point = JSON.stringify({ ts, values: { pressure: 0.31, battery: 88 } });
    await c.publishAsync(deviceTopics.telemetry(d.id), point, { qos: 1 });
    await c.publishAsync(deviceTopics.telemetry(d.id), point, { qos: 1 }); // a redelivery
    const batch = Array.from({ length: 10 }, (_, i) => ({
      ts: ts + (i + 1) * 1000,
      values: { pressure: 0.3 + i / 1000 },
    }));
    await c.publishAsync(deviceTopics.telemetry(d.id), JSON.stringify(batch), { qos: 1 });
    await c.publishAsync(deviceTopics.telemetry(d.id), JSON.stringify(batch), { qos: 1 });
    await t.settle();
    expect(await stored(d.id)).toBe(12);
    const dev = await detail(d.id);
    expect(dev.status).toBe('online');
    expect(dev.latest.find((l) => l.metric === 'pressure')?.value).toBeCloseTo(0.309);
  });

  it('drops invalid payloads, counts them per device and reason, and keeps the connection', async () => {
    const d = await t.device('pressure_point');
    const c = await t.connect(d.id, d.token);
    const topic = deviceTopics.telemetry(d.id);
    const ts = Date.now() - 1000;
    await c.publishAsync(topic, '{not json', { qos: 1 });
    await c.publishAsync(topic, JSON.stringify({ ts, values: { pressure: 7 } }), { qos: 1 }); // out of range
    await c.publishAsync(topic, JSON.stringify({ ts, values: { flux: 1 } }), { qos: 1 }); // unknown metric
    await c.publishAsync(topic, JSON.stringify({ ts: 1700, values: { pressure: 0.3 } }), { qos: 1 }); // seconds, not ms
    await c.publishAsync(topic, JSON.stringify({ ts, values: { pressure: 'high' } }), { qos: 1 });
    await c.publishAsync(topic, Buffer.alloc(70 * 1024, 0x20), { qos: 1 }); // huge
    await c.publishAsync(deviceTopics.status(d.id), '{"status":"sleeping"}', { qos: 1 });
    await c.publishAsync(topic, JSON.stringify({ ts, values: { pressure: 0.33 } }), { qos: 1 });
    await t.settle();
    expect(c.connected).toBe(true);
    expect(await stored(d.id)).toBe(1);
    await t.app.services.devices.flushCounters();
    const drops = Object.fromEntries((await detail(d.id)).drops.map((x) => [x.reason, x.count]));
    expect(drops).toMatchObject({
      invalid_json: 1,
      out_of_range: 1,
      unknown_metric: 1,
      bad_ts: 1,
      bad_value: 1,
      too_large: 1,
      bad_shape: 1,
    });
  });

  it('takes link status from the status topic and the last will, by receipt time', async () => {
    const d = await t.device('rain_gauge');
    const c = await t.connect(d.id, d.token, {
      will: {
        topic: deviceTopics.status(d.id),
        payload: Buffer.from(JSON.stringify({ status: 'offline', ts: Date.now() - 60_000 })),
        qos: 1,
        retain: false,
      },
    });
    await c.publishAsync(deviceTopics.status(d.id), JSON.stringify({ status: 'online', ts: Date.now() }), {
      qos: 1,
    });
    await eventually(async () => expect((await detail(d.id)).status).toBe('online'));
    // Dropping the socket without DISCONNECT makes the broker publish the will.
    c.stream.destroy();
    await eventually(async () => expect((await detail(d.id)).status).toBe('offline'));
  });

  it('counts messages of devices it does not know', async () => {
    const before = t.app.services.telemetry.dropped.get('unknown_device') ?? 0;
    if (TEST_MQTT === 'external') {
      // Mosquitto authenticates (or not) on its own; the server still refuses to store them.
      const c = await mqtt.connectAsync(t.mqtt.url, { clientId: `ghost-${Date.now()}`, reconnectPeriod: 0 });
      await c.publishAsync(
        deviceTopics.telemetry('ghost-1'),
        JSON.stringify({ ts: Date.now(), values: { x: 1 } }),
        { qos: 1 },
      );
      await t.settle();
      await c.endAsync();
      expect(t.app.services.telemetry.dropped.get('unknown_device') ?? 0).toBeGreaterThan(before);
    } else {
      await expect(
        mqtt.connectAsync(t.mqtt.url, {
          clientId: 'ghost-1',
          username: 'ghost-1',
          password: 'x',
          reconnectPeriod: 0,
        }),
      ).rejects.toThrow();
      expect(t.app.services.telemetry.refused.get('unknown_device') ?? 0).toBeGreaterThan(0);
    }
  });

  it.runIf(TEST_MQTT === 'embedded')('refuses a wrong token and counts it on the device', async () => {
    const d = await t.device('rain_gauge');
    await expect(t.connect(d.id, 'wrong-token')).rejects.toThrow(/Bad username or password/i);
    await t.app.services.devices.flushCounters();
    expect((await detail(d.id)).drops.find((x) => x.reason === 'bad_token')?.count).toBe(1);
  });

  it.runIf(TEST_MQTT === 'embedded')(
    'lets a device publish only its own topics and subscribe only to its own commands',
    async () => {
      const a = await t.device('pressure_point');
      const b = await t.device('drainage_station');
      const ca = await t.connect(a.id, a.token);
      // Refused in the SUBACK (0x80); mqtt.js reports that as an error, the connection stays.
      await expect(ca.subscribeAsync(deviceTopics.commands(b.id), { qos: 1 })).rejects.toThrow(
        /Subscribe error/,
      );
      expect(ca.connected).toBe(true);
      const own = await ca.subscribeAsync(deviceTopics.commands(a.id), { qos: 1 });
      expect(own[0]?.qos).toBe(1);

      const cb = await t.connect(b.id, b.token);
      const toB: string[] = [];
      cb.on('message', (_topic, payload) => toB.push(payload.toString()));
      await cb.subscribeAsync(deviceTopics.commands(b.id), { qos: 1 });
      await cb.publishAsync(deviceTopics.status(b.id), JSON.stringify({ status: 'online', ts: Date.now() }), {
        qos: 1,
      });
      // Another device's topics: acknowledged and dropped, counted on the sender, the connection
      // stays (a refusal by disconnecting made standard clients reconnect and resend forever).
      await ca.publishAsync(
        deviceTopics.telemetry(b.id),
        JSON.stringify({ ts: Date.now(), values: { level: 1.2 } }),
        { qos: 1 },
      );
      const forged = JSON.stringify({ id: 999999, name: 'stop_pump', params: { pump: 1 }, ts: Date.now() });
      await ca.publishAsync(deviceTopics.commands(b.id), forged, { qos: 1, retain: true });
      expect(ca.connected).toBe(true);
      // The first command b hears is the one an operator sends, not the forged one.
      await eventually(() => expect(t.app.services.devices.mustGet(b.id).status).toBe('online'));
      const utility = await t.login('utility');
      const sent = await t.app.inject({
        method: 'POST',
        url: `/api/devices/${b.id}/commands`,
        headers: { cookie: utility },
        payload: { name: 'start_pump', params: { pump: 2 } },
      });
      expect(sent.statusCode, sent.body).toBe(200);
      await eventually(() => expect(toB.length).toBeGreaterThan(0));
      expect(JSON.parse(toB[0]!)).toMatchObject({ id: String(sent.json().id), name: 'start_pump' });
      // Nor was it kept as a retained message for b's next subscription.
      const broker = t.mqtt.broker!.broker as unknown as {
        persistence: { createRetainedStream(pattern: string): AsyncIterable<unknown> };
      };
      const retained: unknown[] = [];
      for await (const p of broker.persistence.createRetainedStream('#')) retained.push(p);
      expect(retained).toEqual([]);
      await t.settle();
      expect(await stored(b.id)).toBe(0);
      await t.app.services.devices.flushCounters();
      const drops = Object.fromEntries((await detail(a.id)).drops.map((x) => [x.reason, x.count]));
      expect(drops).toMatchObject({ acl_publish: 2, acl_subscribe: 1 });
    },
  );

  it.runIf(TEST_MQTT === 'embedded')(
    'refuses a client id that reconnects in a loop for a while, and counts it on the device',
    async () => {
      const d = await t.device('rain_gauge');
      // A burst of connects is fine (a device on a bad network) …
      for (let i = 0; i < 10; i++) await (await t.connect(d.id, d.token)).endAsync();
      // … a loop is not: the broker answers "server unavailable" until the id's budget refills.
      await expect(t.connect(d.id, d.token)).rejects.toThrow(/Server unavailable/i);
      await t.app.services.devices.flushCounters();
      expect((await detail(d.id)).drops.find((x) => x.reason === 'reconnect_limited')?.count).toBe(1);
    },
  );

  it('does not take a device that has sent only garbage for online', async () => {
    const d = await t.device('pressure_point');
    const c = await t.connect(d.id, d.token);
    const topic = deviceTopics.telemetry(d.id);
    await c.publishAsync(topic, '{not json', { qos: 1 });
    await c.publishAsync(topic, JSON.stringify({ ts: Date.now(), values: { pressure: 'high' } }), { qos: 1 });
    await c.publishAsync(topic, JSON.stringify({ ts: Date.now(), values: { flux: 1 } }), { qos: 1 });
    await c.publishAsync(deviceTopics.status(d.id), '{"status":"sleeping"}', { qos: 1 });
    await t.settle();
    const silent = await detail(d.id);
    expect(silent.status).not.toBe('online');
    expect(silent.latest).toEqual([]);
    await c.publishAsync(topic, JSON.stringify({ ts: Date.now(), values: { pressure: 0.3 } }), { qos: 1 });
    await t.settle();
    expect((await detail(d.id)).status).toBe('online');
  });

  it('serves a series from raw rows and from the 1-minute and 1-hour rollups, which agree', async () => {
    const d = await t.device('pressure_point');
    const c = await t.connect(d.id, d.token);
    const hour = 3_600_000;
    const start = Math.floor((Date.now() - 5 * hour) / hour) * hour;
    // Three hours at 10 s: value = hour index + 0.01 × minute, so every bucket's mean is known.
    const points = [];
    for (let ts = start; ts < start + 3 * hour; ts += 10_000) {
      const h = Math.floor((ts - start) / hour);
      const m = Math.floor(((ts - start) % hour) / 60_000);
      points.push({ ts, values: { pressure: 0.1 * h + 0.001 * m } });
    }
    for (let i = 0; i < points.length; i += 500) {
      await c.publishAsync(deviceTopics.telemetry(d.id), JSON.stringify(points.slice(i, i + 500)), {
        qos: 1,
      });
    }
    await t.settle();
    expect(await stored(d.id)).toBe(points.length);
    const get = async (q: string) => {
      const res = await t.app.inject({
        url: `/api/devices/${d.id}/series?metric=pressure&${q}`,
        headers: { cookie: t.admin },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        resolution: string;
        stepS: number;
        t: number[];
        avg: number[];
        min: number[];
        max: number[];
      };
    };
    const from = new Date(start).toISOString();
    const to = new Date(start + 3 * hour).toISOString();
    const raw = await get(`from=${from}&to=${to}&step=10`);
    expect(raw.resolution).toBe('raw');
    expect(raw.t).toHaveLength(points.length);
    const minute = await get(`from=${from}&to=${to}&step=60`);
    expect(minute.resolution).toBe('1m');
    expect(minute.t).toHaveLength(180);
    expect(minute.avg[61]).toBeCloseTo(0.101);
    const hourly = await get(`from=${from}&to=${to}&step=3600`);
    expect(hourly.resolution).toBe('1h');
    expect(hourly.t).toEqual([start, start + hour, start + 2 * hour]);
    expect(hourly.avg[1]).toBeCloseTo(0.1 + 0.0295);
    expect(hourly.max[2]).toBeCloseTo(0.259);
    // A week at the default step comes from a rollup.
    const week = await get(`from=${new Date(start - 6 * 24 * hour).toISOString()}&to=${to}`);
    expect(week.resolution).not.toBe('raw');
  });

  it('shows the demo tokens to administrators only and hands the simulator the demo fleet', async () => {
    const utility = await t.login('utility');
    const asUtility = await t.app.inject({ url: '/api/devices/wp-0001', headers: { cookie: utility } });
    expect(asUtility.json().token).toBeNull();
    const asAdmin = await t.app.inject({ url: '/api/devices/wp-0001', headers: { cookie: t.admin } });
    expect(asAdmin.json().token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Device tokens only to an administrator (the simulator signs in), never to an anonymous local peer.
    expect((await t.app.inject({ url: '/api/sim/devices?limit=16' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/sim/devices?limit=16', headers: { cookie: utility } })).statusCode,
    ).toBe(403);
    const sim = await t.app.inject({ url: '/api/sim/devices?limit=16', headers: { cookie: t.admin } });
    expect(sim.statusCode).toBe(200);
    const fleet = sim.json() as Array<{ id: string; type: string; token: string }>;
    expect(fleet).toHaveLength(16);
    // Spread over the types (the eight utility ones at least; street-light cabinets and snow gauges too).
    expect(new Set(fleet.map((f) => f.type)).size).toBeGreaterThanOrEqual(8);
    expect(fleet.find((f) => f.id === 'wp-0001')?.token).toBe(asAdmin.json().token);
  });
});
