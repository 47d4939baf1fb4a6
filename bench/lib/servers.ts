import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { loadConfig } from '../../apps/server/src/config.js';
import { buildApp, type CityLoopApp } from '../../apps/server/src/app.js';

export interface RunningServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

export interface CityLoopServer extends RunningServer {
  app: CityLoopApp;
  /** Time from buildApp to listening (migrations, demo seed, grid index), ms. */
  bootMs: number;
}

/**
 * A real CityLoop node, in this process, on a free loopback port: in-memory PGlite holding the
 * full-size demo city (~11,500 unit grids), no demo cases, no simulated devices, no logger — the
 * same buildApp the product runs (see e2e/harness.ts). The built web app is left out so figures
 * don't depend on whether `npm run build` ran; it serves no /api route anyway.
 */
export async function startCityLoop(env: Record<string, string> = {}): Promise<CityLoopServer> {
  const t0 = performance.now();
  const config = loadConfig({
    DATABASE_URL: ':memory:',
    DEMO_SCALE: 'demo',
    DEMO_CASES: '0',
    SIM_DEVICES: '0',
    PORT: '0',
    MQTT_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEB_DIST: '/nonexistent',
    ...env,
  });
  const app = await buildApp(config, { logger: false });
  const url = await listenLoopback(app);
  return { app, url, bootMs: performance.now() - t0, close: () => app.close() };
}

/**
 * The baseline server: bare Fastify (no plugins, hooks, schemas or logger) with GET routes that
 * each return a constant object, serialised by Fastify's default JSON.stringify per request.
 */
export async function startBareFastify(routes: Record<string, unknown>): Promise<RunningServer> {
  const app = Fastify({ logger: false });
  for (const [url, body] of Object.entries(routes)) app.get(url, async () => body);
  const url = await listenLoopback(app);
  return { url, close: () => app.close() };
}

async function listenLoopback(app: {
  listen(o: { port: number; host: string }): Promise<string>;
  server: { address(): unknown };
}): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null && 'port' in addr ? Number(addr.port) : 0;
  if (!port) throw new Error('server did not report a port');
  return `http://127.0.0.1:${port}`;
}
