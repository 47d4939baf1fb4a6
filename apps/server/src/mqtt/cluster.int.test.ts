import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, TEST_DB } from '../testing/testApp.js';
import { freePort, MOSQUITTO, startMosquitto } from '../testing/mosquitto.js';
import { loginOver, startNode, type NodeProcess } from '../testing/nodeProcess.js';
import {
  ADMIN_PASSWORD,
  NODE_ENV,
  Publishers,
  expectStoredOnce,
  registerDevices,
} from '../testing/publishers.js';
import { eventually } from './testing.js';

/**
 * Two nodes on one PostgreSQL and one Mosquitto (a shared-subscription group), as a city that
 * outgrows one process runs them: they split the devices' messages, one is killed mid-ingest and
 * started again under its name, and every reading the broker acknowledged is stored exactly once;
 * the cluster's timed jobs run on one node at a time (database leases).
 */
describe.runIf(TEST_DB === 'postgres' && MOSQUITTO !== undefined)('two nodes on one database', () => {
  const nodes: Record<'a' | 'b', NodeProcess | null> = { a: null, b: null };
  let broker: ChildProcess | null = null;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | null = null;
  afterAll(async () => {
    await Promise.all([nodes.a?.stop('SIGKILL'), nodes.b?.stop('SIGKILL')]);
    broker?.kill('SIGKILL');
    await scratch?.drop();
  });

  const METRICS_TOKEN = randomBytes(16).toString('hex');
  /** A Prometheus counter's value on a node (0 when it has none yet). */
  async function counter(node: NodeProcess, name: string, labels: string): Promise<number> {
    const res = await fetch(`${node.httpUrl}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const text = await res.text();
    const key = labels ? `${name}{${labels}} ` : `${name} `;
    const line = text.split('\n').find((l) => l.startsWith(key));
    return line ? Number(line.split(' ').at(-1)) : 0;
  }

  it('split the ingest, lose nothing when one is killed and restarted, and run each job on one node', async () => {
    const port = await freePort();
    broker = await startMosquitto(port, ['max_queued_messages 100000', 'max_inflight_messages 1000']);
    scratch = await createScratchDatabase();
    const mqttUrl = `mqtt://127.0.0.1:${port}`;
    const group = `cluster-${randomBytes(3).toString('hex')}`;
    const env = (name: string) => ({
      ...NODE_ENV,
      DATABASE_URL: scratch!.url,
      MQTT_URL: mqttUrl,
      MQTT_SHARE_GROUP: group,
      NODE_NAME: `${group}-${name}`,
      METRICS_TOKEN,
    });
    // The first node makes the database; the second joins it.
    nodes.a = await startNode(env('a'));
    nodes.b = await startNode(env('b'));
    const devices = await registerDevices(nodes.a.httpUrl, 4);
    // Node b hears of devices registered on a (LISTEN/NOTIFY) before their messages reach it.
    const cookie = await loginOver(nodes.b.httpUrl, 'admin', ADMIN_PASSWORD);
    for (const d of devices)
      await eventually(async () => {
        const res = await fetch(`${nodes.b!.httpUrl}/api/devices/${d.id}`, { headers: { cookie } });
        expect(res.status).toBe(200);
      });

    // Each scheduler job runs on the node holding its lease: over several periods of the rollup
    // job (5 s), exactly one node ran it.
    const rollups = (n: NodeProcess) => counter(n, 'cityloop_job_runs_total', 'job="rollups",outcome="ok"');
    const before = { a: await rollups(nodes.a), b: await rollups(nodes.b) };
    const ran = await eventually(async () => {
      const now = { a: await rollups(nodes.a!), b: await rollups(nodes.b!) };
      expect(now.a - before.a + (now.b - before.b)).toBeGreaterThanOrEqual(2);
      return now;
    }, 30_000);
    expect([ran.a - before.a, ran.b - before.b].filter((n) => n > 0)).toHaveLength(1);

    const check = new pg.Client({ connectionString: scratch.url });
    check.on('error', () => undefined);
    await check.connect();
    const pubs = new Publishers();
    try {
      const perDevice = 1000;
      await pubs.start(mqttUrl, devices, perDevice);
      const count = async () =>
        (await check.query<{ n: number }>(`select count(*)::int as n from readings`)).rows[0]!.n;
      await eventually(async () => expect(await count()).toBeGreaterThan(perDevice), 30_000);
      // Both nodes took a share of the messages.
      const messages = (n: NodeProcess) => counter(n, 'cityloop_ingest_messages_total', '');
      await eventually(async () => {
        expect(await messages(nodes.a!)).toBeGreaterThan(0);
        expect(await messages(nodes.b!)).toBeGreaterThan(0);
      });
      await nodes.a.stop('SIGKILL');
      nodes.a = null;
      await pubs.finished();
      expect(pubs.total).toBe(devices.length * perDevice);
      // The broker kept a's session, and the share it held, for a's return.
      nodes.a = await startNode(env('a'));
      await eventually(async () => expect(await count()).toBeGreaterThanOrEqual(pubs.total), 30_000);
      const rows = (
        await check.query<{ device: string; ts: Date; n: number }>(
          `select d.id as device, r.ts, count(*)::int as n
             from readings r join devices d on d.num = r.device_id
            where d.id = any($1) group by d.id, r.ts`,
          [devices.map((d) => d.id)],
        )
      ).rows;
      expectStoredOnce(
        pubs.acked,
        rows.map((r) => ({ device: r.device, ts: r.ts.getTime(), n: r.n })),
      );
    } finally {
      await pubs.stop();
      await check.end();
    }
  }, 300_000);
});
