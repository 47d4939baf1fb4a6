import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  CapacityAssumptionBody,
  CapacityReport,
  ErrorResponse,
  ProjectIdParams,
  ProjectList,
  ProjectListQuery,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { ProjectService } from './projects.service.js';

const READERS = rolesFor('infrastructure');

export async function projectRoutes(app: FastifyInstance, ctx: { projects: ProjectService }) {
  app.get<{ Querystring: Static<typeof ProjectListQuery> }>(
    '/api/projects',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags: ['networks'],
        summary: 'Major infrastructure projects: capacity, budget, progress and milestones',
        querystring: ProjectListQuery,
        response: { 200: ProjectList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.projects.list(req.query, actorOf(req)),
  );

  app.get(
    '/api/projects/capacity',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags: ['networks'],
        summary:
          'Plant capacity vs demand: design capacity, throughput today, a 15-year demand projection from the growth assumption, the year each capacity runs short',
        response: { 200: CapacityReport },
      },
    },
    async () => ctx.projects.capacity(),
  );

  app.put<{ Params: Static<typeof ProjectIdParams>; Body: Static<typeof CapacityAssumptionBody> }>(
    '/api/projects/:id/capacity',
    {
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags: ['networks'],
        summary: 'The administrator sets a plant’s throughput today and the yearly growth of its demand (%)',
        params: ProjectIdParams,
        body: CapacityAssumptionBody,
        response: { 200: CapacityReport, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.projects.setAssumption(req.params.id, req.body, actorOf(req)),
  );
}
