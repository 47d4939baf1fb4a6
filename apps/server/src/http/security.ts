import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { DomainError, tileOrigin, type TileSource } from '@cityloop/domain';

/** Methods that change nothing: a cross-site GET may read nothing (CORS) and change nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Whether a request comes from a page of another site. A browser sends Sec-Fetch-Site (or at
 * least Origin) with every state-changing request, so a request with neither is not a browser's
 * (a device, the simulator, curl) and cannot carry a victim's cookie by itself.
 */
export function isCrossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  // (A request without a socket, as injected in tests, has no protocol: plain HTTP.)
  return origin !== `${req.protocol ?? 'http'}://${req.host}`;
}

/**
 * The headers helmet sets with these options, computed once: none of ours depends on the request
 * (no nonces), and running helmet's middleware on every request cost about as much CPU as the
 * whole GET /api/grids/at lookup.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
  });
  return headers;
}

/**
 * Security headers and the cross-site request check, for every response and request:
 * - helmet's headers: a Content-Security-Policy that allows only this origin's scripts (no inline script, so
 *   a name that reaches the page as HTML cannot run), frame-ancestors 'none', nosniff,
 *   Referrer-Policy no-referrer; HSTS only on requests that came over TLS (directly or, with
 *   TRUST_PROXY, per X-Forwarded-Proto);
 * - every state-changing request (and the /ws upgrade) from another site's page is refused with
 *   403 before anything else runs: the session cookie is SameSite=Lax, which still lets a
 *   same-site page or a bodiless text/plain POST through.
 */
export function registerSecurity(app: FastifyInstance, opts: { tiles: readonly TileSource[] }): void {
  const tiles = [...new Set(opts.tiles.map((t) => tileOrigin(t.url)).filter((o) => o !== null))];
  const headers = helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Element Plus, Leaflet and ECharts position their elements with style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Photo previews before upload are blob: URLs; Leaflet's and Element Plus's icons data: URLs.
        imgSrc: ["'self'", 'data:', 'blob:', ...tiles],
        fontSrc: ["'self'", 'data:'],
        // 'self' covers the same-origin WebSocket /ws (CSP level 3).
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Sent below only on requests that came over TLS: on plain HTTP (a LAN install) it is ignored
    // by browsers anyway, and a test or a proxy must not pin a host to HTTPS by accident.
    hsts: false,
    referrerPolicy: { policy: 'no-referrer' },
    // The web app loads only its own resources; nothing is embedded cross-origin.
    crossOriginEmbedderPolicy: false,
  });
  // A callback hook: this runs on every request, and an async one costs a promise each time.
  app.addHook('onRequest', (req, reply, done) => {
    void reply.headers(headers);
    if (req.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    const upgrade = req.headers.upgrade !== undefined;
    if ((SAFE_METHODS.has(req.method) && !upgrade) || !isCrossSite(req)) return done();
    done(
      new DomainError('auth.forbidden', 'Cross-site request refused: it did not come from a CityLoop page'),
    );
  });
}
