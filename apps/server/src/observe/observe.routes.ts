import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '@cityloop/domain';
import { Type } from '@sinclair/typebox';
import { mqttMode } from '../config.js';
import type { Platform } from '../modules/module.js';

/** What must answer before this node takes traffic; a check throws or returns false when not. */
export type ReadinessCheck = () => Promise<boolean | void> | boolean | void;

/**
 * Liveness (`/api/health`: the process answers), readiness (`/api/health/ready`: the database and
 * every check a role registered answer, so a load balancer sends traffic here) and the Prometheus
 * metrics (`/metrics`, for a scraper holding METRICS_TOKEN or an administrator).
 */
export function observeRoutes(app: FastifyInstance, platform: Platform) {
  const { db, config, metrics, readiness } = platform;
  const http = metrics.histogram(
    'cityloop_http_request_duration_seconds',
    'HTTP request latency by route (the route pattern, not the URL), method and status class',
    ['method', 'route', 'status'],
  );
  app.addHook('onResponse', async (req, reply) => {
    // Unmatched URLs share one label: a scanner's random paths must not grow the series.
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    http.observe(
      { method: req.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    '/api/health',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers (and which database and broker this node uses)',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
            mqtt: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
          }),
        },
      },
    },
    async () => ({ status: 'ok' as const, db: db.kind, mqtt: mqttMode(config) }),
  );

  const Checks = Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('failing')]));
  app.get(
    '/api/health/ready',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['system'],
        summary:
          'Readiness: 200 when the database and this node’s roles (MQTT ingest) work, 503 with the failing checks otherwise',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), checks: Checks }),
          503: Type.Object({ status: Type.Literal('not_ready'), checks: Checks }),
        },
      },
    },
    async (_req, reply) => {
      const checks: Record<string, 'ok' | 'failing'> = {};
      const all: [string, ReadinessCheck][] = [
        ['db', async () => void (await db.query('select 1'))],
        ...readiness,
      ];
      await Promise.all(
        all.map(async ([name, check]) => {
          try {
            checks[name] = (await withTimeout(check(), READY_TIMEOUT_MS)) === false ? 'failing' : 'ok';
          } catch {
            checks[name] = 'failing';
          }
        }),
      );
      const ready = Object.values(checks).every((c) => c === 'ok');
      if (ready) return { status: 'ready' as const, checks };
      return reply.code(503).send({ status: 'not_ready' as const, checks });
    },
  );

  // Outside /api: Prometheus' conventional path. Not a session page: a scraper sends
  // `Authorization: Bearer <METRICS_TOKEN>`; an administrator's session also reads it.
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const byToken =
      config.metricsToken !== null && bearer !== undefined && safeEqual(bearer, config.metricsToken);
    if (!byToken && !req.user?.roles.includes('admin')) {
      if (!req.user && bearer === undefined) throw new DomainError('auth.required');
      throw new DomainError(
        'auth.forbidden',
        'Metrics need METRICS_TOKEN as a bearer token or an administrator',
      );
    }
    reply.header('content-type', metrics.contentType);
    reply.header('cache-control', 'no-store');
    return metrics.text();
  });
}

const READY_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T> | T, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    Promise.resolve(p).then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
