import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { deviceTopics } from '@cityloop/domain';
import { SCHEDULER_ACTOR } from '../../actor.js';
import { TEST_DATABASE_URL, TEST_DB } from '../../testing/testApp.js';
import { eventually, makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from '../../mqtt/testing.js';

/**
 * Alarm decisions taken while the database is away (PostgreSQL mode): the database refuses
 * connections and the node's sessions are killed while readings raise alarms and devices fall
 * silent. Every decision must be stored once the database is back — none lost, none twice — and
 * the evaluator's memory must agree with the stored alarms afterwards.
 */
describe.runIf(TEST_DB === 'postgres')(`alarms while the database restarts (${TEST_MQTT} broker)`, () => {
  let t: UtilityTestApp;
  let admin: pg.Client;
  let dbName: string;
  let utility: string;

  beforeAll(async () => {
    t = await makeUtilityTestApp();
    utility = await t.login('utility');
    dbName = new URL(t.config.databaseUrl!).pathname.slice(1);
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`alter database ${dbName} allow_connections true`).catch(() => undefined);
    await admin?.end();
    await t?.close();
  });

  const killSessions = () =>
    admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [dbName],
    );

  interface Alarm {
    id: number;
    kind: string;
    state: string;
    severity: string;
    caseId: number | null;
    events?: Array<{ event: string }>;
  }
  async function alarmsOf(deviceId: string): Promise<Alarm[]> {
    const res = await t.app.inject({
      url: `/api/alarms?state=all&deviceId=${deviceId}`,
      headers: { cookie: utility },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Alarm[] }).items;
  }
  async function detail(id: number): Promise<Alarm> {
    const res = await t.app.inject({ url: `/api/alarms/${id}`, headers: { cookie: utility } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Alarm;
  }

  it('stores every raise decided during the outage once, with its case, and clears it after', async () => {
    const points = await Promise.all(Array.from({ length: 5 }, () => t.device('pressure_point')));
    const gauges = await Promise.all(Array.from({ length: 5 }, () => t.device('rain_gauge')));
    const clients = await Promise.all(points.map((d) => t.connect(d.id, d.token)));
    const now = Date.now();
    const publish = (k: number, ts: number, pressure: number) =>
      clients[k]!.publishAsync(
        deviceTopics.telemetry(points[k]!.id),
        JSON.stringify({ ts, values: { pressure } }),
        {
          qos: 1,
        },
      );
    await Promise.all(points.map((_, k) => publish(k, now - 90_000, 0.3)));
    // Silence is measured from the first tick that watched a device.
    t.app.services.alarms.tick(now, SCHEDULER_ACTOR);
    await t.settle();

    await admin.query(`alter database ${dbName} allow_connections false`);
    await killSessions();
    // A pipe burst at every point (a critical rate-of-change alarm that opens a case) and the
    // rain gauges silent for five intervals (no_data): decided now, with no database.
    const messages = t.app.services.telemetry.messages;
    // With the embedded broker the PUBACK waits for the commit, so these wait out the outage.
    const falls = points.map((_, k) => publish(k, now - 60_000, 0.05));
    await eventually(() => expect(t.app.services.telemetry.messages).toBe(messages + points.length), 20_000);
    t.app.services.alarms.tick(now + 301_000, SCHEDULER_ACTOR);
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await killSessions();
    }
    await admin.query(`alter database ${dbName} allow_connections true`);
    await Promise.all(falls);
    await t.settle();

    for (const d of points) {
      const raised = (await alarmsOf(d.id)).filter((a) => a.kind === 'rate_of_change');
      expect(raised.map((a) => `${a.state}:${a.severity}`)).toEqual(['active:critical']);
      expect(raised[0]!.caseId).not.toBeNull();
      const events = (await detail(raised[0]!.id)).events!.map((e) => e.event);
      expect(events).toEqual(['raise', 'case_opened']);
    }
    for (const d of gauges)
      expect((await alarmsOf(d.id)).map((a) => `${a.kind}:${a.state}`)).toEqual(['no_data:active']);

    // Memory and table agree: the recovery clears the stored alarm (a state ahead of the table
    // would have nothing to clear, or clear what was never raised).
    await Promise.all(points.map((_, k) => publish(k, now - 30_000, 0.3)));
    await t.settle();
    for (const d of points) {
      const alarm = (await alarmsOf(d.id)).find((a) => a.kind === 'rate_of_change')!;
      expect(alarm.state).toBe('cleared_unacked');
      expect((await detail(alarm.id)).events!.map((e) => e.event)).toEqual(['raise', 'case_opened', 'clear']);
    }
  });
});
