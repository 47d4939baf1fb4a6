import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import { ErrorResponse, ProjectList, ProjectListQuery } from '@cityloop/domain/api';
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
}
