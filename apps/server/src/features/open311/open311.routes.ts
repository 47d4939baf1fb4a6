import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import {
  ErrorResponse,
  RowId,
  Open311ApiKey,
  Open311ApiKeyBody,
  Open311ApiKeyIssued,
  Open311ApiKeyList,
  Open311Discovery,
  Open311Errors,
  Open311PostResult,
  Open311Query,
  Open311RequestList,
  Open311ServiceList,
  Open311UpdateList,
  Open311UpdatePosted,
} from '@cityloop/domain/api';
import { requestLang } from '../../http/errors.js';
import { actorOf } from '../../http/actor.js';
import { CONTENT_TYPE, OPEN311_FORMATS, toXml, type Open311Format } from './open311.format.js';
import { Open311Failure, fieldsOf, formFields, type Fields } from './open311.input.js';
import type { Open311Service } from './open311.service.js';
import type { Open311Keys } from './open311.keys.js';
import type { Open311Updates } from './open311.updates.js';

const PREFIX = '/open311/v2';
const tags = ['open311'];

/** The format a GeoReport URL asks for by its extension; null when it names none we serve. */
function formatOfUrl(url: string): Open311Format | null {
  const path = url.split('?')[0] ?? '';
  const m = /\.([a-z0-9]+)$/i.exec(path);
  return m && (OPEN311_FORMATS as readonly string[]).includes(m[1]!.toLowerCase())
    ? (m[1]!.toLowerCase() as Open311Format)
    : null;
}

/** `C0101.json` → ['C0101', 'json']; null when the extension is not one of the formats. */
function splitFile(file: string): [string, Open311Format] | null {
  const dot = file.lastIndexOf('.');
  const ext = file.slice(dot + 1).toLowerCase();
  if (dot <= 0 || !(OPEN311_FORMATS as readonly string[]).includes(ext)) return null;
  return [file.slice(0, dot), ext as Open311Format];
}

function send(reply: FastifyReply, format: Open311Format, root: string, value: unknown, status = 200) {
  void reply.status(status).header('content-type', CONTENT_TYPE[format]);
  return format === 'xml' ? reply.send(toXml(root, value)) : reply.send(value);
}

function fail(reply: FastifyReply, format: Open311Format, err: Open311Failure) {
  void reply.status(err.status).header('content-type', CONTENT_TYPE[format]);
  return format === 'xml' ? reply.send(toXml('errors', err.errors)) : reply.send(JSON.stringify(err.errors));
}

const notFound = (what: string) => new Open311Failure(404, [{ code: 404, description: `${what} not found` }]);

/** The request's parameters: its query string and (for a POST) its form. */
function fieldsOfRequest(req: FastifyRequest): Fields {
  const query = fieldsOf(req.query);
  const body = req.body === undefined || req.body === null ? {} : (req.body as Fields);
  const out: Fields = { ...query };
  for (const [k, v] of Object.entries(body)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}

const lang = (req: FastifyRequest) => requestLang(req);

/**
 * GeoReport v2 at /open311/v2 (XML and JSON by extension), its errors in the spec's shape, and the
 * admin API of partners' keys under /api/open311/keys.
 */
export async function open311Routes(
  app: FastifyInstance,
  ctx: { open311: Open311Service; keys: Open311Keys; updates: Open311Updates },
) {
  const s = ctx.open311;
  const keys = ctx.keys;
  await app.register(
    async (o) => {
      // A form is GeoReport's POST body; JSON from a lenient client is read the same way.
      o.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 256 * 1024 },
        (_req, body, done) => done(null, formFields(body as string)),
      );
      o.addContentTypeParser(
        'application/json',
        { parseAs: 'string', bodyLimit: 256 * 1024 },
        (_req, body, done) => {
          try {
            done(null, fieldsOf(JSON.parse(body as string)));
          } catch {
            done(
              new Open311Failure(400, [{ code: 400, description: 'The body is not valid JSON' }]),
              undefined,
            );
          }
        },
      );
      o.setErrorHandler((err, req, reply) => {
        const format = formatOfUrl(req.url) ?? 'xml';
        if (err instanceof Open311Failure) return fail(reply, format, err);
        const e = err as { statusCode?: number; message?: string };
        if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
          return fail(
            reply,
            format,
            new Open311Failure(400, [{ code: 400, description: e.message ?? 'Bad request' }]),
          );
        req.log.error({ err, reqId: req.id }, 'open311 error');
        return fail(
          reply,
          format,
          new Open311Failure(400, [
            { code: 400, description: `The service cannot answer now (request id ${req.id})` },
          ]),
        );
      });
      o.setNotFoundHandler((req, reply) =>
        fail(reply, formatOfUrl(req.url) ?? 'xml', notFound(`${req.method} ${req.url.split('?')[0]}`)),
      );

      const querystring = Open311Query;
      const schema = (format: Open311Format, summary: string, ok: TSchema, extra: object = {}) => ({
        tags,
        summary: `${summary} (${format.toUpperCase()})`,
        ...extra,
        ...(format === 'json'
          ? { response: { 200: ok, 400: Open311Errors, 403: Open311Errors, 404: Open311Errors } }
          : { produces: ['application/xml'] }),
      });

      for (const format of OPEN311_FORMATS) {
        o.get(
          `/discovery.${format}`,
          { schema: schema(format, 'Service discovery', Open311Discovery) },
          (req, reply) => send(reply, format, 'discovery', s.discovery(`${req.protocol}://${req.host}`)),
        );
        o.get(
          `/services.${format}`,
          {
            schema: schema(format, 'The service list: the city’s categories', Open311ServiceList, {
              querystring,
            }),
          },
          async (req, reply) => send(reply, format, 'services', await s.services(lang(req))),
        );
        o.get<{ Querystring: Record<string, string | string[]> }>(
          `/requests.${format}`,
          {
            schema: schema(
              format,
              'Service requests in a window of at most 90 days (default the last 90), at most 1000; service_request_id overrides every filter',
              Open311RequestList,
              { querystring },
            ),
          },
          async (req, reply) =>
            send(reply, format, 'service_requests', await s.requests(fieldsOfRequest(req), lang(req))),
        );
        o.post(
          `/requests.${format}`,
          {
            schema: schema(
              format,
              'Create a service request (form-encoded; api_key required): an ordinary case, verified like any other',
              Open311PostResult,
              { querystring },
            ),
          },
          async (req, reply) =>
            send(reply, format, 'service_requests', await s.createRequest(fieldsOfRequest(req), lang(req))),
        );
        o.get(
          `/servicerequestupdates.${format}`,
          {
            schema: schema(
              format,
              'Updates of the requests in a window (mySociety extension)',
              Open311UpdateList,
              {
                querystring,
              },
            ),
          },
          async (req, reply) =>
            send(
              reply,
              format,
              'service_request_updates',
              await ctx.updates.updates(fieldsOfRequest(req), lang(req)),
            ),
        );
        o.post(
          `/servicerequestupdates.${format}`,
          {
            schema: schema(
              format,
              'Send an update of a request (mySociety extension; api_key required)',
              Open311UpdatePosted,
              {
                querystring,
              },
            ),
          },
          async (req, reply) =>
            send(
              reply,
              format,
              'service_request_updates',
              await ctx.updates.postUpdate(fieldsOfRequest(req)),
            ),
        );
      }

      // One route per resource with an id: the id and the format share the last segment.
      o.get<{ Params: { file: string } }>(
        '/services/:file',
        {
          schema: {
            tags,
            summary: 'A service definition: its attributes (services/{service_code}.xml|json)',
          },
        },
        async (req, reply) => {
          const parts = splitFile(req.params.file);
          if (!parts) throw notFound(req.url.split('?')[0]!);
          const [code, format] = parts;
          return send(reply, format, 'service_definition', await s.definition(code, lang(req)));
        },
      );
      o.get<{ Params: { file: string } }>(
        '/requests/:file',
        { schema: { tags, summary: 'One service request (requests/{service_request_id}.xml|json)' } },
        async (req, reply) => {
          const parts = splitFile(req.params.file);
          if (!parts) throw notFound(req.url.split('?')[0]!);
          const [id, format] = parts;
          return send(
            reply,
            format,
            'service_requests',
            await s.request(id, fieldsOfRequest(req), lang(req)),
          );
        },
      );
      o.get<{ Params: { file: string } }>(
        '/tokens/:file',
        { schema: { tags, summary: 'The service_request_id of a token (tokens/{token}.xml|json)' } },
        async (req, reply) => {
          const parts = splitFile(req.params.file);
          if (!parts) throw notFound(req.url.split('?')[0]!);
          const [token, format] = parts;
          return send(reply, format, 'service_requests', await s.token(token));
        },
      );
    },
    { prefix: PREFIX },
  );

  const admin = { access: { roles: ['admin' as const], scope: 'none' as const } };
  app.get(
    '/api/open311/keys',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Partners’ Open311 API keys (never the keys themselves), newest first',
        response: { 200: Open311ApiKeyList, 403: ErrorResponse },
      },
    },
    async () => ({ items: await keys.listKeys() }),
  );
  app.post<{ Body: Open311ApiKeyBody }>(
    '/api/open311/keys',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Issue an API key to a partner: the key is in this answer only',
        body: Open311ApiKeyBody,
        response: { 201: Open311ApiKeyIssued, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await keys.issueKey(req.body, actorOf(req))),
  );
  app.post<{ Params: { id: number } }>(
    '/api/open311/keys/:id/revoke',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Revoke an API key: requests with it are refused (403) from now on',
        params: Type.Object({ id: RowId() }),
        response: { 200: Open311ApiKey, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => keys.revokeKey(req.params.id, actorOf(req)),
  );
}
