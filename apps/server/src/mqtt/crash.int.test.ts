import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '@cityloop/domain';
import { openPglite } from '../db/pglite.js';
import { createScratchDatabase, TEST_DB } from '../testing/testApp.js';
import { freePort, MOSQUITTO, startMosquitto } from '../testing/mosquitto.js';
import { loginOver, startNode, type NodeProcess } from '../testing/nodeProcess.js';
import { eventually } from './testing.js';

/**
 * A node killed with SIGKILL while devices publish at QoS 1: after its restart, every reading whose
 * PUBACK a device saw is stored, once. Embedded broker: the node's own PUBACK, sent after the
 * commit. External broker: the broker's PUBACK; the broker keeps the node's session (and what it
 * had not handed over or the node had not acknowledged) until the node comes back.
 */

const DEVICES = 4;
/** QoS 1 messages each device keeps in flight. */
const WINDOW = 20;
/** The node is killed once the devices have seen this many PUBACKs. */
const KILL_AFTER = 500;

/** The nodes start without the demo city (quicker), with this administrator's password. */
const ADMIN_PASSWORD = 'crash-test-admin';
const NODE_ENV = { DEMO: 'false', ADMIN_PASSWORD };

interface Device {
  id: string;
  token: string;
}

/** Registers pressure points through the API, as an administrator would. */
async function registerDevices(httpUrl: string): Promise<Device[]> {
  const cookie = await loginOver(httpUrl, 'admin', ADMIN_PASSWORD);
  const suffix = randomBytes(3).toString('hex');
  const out: Device[] = [];
  for (let k = 0; k < DEVICES; k++) {
    const id = `crash-${suffix}-${k}`;
    const res = await fetch(`${httpUrl}/api/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id, type: 'pressure_point', name: `压力点${k}`, lon: 121.4, lat: 37.53 }),
    });
    if (res.status !== 200) throw new Error(`creating ${id}: ${await res.text()}`);
    out.push({ id, token: ((await res.json()) as { token: string }).token });
  }
  return out;
}

/**
 * Devices publishing distinct readings (one a second of device time) with a window of messages in
 * flight; `acked` holds, per device, the ts of every reading whose PUBACK came back.
 */
class Publishers {
  readonly acked = new Map<string, Set<number>>();
  private stopped = false;
  private running: Promise<void>[] = [];
  private readonly clients: MqttClient[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  readonly base = Date.now() - 3_600_000;

  get total(): number {
    let n = 0;
    for (const s of this.acked.values()) n += s.size;
    return n;
  }

  async start(url: string, devices: readonly Device[], perDevice: number): Promise<void> {
    for (const d of devices) {
      const c = await mqtt.connectAsync(url, {
        clientId: d.id,
        username: d.id,
        password: d.token,
        reconnectPeriod: 0,
        // A real device that restarts its session: a clean one (the broker's copy is not needed).
        clean: true,
      });
      c.on('error', () => undefined);
      this.clients.push(c);
      const acked = new Set<number>();
      this.acked.set(d.id, acked);
      this.running.push(this.run(c, d, perDevice, acked));
    }
  }

  private async run(c: MqttClient, d: Device, perDevice: number, acked: Set<number>): Promise<void> {
    let inFlight = 0;
    let free: (() => void) | null = null;
    // A lost connection answers no more PUBACKs: stop waiting for them.
    c.on('close', () => {
      const f = free;
      free = null;
      f?.();
    });
    for (let i = 0; i < perDevice && !this.stopped && c.connected; i++) {
      while (inFlight >= WINDOW && c.connected) await new Promise<void>((r) => (free = r));
      if (this.stopped || !c.connected) break;
      const ts = this.base + i * 1000;
      inFlight++;
      c.publish(
        deviceTopics.telemetry(d.id),
        JSON.stringify({ ts, values: { pressure: 0.3 + (i % 50) / 1000 } }),
        { qos: 1 },
        (err) => {
          inFlight--;
          if (!err) {
            acked.add(ts);
            this.reached();
          }
          const f = free;
          free = null;
          f?.();
        },
      );
    }
    while (inFlight > 0 && c.connected) await new Promise<void>((r) => (free = r));
  }

  private reached(): void {
    const total = this.total;
    this.waiters = this.waiters.filter((w) => {
      if (total < w.n) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once the devices have seen `n` PUBACKs in all. */
  ackedAtLeast(n: number): Promise<void> {
    if (this.total >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** Resolves when every device has published its readings (or lost its connection). */
  async finished(): Promise<void> {
    await Promise.all(this.running);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.clients.map((c) => c.endAsync(true).catch(() => undefined)));
  }
}

/** Every acked reading is stored exactly once: `rows` are (device, ts) pairs read back. */
function expectStoredOnce(
  acked: ReadonlyMap<string, ReadonlySet<number>>,
  rows: ReadonlyArray<{ device: string; ts: number; n: number }>,
): void {
  const stored = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let m = stored.get(r.device);
    if (!m) stored.set(r.device, (m = new Map()));
    m.set(r.ts, r.n);
  }
  const missing: string[] = [];
  for (const [device, set] of acked)
    for (const ts of set) if (!stored.get(device)?.has(ts)) missing.push(`${device}@${ts}`);
  expect(missing, `acknowledged but not stored: ${missing.slice(0, 10).join(', ')}`).toEqual([]);
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
}

describe.runIf(TEST_DB === 'pglite')('a node killed mid-ingest (embedded broker, PGlite on disk)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cityloop-crash-'));
  let node: NodeProcess | null = null;
  afterAll(async () => {
    await node?.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('has stored, after its restart, every reading whose PUBACK a device saw, exactly once', async () => {
    node = await startNode({ ...NODE_ENV, DATA_DIR: dir });
    const devices = await registerDevices(node.httpUrl);
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
      const devices = await registerDevices(node.httpUrl);
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
