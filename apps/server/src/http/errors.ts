import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ERRORS, type ErrorCode } from '@cityloop/domain';
import { refuseMalformedInput } from './input.js';

export interface ErrorBody {
  error: { code: string; message: string; detail?: string; details?: Record<string, unknown> };
}

/** zh-CN unless the caller asks for English (cookie `lang` or Accept-Language). */
export function requestLang(req: FastifyRequest): 'zh' | 'en' {
  const cookie = (req.cookies as Record<string, string | undefined> | undefined)?.lang;
  if (cookie) return cookie.startsWith('en') ? 'en' : 'zh';
  const accept = req.headers['accept-language'] ?? '';
  return /^en/i.test(accept) ? 'en' : 'zh';
}

function body(
  req: FastifyRequest,
  code: ErrorCode,
  detail?: string,
  details?: Record<string, unknown>,
): ErrorBody {
  const entry = ERRORS[code];
  return {
    error: {
      code,
      message: entry[requestLang(req)],
      ...(detail && detail !== entry.en ? { detail } : {}),
      ...(details ? { details } : {}),
    },
  };
}

/**
 * The one place where errors become responses. Services throw DomainError, never HTTP types.
 * Called before the routes are added: it also installs the checks on input that the schemas
 * cannot express (http/input.ts), so that bad input is a 400 here and never a database error.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  refuseMalformedInput(app);
  app.setErrorHandler((err: FastifyError | DomainError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      return reply.status(err.status).send(body(req, err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
    const integrity = integrityViolation(err);
    if (integrity)
      return reply.status(ERRORS[integrity.code].status).send(body(req, integrity.code, integrity.detail));
    if (fe.validation) {
      return reply.status(400).send(body(req, 'validation.failed', fe.message));
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
      return reply.status(413).send(body(req, 'payload.too_large', fe.message));
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
      return reply.status(415).send(body(req, 'unsupported_media', fe.message));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Malformed JSON, empty bodies and the like: Fastify's message says what was wrong.
      return reply.status(fe.statusCode).send(body(req, 'validation.failed', fe.message));
    }
    req.log.error({ err, reqId: req.id }, 'unhandled error');
    return reply.status(500).send(body(req, 'internal', `request id ${req.id}`));
  });
}

/**
 * For Fastify's `frameworkErrors` option: the router answers a malformed URL (a broken %-escape,
 * a path segment past maxParamLength) before any hook or the error handler runs, and without this
 * in its own shape.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  void reply.status(err.statusCode ?? 400).send(body(req, 'validation.failed', err.message));
}

/**
 * A request that names a row that does not exist (a foreign key) or repeats one that must be
 * unique, caught by the database's constraints: the caller's mistake, answered as such. Other
 * database errors stay 500s: they are ours.
 */
function integrityViolation(err: unknown): { code: ErrorCode; detail: string } | null {
  if (err === null || typeof err !== 'object' || !('severity' in err)) return null;
  const { code, detail } = err as { code?: unknown; detail?: unknown };
  // PostgreSQL's detail names the key: Key (supervision_grid_code)=(X) is not present in table "…".
  const key = typeof detail === 'string' ? /^Key \(([^)]+)\)=/.exec(detail)?.[1] : undefined;
  if (code === '23503')
    return { code: 'validation.failed', detail: `No such ${key ?? 'referenced record'} exists` };
  if (code === '23505') return { code: 'conflict', detail: `This ${key ?? 'value'} is taken already` };
  return null;
}

/**
 * One 404 handler: unknown API paths get a JSON error; other GETs without a file extension get
 * the web app's index.html (history-mode routes), the phone app's under /m/.
 */
export function registerNotFound(app: FastifyInstance, web: { desk: boolean; mobile: boolean }): void {
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (web.desk && req.method === 'GET' && !url.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(url)) {
      const mobile = url === '/m' || url.startsWith('/m/');
      return reply.sendFile(mobile && web.mobile ? 'm/index.html' : 'index.html');
    }
    return reply.status(404).send(body(req, 'not_found', `No route ${req.method} ${url}`));
  });
}
