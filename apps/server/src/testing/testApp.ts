import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../config.js';
import { buildApp, type CityLoopApp } from '../app.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/db.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';

/** Which database the integration tier runs on: TEST_DB=postgres selects the real server. */
export const TEST_DB = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty database on the PostgreSQL server; dropped by the returned function. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cityloop_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: CityLoopApp;
  config: Config;
  /** Logs a demo user in (password "cityloop") and returns the cookie header to send. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots buildApp on a fresh database holding the small demo city: in-memory PGlite, or a scratch
 * database on the PostgreSQL server when TEST_DB=postgres. A test whose expectations depend on
 * the working calendar passes `clock` (e.g. `fixedClock('2026-12-01T10:00:00+08:00')`, a Tuesday).
 */
export async function makeTestApp(
  env: Record<string, string> = {},
  opts: { clock?: Clock } = {},
): Promise<TestApp> {
  const scratch = TEST_DB === 'postgres' ? await createScratchDatabase() : null;
  // Uploaded files and backups go to a folder of this app's own, never the checkout's ./data.
  const dataDir = env.DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'cityloop-test-data-'));
  const config = loadConfig({
    DATABASE_URL: scratch ? scratch.url : ':memory:',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    DEMO_SCALE: 'small',
    DEMO_CASES: '0',
    SIM_DEVICES: '0',
    PORT: '0',
    MQTT_PORT: '0',
    LOG_LEVEL: 'warn',
    WEB_DIST: '/nonexistent',
    ...env,
  });
  // An in-memory PGlite starts from the migrated template (see migratedPglite); buildApp then
  // finds every migration applied and seeds the city as on any first start.
  const db = config.databaseUrl === null && config.pgliteInMemory ? await migratedPglite() : null;
  const app = await buildApp(config, {
    ...(db ? { db } : {}),
    logger: process.env.TEST_LOG === '1',
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  await app.ready();
  return {
    app,
    config,
    async login(username, password = 'cityloop') {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'cl_session');
      return `cl_session=${cookie!.value}`;
    },
    async close() {
      await app.close();
      // A database given to buildApp is the caller's to close.
      await db?.close();
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const MIGRATIONS = path.join(import.meta.dirname, '../db/migrations');
let template: Promise<Blob> | null = null;

/**
 * A fresh in-memory PGlite with every migration applied. Creating an empty PGlite (its initdb)
 * and migrating it cost most of a test app's boot, and the same work would be done for each of
 * the tier's few dozen apps: it is done once per set of migrations and PGlite version, kept as a
 * copy of the data folder under the OS's temp folder (shared by the workers and the tiers of a
 * run, written whole or not at all), and each app loads that copy.
 */
async function migratedPglite(): Promise<Db> {
  return openPglite(null, { from: await (template ??= loadOrMakeTemplate()) });
}

async function loadOrMakeTemplate(): Promise<Blob> {
  // (Its package.json is not exported: read beside the entry point.)
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pgliteVersion = readFileSync(path.join(path.dirname(entry), '../package.json'), 'utf8');
  const h = createHash('sha256').update(pgliteVersion);
  for (const f of readdirSync(MIGRATIONS).sort()) h.update(f).update(readFileSync(path.join(MIGRATIONS, f)));
  const dir = path.join(os.tmpdir(), 'cityloop-test-templates');
  const file = path.join(dir, `${h.digest('hex').slice(0, 16)}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const db = await openPglite(null);
    try {
      await migrate(db);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await db.dump!(tmp);
      renameSync(tmp, file);
    } finally {
      await db.close();
    }
  }
  return new Blob([readFileSync(file)]);
}
