import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  ComponentCodeParams,
  ComponentDetail,
  ComponentFeatureCollection,
  ComponentHistory,
  ComponentImportBody,
  ComponentListQuery,
  ComponentPage,
  ComponentMapQuery,
  ComponentNearby,
  ComponentNearbyQuery,
  ComponentPatch,
  ErrorResponse,
  ImportJob,
  ImportReport,
} from '@cityloop/domain/api';
import type { ComponentService } from './components.service.js';
import type { ComponentImportService } from './componentImport.js';
import { actorOf } from '../../http/actor.js';

// The registry is city-wide reference data: every signed-in user reads it, administrators write.
const READERS = { roles: 'authenticated', scope: 'none' } as const;
const ADMIN = { roles: rolesFor('admin'), scope: 'none' } as const;
const tags = ['components'];
// An Excel census of a whole city, base64-encoded, stays well below this.
const IMPORT_LIMIT = 100 * 1024 * 1024;

export async function componentRoutes(
  app: FastifyInstance,
  ctx: { components: ComponentService; componentImport: ComponentImportService },
) {
  const components = ctx.components;

  app.get<{ Querystring: ComponentMapQuery }>(
    '/api/components',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Components (部件) within a box, as GeoJSON points for a map layer',
        querystring: ComponentMapQuery,
        response: { 200: ComponentFeatureCollection, 400: ErrorResponse },
      },
    },
    async (req) => components.inBox(req.query),
  );

  app.get<{ Querystring: ComponentListQuery }>(
    '/api/components/list',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary:
          'Components as a table: search by name or code prefix, filter by category, grid, state; keyset pages (`after` = the previous page’s `next`)',
        querystring: ComponentListQuery,
        response: { 200: ComponentPage },
      },
    },
    async (req) => components.list(req.query),
  );

  app.get<{ Querystring: ComponentNearbyQuery }>(
    '/api/components/nearby',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The components nearest a point within a radius (metres), nearest first',
        querystring: ComponentNearbyQuery,
        response: { 200: Type.Array(ComponentNearby) },
      },
    },
    async (req) => components.nearby(req.query),
  );

  app.get(
    '/api/components/import/template.xlsx',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary:
          'An Excel file to start a component import from: the columns, one of the city’s components as an example, and a sheet that explains each column',
      },
    },
    async (_req, reply) =>
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="components-template.xlsx"')
        .send(await ctx.componentImport.template()),
  );

  app.post<{ Body: ComponentImportBody }>(
    '/api/components/import/validate',
    {
      bodyLimit: IMPORT_LIMIT,
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Validate components for import (GeoJSON or Excel); nothing is written',
        body: ComponentImportBody,
        response: { 200: ImportReport },
      },
    },
    async (req) => (await ctx.componentImport.validate(req.body)).report,
  );

  app.post<{ Body: ComponentImportBody }>(
    '/api/components/import',
    {
      bodyLimit: IMPORT_LIMIT,
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Import components as a job: validated first, then upserted in one transaction',
        body: ComponentImportBody,
        response: { 202: ImportJob },
      },
    },
    async (req, reply) => reply.status(202).send(await ctx.componentImport.start(req.body, actorOf(req))),
  );

  app.get<{ Params: { id: number } }>(
    '/api/components/import/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Progress and report of a component import job',
        params: Type.Object({ id: Type.Integer() }),
        response: { 200: ImportJob, 404: ErrorResponse },
      },
    },
    async (req) => ctx.componentImport.get(req.params.id),
  );

  app.get<{ Params: { code: string } }>(
    '/api/components/:code',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'One component with its category and maintainer',
        params: ComponentCodeParams,
        response: { 200: ComponentDetail, 404: ErrorResponse },
      },
    },
    async (req) => components.get(req.params.code),
  );

  app.patch<{ Params: { code: string }; Body: ComponentPatch }>(
    '/api/components/:code',
    {
      config: { access: ADMIN },
      schema: {
        tags,
        summary: 'Change state, maintainer, note or position (the grid follows the position; audited)',
        params: ComponentCodeParams,
        body: ComponentPatch,
        response: { 200: ComponentDetail, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => components.update(req.params.code, req.body, actorOf(req)),
  );

  app.get<{ Params: { code: string } }>(
    '/api/components/:code/history',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The component’s changes and the cases about it, newest first',
        params: ComponentCodeParams,
        response: { 200: ComponentHistory, 404: ErrorResponse },
      },
    },
    async (req) => components.history(req.params.code),
  );
}
