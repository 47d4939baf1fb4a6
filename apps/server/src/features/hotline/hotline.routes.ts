import type { FastifyInstance } from 'fastify';
import { rolesFor, type Role } from '@cityloop/domain';
import {
  ErrorResponse,
  HotlineCall,
  HotlineCallBody,
  HotlineCallList,
  HotlineCallQuery,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { HotlineService } from './hotline.service.js';

const tags = ['hotline'];
/** The seats who take calls (the intake capability). */
export const SEATS: readonly Role[] = rolesFor('intake');

export async function hotlineRoutes(app: FastifyInstance, ctx: { hotline: HotlineService }) {
  app.post<{ Body: HotlineCallBody }>(
    '/api/hotline/calls',
    {
      config: { access: { roles: SEATS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Record a call that needs no field case: a consultation answered, a suggestion or thanks',
        description:
          'A problem to fix on site is a report instead (POST /api/cases with source hotline). A consultation (inquiry) needs the answer given.',
        body: HotlineCallBody,
        response: { 201: HotlineCall, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await ctx.hotline.record(req.body, actorOf(req))),
  );

  app.get<{ Querystring: HotlineCallQuery }>(
    '/api/hotline/calls',
    {
      config: { access: { roles: SEATS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Calls recorded without a case, newest first (phones masked); a district seat sees its district’s',
        querystring: HotlineCallQuery,
        response: { 200: HotlineCallList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.hotline.list(req.query, req.user!),
  );
}
