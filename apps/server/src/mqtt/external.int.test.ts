import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '@cityloop/domain';
import { freePort, MOSQUITTO, startMosquitto } from '../testing/mosquitto.js';
import { eventually, makeUtilityTestApp, type UtilityTestApp } from './testing.js';

describe.runIf(MOSQUITTO !== undefined)('external broker restart', () => {
  let port: number;
  let broker: ChildProcess;
  let t: UtilityTestApp;

  beforeAll(async () => {
    port = await freePort();
    broker = await startMosquitto(port);
    t = await makeUtilityTestApp({ MQTT_URL: `mqtt://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await t?.close();
    broker?.kill('SIGKILL');
  });

  it('reconnects and subscribes again when the broker restarts', async () => {
    const d = await t.device('pressure_point');
    const c = await t.connect(d.id, d.token, { reconnectPeriod: 300 });
    const device = t.app.services.devices.mustGet(d.id);
    const publish = (ts: number) =>
      c.publishAsync(deviceTopics.telemetry(d.id), JSON.stringify({ ts, values: { pressure: 0.3 } }), {
        qos: 1,
      });
    expect((await t.app.inject({ url: '/api/health/ready' })).json().checks.broker).toBe('ok');
    await publish(Date.now() - 2000);
    await eventually(async () => expect(await t.app.services.telemetry.countStored(device)).toBe(1));

    const exited = new Promise((r) => broker.once('exit', r));
    broker.kill('SIGTERM');
    await exited;
    // While the broker is away the node says it is not ready (a load balancer stops sending).
    const ready = async () => (await t.app.inject({ url: '/api/health/ready' })).json();
    await eventually(async () => expect((await ready()).checks.broker).toBe('failing'), 10_000);
    expect(t.mqtt.ready()).toBe(false);
    await new Promise((r) => setTimeout(r, 1000));
    broker = await startMosquitto(port);
    await eventually(() => expect(c.connected).toBe(true), 15_000);
    await eventually(async () => expect(await ready()).toMatchObject({ status: 'ready' }), 15_000);

    // The server's subscription must be back: keep publishing until a reading arrives.
    await eventually(async () => {
      await publish(Date.now());
      expect(await t.app.services.telemetry.countStored(device)).toBeGreaterThanOrEqual(2);
    }, 20_000);
  });
});
