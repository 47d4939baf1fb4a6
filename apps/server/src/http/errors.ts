import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ERRORS, type ErrorCode } from '@cityloop/domain';

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

/** The one place where errors become responses. Services throw DomainError, never HTTP types. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      return reply.status(err.status).send(body(req, err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
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
