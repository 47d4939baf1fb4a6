import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { buildApp, type CityLoopApp } from '../../app.js';
import { createScratchDatabase, makeTestApp, TEST_DB, type TestApp } from '../../testing/testApp.js';
import { makeCase, makePhoto, TINY_PNG } from '../../testing/factories.js';
import { restoreBackup } from '../../ops/backup.js';

/**
 * A backup made by a running node, restored into a fresh node's empty storage: every case, event,
 * photo and reading is there.
 */
describe(`backup and restore (${TEST_DB})`, () => {
  let t: TestApp;
  let dataDir: string;
  let admin: string;
  const scratch: { drop: () => Promise<void> }[] = [];
  const dirs: string[] = [];
  const tmp = async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'cityloop-backup-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    dataDir = await tmp();
    t = await makeTestApp({ DATA_DIR: dataDir });
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t.close();
    for (const s of scratch) await s.drop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('only an administrator makes or lists backups', async () => {
    const dispatcher = await t.login('dispatcher');
    for (const method of ['GET', 'POST'] as const) {
      const res = await t.app.inject({ method, url: '/api/admin/backups', headers: { cookie: dispatcher } });
      expect(res.statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/backups' })).statusCode).toBe(401);
  });

  it('restores every case, event, photo and reading into a fresh node', async () => {
    // What the city holds: a closed case (with its report and handling photos), an open one with a
    // photo of its own, and readings of a device.
    const closed = await makeCase(t, { state: 'closed' });
    const photo = await makePhoto(t);
    const open = await makeCase(t, { state: 'dispatched' });
    const { rows: dev } = await t.app.platform.db.query<{ id: string }>(
      `select id from devices where type = 'pressure_point' order by id limit 1`,
    );
    const device = t.app.services.devices.mustGet(dev[0]!.id);
    const ts = Date.now() - 60_000;
    const readings = Array.from({ length: 12 }, (_, i) => ({ ts: ts + i * 1000, values: { pressure: 0.3 } }));
    t.app.services.telemetry.ingest(device, Buffer.from(JSON.stringify(readings)), Date.now());
    await t.app.services.telemetry.writer.drain();

    const made = await t.app.inject({
      method: 'POST',
      url: '/api/admin/backups',
      headers: { cookie: admin },
    });
    expect(made.statusCode, made.body).toBe(201);
    const backup = made.json<{ name: string; counts: Record<string, number>; files: number }>();
    expect(backup.counts.readings!).toBeGreaterThanOrEqual(12);
    expect(backup.files).toBeGreaterThanOrEqual(backup.counts.attachments!);
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/admin/backups',
      headers: { cookie: admin },
    });
    expect(listed.json<{ name: string }[]>()[0]!.name).toBe(backup.name);
    // The audit log names who made it.
    const { rows: audited } = await t.app.platform.db.query<{ username: string }>(
      `select username from audit_log where action = 'backup.create' and entity_id = $1`,
      [backup.name],
    );
    expect(audited).toEqual([{ username: 'admin' }]);

    // A fresh node's storage: a new DATA_DIR, and on PostgreSQL a new empty database.
    const freshDir = await tmp();
    const target = TEST_DB === 'postgres' ? await createScratchDatabase() : null;
    if (target) scratch.push(target);
    const from = path.join(dataDir, 'backups', backup.name);
    const restored = await restoreBackup(from, { databaseUrl: target?.url ?? null, dataDir: freshDir });
    expect(restored.counts).toEqual(backup.counts);

    const node = await buildApp(
      loadConfig({
        DATA_DIR: freshDir,
        ...(target ? { DATABASE_URL: target.url } : {}),
        DEMO_CASES: '0',
        SIM_DEVICES: '0',
        LOG_LEVEL: 'warn',
        WEB_DIST: '/nonexistent',
      }),
      { logger: false },
    );
    try {
      await node.ready();
      await expectSameCase(t.app, node, closed.id);
      await expectSameCase(t.app, node, open.id);
      expect((await bytes(node, photo.id)).subarray(0, TINY_PNG.length)).toEqual(TINY_PNG);
      expect(await bytes(node, photo.id)).toEqual(await bytes(t.app, photo.id));
      const { rows } = await node.platform.db.query<{ n: number }>(
        `select count(*)::int as n from readings where device_id = $1 and ts >= $2`,
        [device.num, new Date(ts)],
      );
      expect(rows[0]!.n).toBe(12);
    } finally {
      await node.close();
    }

    // A storage that already holds a city is never overwritten.
    await expect(
      restoreBackup(from, { databaseUrl: target?.url ?? null, dataDir: freshDir }),
    ).rejects.toThrow(/already holds|not empty/);
  });
});

/** The case, its events and the bytes of every photo it names are the same on both nodes. */
async function expectSameCase(a: CityLoopApp, b: CityLoopApp, id: number) {
  const q = (app: CityLoopApp) =>
    app.platform.db.query(
      `select c.code, c.state, c.snapshot, (select json_agg(e.action order by e.id) from case_events e where e.case_id = c.id) as events
         from cases c where c.id = $1`,
      [id],
    );
  expect((await q(b)).rows).toEqual((await q(a)).rows);
  const { rows: photos } = await a.platform.db.query<{ attachment_id: string }>(
    `select attachment_id from case_photos where case_id = $1`,
    [id],
  );
  for (const p of photos) expect(await bytes(b, p.attachment_id)).toEqual(await bytes(a, p.attachment_id));
}

/** A file's bytes and its thumbnail's, read as a reader allowed to read its case. */
async function bytes(app: CityLoopApp, id: string) {
  const read = (thumb: boolean) =>
    app.services.attachments.read(id, thumb, { id: -1 }, () => Promise.resolve(true)).then((r) => r.data);
  return Buffer.concat([await read(false), await read(true).catch(() => Buffer.alloc(0))]);
}
