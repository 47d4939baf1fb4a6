import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor, type Role } from '@cityloop/domain';
import { ErrorResponse, RevealedPhone, RowId, VisitList, VisitListQuery } from '@cityloop/domain/api';
import type { VisitService } from './visits.service.js';
import { actorOf } from '../../http/actor.js';

const tags = ['visits'];
/** Who reads the visit lists: the hotline and intake seats who call, and those who oversee them. */
export const VISIT_READERS: readonly Role[] = rolesFor('visits');
/** Who calls the callers back (and so may see a full phone number). */
export const VISITORS: readonly Role[] = rolesFor('returnVisits');
const IdParams = Type.Object({ id: RowId({ bigint: true, description: 'The case' }) });

export async function visitRoutes(app: FastifyInstance, ctx: { visits: VisitService }) {
  app.get<{ Querystring: VisitListQuery }>(
    '/api/visits',
    {
      config: { access: { roles: VISIT_READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Return visits (回访): the queue of callers to call back (due) or the visits made (done)',
        description:
          'Due: closed cases whose caller wants a reply and whose visit is not over (an unanswered call keeps it due, up to 3 calls), oldest closing first. Done: visits that ended (reached or unreachable), newest first. Phones are masked; record a visit with POST /api/cases/{id}/actions `{"action": "return_visit", ...}`.',
        querystring: VisitListQuery,
        response: { 200: VisitList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.visits.list(req.query, actorOf(req)),
  );

  app.post<{ Params: { id: number } }>(
    '/api/visits/:id/phone',
    {
      config: { access: { roles: VISITORS, scope: 'area' } },
      schema: {
        tags,
        summary: 'The caller’s full phone number for a return visit (recorded in the audit log)',
        params: IdParams,
        response: { 200: RevealedPhone, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.visits.revealPhone(req.params.id, actorOf(req)),
  );
}
