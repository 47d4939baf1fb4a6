import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  ErrorResponse,
  NewToiletCheck,
  NewToiletReport,
  PublicToiletList,
  ToiletCheck,
  ToiletDetail,
  ToiletIdParams,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { ToiletService } from './toilets.service.js';

const tags = ['sanitation'];
type Params = Static<typeof ToiletIdParams>;

export async function toiletRoutes(app: FastifyInstance, ctx: { toilets: ToiletService }) {
  app.get(
    '/api/sanitation/toilets',
    {
      config: { access: { roles: rolesFor('sanitation'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Public toilets (公厕): location, hours, state, latest check, open citizen reports',
        response: { 200: PublicToiletList },
      },
    },
    async () => ctx.toilets.list(),
  );

  app.get<{ Params: Params }>(
    '/api/sanitation/toilets/:id',
    {
      config: { access: { roles: rolesFor('sanitation'), scope: 'none' } },
      schema: {
        tags,
        summary: 'A public toilet with its checks and linked reports',
        params: ToiletIdParams,
        response: { 200: ToiletDetail, 404: ErrorResponse },
      },
    },
    async (req) => ctx.toilets.detail(req.params.id),
  );

  app.post<{ Params: Params; Body: NewToiletCheck }>(
    '/api/sanitation/toilets/:id/checks',
    {
      config: { access: { roles: rolesFor('sanitationRecord'), scope: 'none' } },
      schema: {
        tags,
        summary: 'A cleanliness check (score 0–100); below 80 opens a case 0301 at the toilet (audited)',
        params: ToiletIdParams,
        body: NewToiletCheck,
        response: { 200: ToiletCheck, 404: ErrorResponse },
      },
    },
    async (req) => ctx.toilets.check(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Params: Params; Body: NewToiletReport }>(
    '/api/sanitation/toilets/:id/reports',
    {
      config: { access: { roles: rolesFor('report'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Report a problem at a toilet (a citizen, an inspector): a case 0301, linked to the toilet',
        params: ToiletIdParams,
        body: NewToiletReport,
        response: {
          200: Type.Object({ caseId: Type.Integer(), caseCode: Type.String() }),
          404: ErrorResponse,
        },
      },
    },
    async (req) => ctx.toilets.report(req.params.id, req.body, actorOf(req)),
  );
}
