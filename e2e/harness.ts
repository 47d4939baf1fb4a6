import path from 'node:path';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../apps/server/src/config.js';
import { buildApp, type CityLoopApp } from '../apps/server/src/app.js';
import { seededPglite } from '../apps/server/src/testing/testApp.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WEB_DIST = path.resolve(import.meta.dirname, '../apps/web/dist');

export interface E2EServer {
  app: CityLoopApp;
  url: string;
  close(): Promise<void>;
}

/** A real CityLoop node on a free port with the small demo city in memory and the built web app. */
export async function startServer(env: Record<string, string> = {}): Promise<E2EServer> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error('The web app is not built: run `npm run build` first (npm test does)');
  }
  // Uploaded files and backups go to a folder of this server's own, never the checkout's ./data.
  const dataDir = env.DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'cityloop-e2e-data-'));
  const config = loadConfig({
    DATABASE_URL: ':memory:',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    DEMO_SCALE: 'small',
    DEMO_CASES: '0',
    SIM_DEVICES: '0',
    PORT: '0',
    MQTT_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEB_DIST,
    ...env,
  });
  // The demo city seeded once per run and copied (as the integration tier does): a spec's node
  // starts on it as after a restart. A spec that names its own database gets it.
  const db = config.pgliteInMemory && config.databaseUrl === null ? await seededPglite(config) : undefined;
  const app = await buildApp(config, { logger: false, ...(db ? { db } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await db?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A spec's server and browser: started before its tests, closed after them (closing the browser
 * closes every context opened in it). `use` hands them to the spec's own variables; a spec's
 * further set-up goes in a beforeAll of its own, which runs after this one.
 */
export function withServerAndBrowser(use: (server: E2EServer, browser: Browser) => void): void {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    use(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** Debian's Chromium, headless, never a downloaded browser. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function login(page: Page, baseUrl: string, username: string, password = 'cityloop') {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').locator('input').fill(username);
  await page.getByTestId('login-password').locator('input').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * Screenshots go to test-results/ so a person can look at what the test saw: once the page's
 * transitions (a dialog or a message fading in) have finished, so the picture shows what stays.
 */
export async function shot(page: Page, name: string) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // Spinners run for ever; wait only for what ends.
        .filter((a) => Number.isFinite(Number(a.effect?.getComputedTiming().endTime)))
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  await page.screenshot({
    path: path.resolve(import.meta.dirname, '../test-results', `${name}.png`),
    fullPage: true,
  });
}
