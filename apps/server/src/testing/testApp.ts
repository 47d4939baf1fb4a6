import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
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
export async function createScratchDatabase(): Promise<{
  url: string;
  name: string;
  drop: () => Promise<void>;
}> {
  const name = `cityloop_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
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
  opts: { clock?: Clock; fresh?: boolean } = {},
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
  // An in-memory PGlite starts from the seeded template (see seededPglite): buildApp then finds
  // the city in place and starts as after a restart.
  const db =
    config.databaseUrl === null && config.pgliteInMemory
      ? opts.fresh
        ? await migratedPglite()
        : await seededPglite(config, opts.clock)
      : null;
  if (scratch && !opts.fresh) await seedScratchDatabase(scratch, config, opts.clock);
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

/**
 * What makes one seeded city differ from another: the code that builds it (the server, the domain
 * package, the city generator and simulator), PGlite's version, the configuration's seeding
 * parts and the hour of the app's clock (seeded rows carry the time they were made, so a city seeded
 * at another hour — or under the odd-hour tiers' moved clock — is not reused). Computed once.
 */
let codeHash: string | null = null;
function sourcesHash(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256');
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  h.update(readFileSync(path.join(path.dirname(entry), '../package.json')));
  const root = path.resolve(import.meta.dirname, '../../../..');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.(ts|sql|json)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
        h.update(p.slice(root.length)).update(readFileSync(p));
      }
    }
  };
  for (const d of ['apps/server/src', 'packages/domain/src', 'tools/citygen/src', 'tools/sim/src']) {
    const dir = path.join(root, d);
    if (existsSync(dir)) walk(dir);
  }
  return (codeHash = h.digest('hex'));
}

function seedKey(config: Config, clock: Clock | undefined): string | null {
  // A demo year of cases is made in the background and continues after a restart: not templated.
  if (config.demoCases > 0) return null;
  const seeding = {
    demo: config.demo,
    demoScale: config.demoScale,
    simDevices: config.simDevices,
    adminPassword: config.adminPassword,
    timeZone: config.timeZone,
    hour: Math.floor((clock ?? { now: () => new Date() }).now().getTime() / 3_600_000),
  };
  return createHash('sha256')
    .update(sourcesHash())
    .update(JSON.stringify(seeding))
    .digest('hex')
    .slice(0, 16);
}

const seeded = new Map<string, Promise<Blob>>();

/**
 * A fresh in-memory PGlite holding the seeded demo city. Seeding the city (its grids, units, users,
 * components and every module's demo data) costs most of a test app's boot after the migrations,
 * and is the same for most apps of a run: it is done once per key (seedKey), by a node built and
 * closed on the migrated template, and kept as a copy beside the migrated one. The app built on it
 * then starts as a node does after a restart, which is how every node but a city's first starts.
 */
export async function seededPglite(config: Config, clock?: Clock): Promise<Db> {
  const key = seedKey(config, clock);
  if (!key) return migratedPglite();
  let blob = seeded.get(key);
  if (!blob) {
    blob = loadOrMake(`seeded-${key}`, async (db) => {
      const app = await buildApp(config, { db, logger: false, ...(clock ? { clock } : {}) });
      await app.ready();
      await app.close();
    });
    seeded.set(key, blob);
  }
  return openPglite(null, { from: await blob });
}

/**
 * The PostgreSQL tier's counterpart: the seeded city kept as a template database on the server,
 * and each scratch database created as its copy (CREATE DATABASE … TEMPLATE, a file copy).
 */
async function seedScratchDatabase(
  scratch: { url: string; name: string },
  config: Config,
  clock: Clock | undefined,
): Promise<void> {
  const key = seedKey(config, clock);
  if (!key) return;
  const tpl = `cityloop_tpl_${key}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [tpl]);
    if (exists.rowCount === 0) {
      // Made under a name of this process's, then renamed: another worker sees all or nothing.
      const own = `${tpl}_${process.pid}_${randomBytes(3).toString('hex')}`;
      await admin.query(`create database ${own}`);
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${own}`;
      const app = await buildApp(
        { ...config, databaseUrl: url.toString() },
        {
          logger: false,
          ...(clock ? { clock } : {}),
        },
      );
      await app.ready();
      await app.close();
      try {
        await admin.query(`alter database ${own} rename to ${tpl}`);
      } catch {
        await admin.query(`drop database if exists ${own} with (force)`);
      }
    }
    await admin.query(`drop database ${scratch.name}`);
    await admin.query(`create database ${scratch.name} template ${tpl}`);
  } finally {
    await admin.end();
  }
}
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
  return loadOrMake(h.digest('hex').slice(0, 16), async (db) => {
    await migrate(db);
  });
}

/**
 * Old templates go (each is some 70 MB): a seeded city is for one hour of the clock, so one made
 * over three hours ago is not used again; a migrated one is kept for a week.
 */
function pruneTemplates(dir: string): void {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    const maxAge = f.startsWith('seeded-') ? 3 * 3_600_000 : 7 * 86_400_000;
    try {
      if (Date.now() - statSync(p).mtimeMs > maxAge) rmSync(p, { force: true });
    } catch {
      // removed by another worker meanwhile
    }
  }
}

/**
 * A PGlite data folder kept under the OS's temp folder by name (shared by the workers and tiers of
 * a run, written whole or not at all): made by `fill` on an empty database the first time, read
 * after. `seeded-*` ones start from the migrated template.
 */
async function loadOrMake(name: string, fill: (db: Db) => Promise<void>): Promise<Blob> {
  const dir = path.join(os.tmpdir(), 'cityloop-test-templates');
  // Uncompressed: PGlite reads a plain tar in a third of the time a gzipped one takes.
  const file = path.join(dir, `${name}.tar`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    pruneTemplates(dir);
    const db = name.startsWith('seeded-') ? await migratedPglite() : await openPglite(null);
    try {
      await fill(db);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await db.dump(tmp, { compress: false });
      renameSync(tmp, file);
    } finally {
      await db.close();
    }
  }
  return new Blob([readFileSync(file)]);
}
