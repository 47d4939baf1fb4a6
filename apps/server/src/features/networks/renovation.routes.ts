import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  ErrorResponse,
  ProgrammeCreateBody,
  ProgrammeDetail,
  ProgrammeIdParams,
  ProgrammeList,
  ProgrammeListQuery,
  ProgressBody,
  SegmentDetail,
  SegmentIdParams,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { RenovationService } from './renovation.service.js';

const READERS = rolesFor('infrastructure');
/** Those who keep the register (administrators, utility operators) plan and report renewal. */
const WRITERS = rolesFor('networkImport');
const tags = ['networks'];

/** A segment's page and the yearly renovation programmes. */
export async function renovationRoutes(app: FastifyInstance, ctx: { renovation: RenovationService }) {
  app.get<{ Params: SegmentIdParams }>(
    '/api/networks/segments/:id',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'One pipe segment: attributes, age, risk term by term, its failure history (bursts, leaks, repairs; cases and alarms at it) and its programme',
        params: SegmentIdParams,
        response: { 200: SegmentDetail, 404: ErrorResponse },
      },
    },
    async (req) => ctx.renovation.segment(req.params.id),
  );

  app.get<{ Querystring: ProgrammeListQuery }>(
    '/api/renovation/programmes',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Renovation programmes (老旧管网改造) per year and network: target, planned and done km, cost',
        querystring: ProgrammeListQuery,
        response: { 200: ProgrammeList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.renovation.list(req.query),
  );

  app.post<{ Body: ProgrammeCreateBody }>(
    '/api/renovation/programmes',
    {
      config: { access: { roles: WRITERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'A new yearly programme: the renewal candidates not yet in a programme, riskiest and oldest first, until the target km',
        body: ProgrammeCreateBody,
        response: { 200: ProgrammeDetail, 400: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => ctx.renovation.create(req.body, actorOf(req)),
  );

  app.get<{ Params: ProgrammeIdParams }>(
    '/api/renovation/programmes/:id',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'One programme: its segments, km done per month and per district',
        params: ProgrammeIdParams,
        response: { 200: ProgrammeDetail, 404: ErrorResponse },
      },
    },
    async (req) => ctx.renovation.detail(req.params.id),
  );

  app.post<{ Params: ProgrammeIdParams; Body: ProgressBody }>(
    '/api/renovation/programmes/:id/progress',
    {
      config: { access: { roles: WRITERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Report segments of the programme renewed on a day (not in the future)',
        params: ProgrammeIdParams,
        body: ProgressBody,
        response: { 200: ProgrammeDetail, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.renovation.progress(req.params.id, req.body, actorOf(req)),
  );
}
