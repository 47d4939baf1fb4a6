import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  BboxQuery,
  ErrorResponse,
  GridAtQuery,
  GridInfo,
  GridPatch,
  ImportJob,
  ImportReport,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { GridService } from './grids.service.js';
import type { GridImportService } from './gridImport.js';
import { validateGridImport, type ImportInput } from './gridImport.js';
import { actorOf } from '../../http/actor.js';

const CodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9]{15}$' }) });
const ImportBody = Type.Object(
  { type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown(), { maxItems: 100_000 }) },
  {
    description:
      'GeoJSON FeatureCollection; each feature: properties.code (15 digits), Polygon geometry (WGS-84)',
  },
);
const IMPORT_LIMIT = 100 * 1024 * 1024;

export async function gridRoutes(
  app: FastifyInstance,
  ctx: { db: Db; grids: GridService; gridImport: GridImportService },
) {
  app.get<{ Querystring: GridAtQuery }>(
    '/api/grids/at',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['grids'],
        summary: 'The unit grid containing a point (WGS-84 unless crs says otherwise)',
        querystring: GridAtQuery,
        response: { 200: GridInfo, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send(ctx.grids.atJson(req.query.lon, req.query.lat, req.query.crs)),
  );

  app.get<{ Querystring: { bbox: string; limit?: number } }>(
    '/api/grids',
    {
      config: { access: { roles: 'authenticated', scope: 'none' } },
      schema: {
        tags: ['grids'],
        summary: 'Unit grids within a box, as a GeoJSON FeatureCollection',
        querystring: BboxQuery,
      },
    },
    async (req) => {
      const [a, b, c, d] = req.query.bbox.split(',').map(Number) as [number, number, number, number];
      return ctx.grids.inBox([a, b, c, d], req.query.limit ?? 5000);
    },
  );

  app.get<{ Params: { code: string } }>(
    '/api/grids/:code',
    {
      config: { access: { roles: 'authenticated', scope: 'none' } },
      schema: {
        tags: ['grids'],
        summary: 'One unit grid',
        params: CodeParams,
        response: { 200: GridInfo, 404: ErrorResponse },
      },
    },
    async (req) => ctx.grids.get(req.params.code),
  );

  app.patch<{ Params: { code: string }; Body: GridPatch }>(
    '/api/grids/:code',
    {
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags: ['grids'],
        summary: 'Change a grid’s responsible body or supervision grid (audited; live clients redraw)',
        params: CodeParams,
        body: GridPatch,
        response: { 200: GridInfo, 404: ErrorResponse },
      },
    },
    async (req) => ctx.grids.update(req.params.code, req.body, actorOf(req)),
  );

  app.get(
    '/api/grids/import/template.geojson',
    {
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags: ['grids'],
        summary:
          'A GeoJSON file to start a grid import from: the grids of one community with every property the import reads',
      },
    },
    async (_req, reply) =>
      reply
        .header('content-type', 'application/geo+json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="unit-grids-template.geojson"')
        .send(JSON.stringify(ctx.grids.importTemplate(), null, 1)),
  );

  app.post<{ Body: ImportInput }>(
    '/api/grids/import/validate',
    {
      bodyLimit: IMPORT_LIMIT,
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags: ['grids'],
        summary: 'Validate unit grids for import; nothing is written',
        body: ImportBody,
        response: { 200: ImportReport },
      },
    },
    async (req) => (await validateGridImport(ctx.db, req.body)).report,
  );

  app.post<{ Body: ImportInput }>(
    '/api/grids/import',
    {
      bodyLimit: IMPORT_LIMIT,
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags: ['grids'],
        summary: 'Import unit grids as a job: validated first, then written in one transaction',
        body: ImportBody,
        response: { 202: ImportJob },
      },
    },
    async (req, reply) => reply.status(202).send(await ctx.gridImport.start(req.body, actorOf(req))),
  );

  app.get<{ Params: { id: number } }>(
    '/api/grids/import/:id',
    {
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags: ['grids'],
        summary: 'Progress and report of an import job',
        params: Type.Object({ id: Type.Integer() }),
        response: { 200: ImportJob, 404: ErrorResponse },
      },
    },
    async (req) => ctx.gridImport.get(req.params.id),
  );
}
