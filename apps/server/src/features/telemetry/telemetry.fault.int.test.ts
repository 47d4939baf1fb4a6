import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { deviceTopics } from '@cityloop/domain';
import { TEST_DATABASE_URL, TEST_DB } from '../../testing/testApp.js';
import { eventually, makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from '../../mqtt/testing.js';

/**
 * The database goes away under QoS 1 load (PostgreSQL mode): it refuses connections and the
 * server's sessions are killed. Telemetry must be held (acks wait for the commit, so the
 * publishers wait too) and written after the database returns — every published reading stored
 * exactly once.
 */
describe.runIf(TEST_DB === 'postgres')(`telemetry while the database restarts (${TEST_MQTT} broker)`, () => {
  let t: UtilityTestApp;
  let admin: pg.Client;
  let dbName: string;

  beforeAll(async () => {
    // Embedded broker: the devices' PUBACKs wait for the commit, so they wait out the outage.
    // External broker: a held PUBACK makes the broker queue for this node, and Mosquitto drops
    // beyond max_queued_messages (1000 by default) — the buffer and the broker's in-flight window
    // (Receive Maximum) hold what arrives meanwhile.
    t = await makeUtilityTestApp({ TELEMETRY_BUFFER: '20000' });
    dbName = new URL(t.config.databaseUrl!).pathname.slice(1);
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`alter database ${dbName} allow_connections true`).catch(() => undefined);
    await admin?.end();
    await t?.close();
  });

  async function cut(): Promise<void> {
    await admin.query(`alter database ${dbName} allow_connections false`);
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [dbName],
    );
  }

  it('stores every reading published during the outage exactly once', async () => {
    const devices = await Promise.all(Array.from({ length: 5 }, () => t.device('pressure_point')));
    const clients = await Promise.all(devices.map((d) => t.connect(d.id, d.token)));
    const perDevice = 600;
    const base = Date.now() - 3_600_000;
    let published = 0;
    let sawUnhealthy = false;
    const watch = setInterval(() => {
      if (!t.app.services.telemetry.stats().dbHealthy) sawUnhealthy = true;
    }, 20);

    const publishers = clients.map(async (c, k) => {
      for (let i = 0; i < perDevice; i++) {
        const payload = JSON.stringify({ ts: base + i * 1000, values: { pressure: 0.2 + (i % 100) / 1000 } });
        await c.publishAsync(deviceTopics.telemetry(devices[k]!.id), payload, { qos: 1 });
        published++;
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
      }
    });
    const outage = (async () => {
      while (published < 500) await new Promise((r) => setTimeout(r, 10));
      await cut();
      // Keep killing sessions a pool may have opened in between, for three seconds.
      const until = Date.now() + 3000;
      while (Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [
          dbName,
        ]);
      }
      await admin.query(`alter database ${dbName} allow_connections true`);
    })();
    await Promise.all([...publishers, outage]);
    // With an external broker a PUBACK to the device means the broker has it; the server gets
    // it (and writes it) as its own acks free the broker's window.
    const nums = devices.map((d) => t.app.services.devices.mustGet(d.id).num);
    const storedNow = async () =>
      (
        await Promise.all(
          devices.map((d) => t.app.services.telemetry.countStored(t.app.services.devices.mustGet(d.id))),
        )
      ).reduce((a, b) => a + b, 0);
    await eventually(async () => expect(await storedNow()).toBe(5 * perDevice), 30_000).catch(
      () => undefined,
    );
    await t.settle();
    clearInterval(watch);

    expect(published).toBe(5 * perDevice);
    expect(sawUnhealthy).toBe(true);
    const check = new pg.Client({ connectionString: t.config.databaseUrl! });
    await check.connect();
    const raw = await check.query<{ n: number; distinct: number }>(
      `select count(*)::int as n, count(distinct (device_id, ts))::int as distinct from readings where device_id = any($1)`,
      [nums],
    );
    const rollup = await check.query<{ n: number }>(
      `select sum(n)::int as n from readings_1m where device_id = any($1)`,
      [nums],
    );
    await check.end();
    expect(raw.rows[0]).toEqual({ n: 5 * perDevice, distinct: 5 * perDevice });
    // The rollups count each reading once too, retries and redeliveries notwithstanding.
    expect(rollup.rows[0]!.n).toBe(5 * perDevice);
  });
});
