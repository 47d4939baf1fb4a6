import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../db/pglite.js';
import { createScratchDatabase, TEST_DB } from '../testing/testApp.js';
import { freePort, MOSQUITTO, startMosquitto } from '../testing/mosquitto.js';
import { startNode, type NodeProcess } from '../testing/nodeProcess.js';
import { NODE_ENV, Publishers, expectStoredOnce, registerDevices } from '../testing/publishers.js';
import { eventually } from './testing.js';

/**
 * A node killed with SIGKILL while devices publish at QoS 1: after its restart, every reading whose
 * PUBACK a device saw is stored, once. Embedded broker: the node's own PUBACK, sent after the
 * commit. External broker: the broker's PUBACK; the broker keeps the node's session (and what it
 * had not handed over or the node had not acknowledged) until the node comes back.
 */

const DEVICES = 4;
/** The node is killed once the devices have seen this many PUBACKs. */
const KILL_AFTER = 500;

describe.runIf(TEST_DB === 'pglite')('a node killed mid-ingest (embedded broker, PGlite on disk)', () => {
  let dir = '';
  let node: NodeProcess | null = null;
  afterAll(async () => {
    await node?.stop('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has stored, after its restart, every reading whose PUBACK a device saw, exactly once', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cityloop-crash-'));
    node = await startNode({ ...NODE_ENV, DATA_DIR: dir });
    const devices = await registerDevices(node.httpUrl, DEVICES);
    const pubs = new Publishers();
    await pubs.start(node.mqttUrl, devices, 100_000);
    await pubs.ackedAtLeast(KILL_AFTER);
    await node.stop('SIGKILL');
    await pubs.finished();
    await pubs.stop();
    expect(pubs.total).toBeGreaterThanOrEqual(KILL_AFTER);

    // The restarted node opens the same data folder (PGlite recovers it) and takes devices again.
    node = await startNode({ ...NODE_ENV, DATA_DIR: dir });
    const again = new Publishers();
    await again.start(node.mqttUrl, devices.slice(0, 1), 1);
    await again.ackedAtLeast(1);
    await again.stop();
    await node.stop('SIGTERM');
    node = null;

    const db = await openPglite(path.join(dir, 'pglite'));
    try {
      const rows = (
        await db.query<{ device: string; ts: Date; n: number }>(
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
      await db.close();
    }
  }, 180_000);
});

describe.runIf(TEST_DB === 'postgres' && MOSQUITTO !== undefined)(
  'a node killed mid-ingest (PostgreSQL + Mosquitto)',
  () => {
    let broker: ChildProcess | null = null;
    let node: NodeProcess | null = null;
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | null = null;
    afterAll(async () => {
      await node?.stop('SIGKILL');
      broker?.kill('SIGKILL');
      await scratch?.drop();
    });

    it('has stored, after its restart, every reading the broker acknowledged, exactly once', async () => {
      const port = await freePort();
      // As the README asks of a production broker: room to queue for a node that is away.
      broker = await startMosquitto(port, ['max_queued_messages 100000']);
      scratch = await createScratchDatabase();
      const env = {
        ...NODE_ENV,
        DATABASE_URL: scratch.url,
        MQTT_URL: `mqtt://127.0.0.1:${port}`,
        NODE_NAME: `crash-${randomBytes(3).toString('hex')}`,
        MQTT_SHARE_GROUP: `crash-${randomBytes(3).toString('hex')}`,
      };
      node = await startNode(env);
      const devices = await registerDevices(node.httpUrl, DEVICES);
      const pubs = new Publishers();
      const perDevice = 1000;
      await pubs.start(`mqtt://127.0.0.1:${port}`, devices, perDevice);
      // Readings the node has committed: it is killed once they pass a quarter of the run.
      const check = new pg.Client({ connectionString: scratch.url });
      check.on('error', () => undefined);
      await check.connect();
      try {
        const count = async () =>
          (await check.query<{ n: number }>(`select count(*)::int as n from readings`)).rows[0]!.n;
        await eventually(async () => expect(await count()).toBeGreaterThan(perDevice), 30_000);
        await node.stop('SIGKILL');
        // The devices go on publishing to the broker while the node is down.
        await pubs.finished();
        expect(pubs.total).toBe(DEVICES * perDevice);
        node = await startNode(env);
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
    }, 180_000);
  },
);
