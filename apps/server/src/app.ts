import path from 'node:path';
import { existsSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type { Config } from './config.js';
import { systemClock, type Clock } from './clock.js';
import { openDb, type Db } from './db/db.js';
import { migrate } from './db/migrate.js';
import { InProcessBus, PgNotifyBus, type EventBus } from './events/bus.js';
import { enforceAccessRules, type RouteRule } from './http/access.js';
import { registerErrorHandler, registerNotFound } from './http/errors.js';
import { registerOpenApi } from './http/openapi.js';
import { registerSecurity } from './http/security.js';
import type { AppContext } from './context.js';
import { AuthService } from './features/auth/auth.service.js';
import { authRoutes, SESSION_COOKIE } from './features/auth/auth.routes.js';
import { GridService } from './features/grids/grids.service.js';
import { GridImportService } from './features/grids/gridImport.js';
import { gridRoutes } from './features/grids/grids.routes.js';
import { OrgService } from './features/org/org.service.js';
import { orgRoutes } from './features/org/org.routes.js';
import { UsersService } from './features/users/users.service.js';
import { userRoutes } from './features/users/users.routes.js';
import { mapRoutes } from './features/map/map.routes.js';
import { liveRoutes } from './features/live/live.routes.js';
import { ComponentService } from './features/components/components.service.js';
import { ComponentImportService } from './features/components/componentImport.js';
import { componentRoutes } from './features/components/components.routes.js';
import { hasCity, seedDemoCity } from './seed/demoCity.js';
import { CalendarService } from './features/calendar/calendar.service.js';
import { calendarRoutes } from './features/calendar/calendar.routes.js';
import { AttachmentService } from './features/attachments/attachments.service.js';
import { LocalBlobStore } from './features/attachments/blobStore.js';
import { attachmentRoutes } from './features/attachments/attachments.routes.js';
import { CaseService } from './features/cases/cases.service.js';
import { caseRoutes } from './features/cases/cases.routes.js';
import { EvaluationService } from './features/evaluation/evaluation.service.js';
import { evaluationRoutes } from './features/evaluation/evaluation.routes.js';
import { VisitService } from './features/visits/visits.service.js';
import { visitRoutes } from './features/visits/visits.routes.js';
import { seedDemoComponents } from './seed/demoComponents.js';
import { startDemoCases } from './seed/demoCases.js';
import { startAutovacuum } from './db/autovacuum.js';
import { ensureAdministrator } from './seed/admin.js';
import { createUtilities, utilityRoutes } from './features/devices/utilities.js';

const SLOW_REQUEST_MS = 1000;

export interface CityLoopApp extends FastifyInstance {
  ctx: AppContext;
  routeRules: RouteRule[];
}

export interface BuildOptions {
  /** Use this database instead of opening one from config (tests share a prepared one). */
  db?: Db;
  logger?: boolean;
  /** What time it is for this node (tests fix it; the machine's clock otherwise). */
  clock?: Clock;
}

/** Builds a CityLoop server node: database, migrations, demo data, services, routes. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<CityLoopApp> {
  const db =
    opts.db ??
    (await openDb({
      url: config.databaseUrl,
      dataDir: config.pgliteInMemory ? null : path.join(config.dataDir, 'pglite'),
    }));
  await migrate(db);
  const clock = opts.clock ?? systemClock;
  const bus: EventBus = db.kind === 'postgres' ? await PgNotifyBus.create(db) : new InProcessBus();

  const freshCity = !(await hasCity(db));
  if (freshCity) {
    if (config.demo) {
      const city = await seedDemoCity(db, { scale: config.demoScale });
      await seedDemoComponents(db, city);
    }
  }
  await ensureAdministrator(db, config);

  const auth = new AuthService(db);
  const grids = new GridService(db, bus);
  await grids.reload();
  const components = new ComponentService(db, bus, grids, config.timeZone);
  const calendar = new CalendarService(db, bus, config.timeZone);
  await calendar.seedDefaults();
  await calendar.reload();
  const org = new OrgService(db, bus);
  const attachments = new AttachmentService(db, new LocalBlobStore(path.join(config.dataDir, 'blobs')));
  const utilities = await createUtilities({
    db,
    bus,
    grids,
    org,
    config,
    cases: () => ctx.cases,
    log: (msg, err) => app.log.error({ err }, msg),
  });
  const users = new UsersService(db, auth);
  const ctx: AppContext = {
    config,
    db,
    bus,
    auth,
    grids,
    gridImport: new GridImportService(db, bus, grids),
    components,
    componentImport: new ComponentImportService(db, bus, grids, components),
    org,
    users,
    calendar,
    attachments,
    cases: new CaseService(
      db,
      bus,
      grids,
      calendar,
      attachments,
      org,
      config.timeZone,
      (code) =>
        components.get(code).then(
          () => true,
          () => false,
        ),
      (id) => users.get(id).catch(() => null),
      clock,
    ),
    evaluation: new EvaluationService(db, () => ctx.cases, org, config.timeZone, clock),
    visits: new VisitService(db, () => ctx.cases, org),
    ...utilities,
    mqttMode: config.mqttUrl ? 'external' : 'embedded',
  };
  components.setCaseHistorySource((code) => ctx.cases.casesOfComponent(code));

  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: config.trustProxy,
    // Two log lines for every request cost about a quarter of the throughput of a cheap route;
    // the onResponse hook below logs what someone will read: failures and slow requests.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as CityLoopApp;
  app.decorate('ctx', ctx);
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
  registerSecurity(app, { tileUrl: config.tileUrl });
  await app.register(cookie);
  app.decorate(
    'routeRules',
    enforceAccessRules(app, async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      return token ? auth.userForToken(token) : null;
    }),
  );
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await registerOpenApi(app);

  app.get(
    '/api/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Liveness and which database and broker this node uses',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
            mqtt: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
          }),
        },
      },
    },
    async () => {
      await db.query('select 1');
      return { status: 'ok' as const, db: db.kind, mqtt: ctx.mqttMode };
    },
  );

  await app.register(async (scope) => {
    await authRoutes(scope, ctx);
    await gridRoutes(scope, ctx);
    await orgRoutes(scope, ctx);
    await userRoutes(scope, ctx);
    await mapRoutes(scope, ctx);
    await liveRoutes(scope, ctx);
    await calendarRoutes(scope, ctx);
    await attachmentRoutes(scope, ctx);
    await caseRoutes(scope, ctx);
    await evaluationRoutes(scope, ctx);
    await visitRoutes(scope, ctx);
    await utilityRoutes(scope, ctx);
    await componentRoutes(scope, ctx);
  });

  serveWebApp(app, config.webDist);
  app.addHook('onClose', async () => {
    await bus.close();
    if (!opts.db) await db.close();
  });
  // A year of demo cases on first start (a large one continues after listening); added last so
  // that its onClose (LIFO) stops it before the database closes.
  const demoCases = await startDemoCases(ctx, {
    fresh: freshCity && config.demo,
    count: config.demoCases,
    log: (m) => app.log.info(m),
  });
  app.addHook('onClose', () => demoCases.stop());
  if (db.kind === 'pglite') {
    // PGlite has no autovacuum daemon: this node does its work.
    const autovacuum = startAutovacuum(db, { log: (msg, err) => app.log.error({ err }, msg) });
    // A demo year made in the background is analysed as soon as it is done (it logs its own failures).
    void demoCases.background?.then(() => autovacuum.nudge());
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
