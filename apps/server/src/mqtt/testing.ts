import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { ALL_QUEUED } from '../features/telemetry/telemetry.rollups.js';
import { makeTestApp, type TestApp } from '../testing/testApp.js';
import { startMqtt, type MqttRuntime } from './runtime.js';

/**
 * Which broker the MQTT integration tests use: the embedded Aedes (default) or an external one
 * (TEST_MQTT=external, at TEST_MQTT_URL, Mosquitto at 127.0.0.1:1883 in CI).
 */
export const TEST_MQTT = process.env.TEST_MQTT === 'external' ? 'external' : 'embedded';
export const TEST_MQTT_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

export interface UtilityTestApp extends TestApp {
  mqtt: MqttRuntime;
  admin: string;
  /** A fresh device of the type with a unique id (tests share an external broker). */
  device(type: string, patch?: { lon?: number; lat?: number }): Promise<{ id: string; token: string }>;
  /** A real MQTT client logged in as the device. */
  connect(id: string, token: string, opts?: mqtt.IClientOptions): Promise<MqttClient>;
  /** Waits until everything received so far is processed and written, rollups included. */
  settle(): Promise<void>;
}

/** A test app with its MQTT side started (broker or external client) on free ports. */
export async function makeUtilityTestApp(env: Record<string, string> = {}): Promise<UtilityTestApp> {
  const t = await makeTestApp({ ...(TEST_MQTT === 'external' ? { MQTT_URL: TEST_MQTT_URL } : {}), ...env });
  const runtime = await startMqtt(t.app.ingest, {
    url: t.config.mqttUrl,
    port: 0,
    explicit: false,
    host: '127.0.0.1',
    // Test files run in parallel against one Mosquitto: each app is its own share group.
    shareGroup: `cityloop-test-${randomBytes(4).toString('hex')}`,
    log: (msg, err) => {
      if (process.env.TEST_LOG === '1') console.error(msg, err);
    },
  });
  t.app.platform.readiness.set('broker', () => runtime.ready());
  const admin = await t.login('admin');
  const suffix = randomBytes(3).toString('hex');
  let n = 0;
  const clients: MqttClient[] = [];
  const centre = t.app.services.devices.byId('pp-0001') ?? { lon: 121.4, lat: 37.53 };
  return {
    ...t,
    mqtt: runtime,
    admin,
    async device(type, patch = {}) {
      const id = `t${suffix}-${type.slice(0, 2)}-${++n}`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/devices',
        headers: { cookie: admin },
        payload: {
          id,
          type,
          name: `测试${type}${n}`,
          lon: patch.lon ?? centre.lon,
          lat: patch.lat ?? centre.lat,
        },
      });
      if (res.statusCode !== 200) throw new Error(`creating ${id}: ${res.body}`);
      return { id, token: (res.json() as { token: string }).token };
    },
    async connect(id, token, opts = {}) {
      const c = await mqtt.connectAsync(runtime.url, {
        clientId: id,
        username: id,
        password: token,
        reconnectPeriod: 0,
        ...opts,
      });
      clients.push(c);
      return c;
    },
    async settle() {
      // Messages are handed to the server asynchronously: give the broker a moment, then drain.
      await new Promise((r) => setTimeout(r, TEST_MQTT === 'external' ? 300 : 100));
      await runtime.ingest.settled();
      await t.app.services.telemetry.writer.drain();
      await t.app.services.telemetry.rollUp(ALL_QUEUED);
      await t.app.services.alarms.settled();
      await runtime.ingest.settled();
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
      await runtime.close();
      await t.close();
    },
  };
}

/** Polls until the check passes (or throws its last failure after the timeout). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
