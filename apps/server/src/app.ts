import path from 'node:path';
import { existsSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import type { Config } from './config.js';
import { systemClock, type Clock } from './clock.js';
import { openDb, type Db } from './db/db.js';
import { migrate } from './db/migrate.js';
import { InProcessBus, PgNotifyBus, type EventBus } from './events/bus.js';
import { enforceAccessRules, type RouteRule } from './http/access.js';
import { lazySchemaController } from './http/schemaCompilers.js';
import { frameworkErrors, registerErrorHandler, registerNotFound } from './http/errors.js';
import { registerOpenApi } from './http/openapi.js';
import { registerSecurity } from './http/security.js';
import { SESSION_COOKIE } from './features/auth/auth.routes.js';
import { hasCity, seedDemoCity, upgradeDemoBaseMap } from './seed/demoCity.js';
import { seedDemoComponents } from './seed/demoComponents.js';
import { startAutovacuum } from './db/autovacuum.js';
import { ensureAdministrator } from './seed/admin.js';
import type { Platform, Services } from './modules/module.js';
import { buildModules } from './modules/build.js';
import { MODULES } from './modules/list.js';
import type { Job } from './jobs/jobs.js';
import type { IngestServices } from './mqtt/ingest.js';
import { Metrics } from './observe/metrics.js';
import { observeRoutes } from './observe/observe.routes.js';

const SLOW_REQUEST_MS = 1000;

export interface CityLoopApp extends FastifyInstance {
  /** What every module is built on (database, bus, clock, config). */
  platform: Platform;
  /** Every module's services, for main.ts and the tests (modules see only each other's offers). */
  services: Services;
  /** The modules' MQTT handlers, for the ingest role (`startMqtt`). */
  ingest: IngestServices;
  /** The modules' timers, for the ingest and scheduler roles (`startJobs`). */
  jobs: readonly Job[];
  routeRules: RouteRule[];
  /** Compiles every route schema not compiled yet (they are compiled on first use: schemaCompilers.ts). */
  compileAllSchemas(): number;
}

export interface BuildOptions {
  /** Use this database instead of opening one from config (tests share a prepared one). */
  db?: Db;
  logger?: boolean;
  /** What time it is for this node (tests fix it; the machine's clock otherwise). */
  clock?: Clock;
  /** Export the process's CPU, memory and event-loop metrics (one node per process: main.ts). */
  processMetrics?: boolean;
}

/**
 * Builds a CityLoop server node: database, migrations, the city, then every feature module of
 * `modules/list.ts` in dependency order with its routes. What the node runs beyond answering
 * requests (MQTT ingest, timers) main.ts starts by its roles.
 */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<CityLoopApp> {
  const db =
    opts.db ??
    (await openDb({
      url: config.databaseUrl,
      dataDir: config.pgliteInMemory ? null : path.join(config.dataDir, 'pglite'),
    }));
  await migrate(db);
  const bus: EventBus = db.kind === 'postgres' ? await PgNotifyBus.create(db) : new InProcessBus();

  const firstStart = !(await hasCity(db));
  if (firstStart && config.demo) {
    const city = await seedDemoCity(db, { scale: config.demoScale });
    await seedDemoComponents(db, city);
  } else if (config.demo && (await upgradeDemoBaseMap(db, { scale: config.demoScale }))) {
    console.log('The demo city’s base map was made before water, land use and buildings: updated');
  }
  await ensureAdministrator(db, config);

  const schemas = lazySchemaController();
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    schemaController: { compilersFactory: schemas.compilersFactory },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: config.trustProxy,
    // The router's own refusals (a broken %-escape, an overlong path segment) in the error shape.
    frameworkErrors,
    // Two log lines for every request cost about a quarter of the throughput of a cheap route;
    // the onResponse hook below logs what someone will read: failures and slow requests.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as CityLoopApp;
  const platform: Platform = {
    config,
    db,
    bus,
    clock: opts.clock ?? systemClock,
    log: (msg, err) => (err === undefined ? app.log.info(msg) : app.log.error({ err }, msg)),
    firstStart,
    metrics: new Metrics({ processMetrics: opts.processMetrics ?? false }),
    readiness: new Map(),
  };
  const { built } = await buildModules(platform, MODULES);
  const services = Object.assign({}, ...built.map((b) => b.module.services)) as Services;
  const ingest = Object.assign({}, ...built.map((b) => b.module.mqtt ?? {})) as IngestServices;
  app.decorate('platform', platform);
  app.decorate('compileAllSchemas', schemas.compileAll);
  app.decorate('services', services);
  app.decorate('ingest', ingest);
  app.decorate(
    'jobs',
    built.flatMap((b) => b.module.jobs ?? []),
  );

  registerErrorHandler(app);
  app.addHook('onResponse', async (req, reply) => {
    const ms = reply.elapsedTime;
    if (reply.statusCode >= 500 || ms > SLOW_REQUEST_MS) {
      req.log.warn(
        { method: req.method, url: req.url, status: reply.statusCode, ms: Math.round(ms) },
        'request',
      );
    }
  });
  registerSecurity(app, { tiles: config.tiles });
  await app.register(cookie);
  app.decorate(
    'routeRules',
    enforceAccessRules(app, async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      return token ? services.auth.userForToken(token) : null;
    }),
  );
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await registerOpenApi(app);

  observeRoutes(app, platform);
  if (db.poolUse) {
    const use = db.poolUse.bind(db);
    platform.metrics.gauge(
      'cityloop_db_pool_connections',
      'Database pool connections by state',
      ['state'],
      (g) => {
        const u = use();
        g.set({ state: 'open' }, u.total);
        g.set({ state: 'idle' }, u.idle);
        g.set({ state: 'waiting_clients' }, u.waiting);
      },
    );
  }

  await app.register(async (scope) => {
    for (const b of built) await b.module.routes?.(scope);
  });

  serveWebApp(app, config.webDist);
  app.addHook('onClose', async () => {
    await bus.close();
    if (!opts.db) await db.close();
  });
  // preClose runs before every onClose hook: the modules finish their work (the demo year stops,
  // alarm decisions are stored, the last readings written) while the database is still open,
  // the last built first.
  app.addHook('preClose', async () => {
    for (const b of [...built].reverse()) await b.module.close?.();
  });
  if (db.kind === 'pglite') {
    // PGlite has no autovacuum daemon: this node does its work.
    const autovacuum = startAutovacuum(db, { log: (msg, err) => app.log.error({ err }, msg) });
    // A demo year made in the background is analysed as soon as it is done (it logs its own failures).
    void services.demoCases.background?.then(() => autovacuum.nudge());
    app.addHook('onClose', () => autovacuum.stop());
  }
  return app;
}

/** The built web app (apps/web/dist), with history-mode fallbacks for / and the phone app /m/. */
function serveWebApp(app: FastifyInstance, dist: string) {
  const desk = existsSync(path.join(dist, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt web app is served without a restart;
  // a miss falls through to the 404 handler (JSON for /api, index.html for app routes).
  if (desk)
    void app.register(fastifyStatic, { root: dist, prefix: '/', wildcard: true, index: ['index.html'] });
  registerNotFound(app, { desk, mobile: existsSync(path.join(dist, 'm/index.html')) });
}
