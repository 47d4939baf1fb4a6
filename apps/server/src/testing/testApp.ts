import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../config.js';
import { buildApp, type CityLoopApp } from '../app.js';
import type { Clock } from '../clock.js';

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
  const app = await buildApp(config, {
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
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
