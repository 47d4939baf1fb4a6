import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CASE_ACTIONS, CaseActionBody, type CaseActionRequest, type Role, rolesFor } from '@cityloop/domain';
import {
  BigIdParams,
  CaseDetail,
  CaseMapPoints,
  CaseMapQuery,
  Hotspots,
  HotspotQuery,
  CaseList,
  CaseListQuery,
  CaseSummary,
  ErrorResponse,
  InspectorChoice,
  QueueCounts,
  QueueCountsQuery,
  ReportBody,
  ReportResult,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { CaseService } from './cases.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { CaseDeskService } from './cases.desk.js';
import type { CaseMapService } from './cases.map.js';

const tags = ['cases'];
/** Everyone who works in the loop; citizens see only their own reports. */
export const CASE_READERS: readonly Role[] = rolesFor('cases');
export const CASE_REPORTERS: readonly Role[] = rolesFor('report');
/** Who works at the dispatcher desk (/desk): the queue counts are theirs. */
export const DESK_USERS: readonly Role[] = rolesFor('desk');
/** Who sends verify and check tasks to an inspector. */
const TASK_SENDERS = [...new Set([...CASE_ACTIONS.send_verify.roles, ...CASE_ACTIONS.to_check.roles])];
const CASE_ACTORS = [...new Set(Object.values(CASE_ACTIONS).flatMap((a) => a.roles))] as Role[];
const IdParams = BigIdParams; // cases.id is a bigint

const actionsDoc = Object.entries(CASE_ACTIONS)
  .map(([id, a]) => `- \`${id}\`: from ${a.from.join('/')} by ${a.roles.join('/')}; needs ${a.needs}`)
  .join('\n');

export async function caseRoutes(
  app: FastifyInstance,
  ctx: { cases: CaseService; caseDesk: CaseDeskService; caseMap: CaseMapService; grids: GridsOffer },
) {
  app.addSchema(CaseActionBody);

  app.post<{ Body: ReportBody }>(
    '/api/cases',
    {
      config: { access: { roles: CASE_REPORTERS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Report a problem (上报): position → unit grid, category, photos; idempotent by idempotencyKey',
        body: ReportBody,
        response: {
          201: ReportResult,
          200: ReportResult,
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const r = await ctx.cases.report(req.body, actorOf(req));
      const c = r.case;
      const grid = ctx.grids.get(c.grid_code);
      return reply.status(r.created ? 201 : 200).send({
        id: c.id,
        code: c.code,
        state: c.state,
        grid: {
          code: grid.code,
          district: grid.district.name,
          street: grid.street.name,
          community: grid.community.name,
        },
        deadline: c.step_due_at ? c.step_due_at.toISOString() : null,
        created: r.created,
        duplicates: r.duplicates,
        linkedTo: 'linkedTo' in r ? r.linkedTo : null,
      });
    },
  );

  app.get<{ Querystring: CaseListQuery }>(
    '/api/cases',
    {
      config: { access: { roles: CASE_READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Cases the user may see: queues and filters, newest first, keyset cursor',
        querystring: CaseListQuery,
        response: { 200: CaseList },
      },
    },
    async (req) => ctx.cases.list(req.query, actorOf(req)),
  );

  app.get<{ Querystring: { kind: 'component' | 'event'; category: string; lon: number; lat: number } }>(
    '/api/cases/duplicates',
    {
      config: { access: { roles: CASE_REPORTERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Open cases of the same category near a point (duplicate check before reporting)',
        querystring: Type.Object({
          kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
          category: Type.String({ pattern: '^[0-9]{4}$' }),
          lon: Type.Number(),
          lat: Type.Number(),
        }),
        response: { 200: Type.Array(CaseSummary) },
      },
    },
    async (req) => ctx.cases.duplicatesNear(req.query, undefined, actorOf(req)),
  );

  const desk = ctx.caseDesk;

  app.get<{ Querystring: QueueCountsQuery }>(
    '/api/cases/queue-counts',
    {
      config: { access: { roles: DESK_USERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Exact counts of the desk queues (one query), under the same filters as GET /api/cases',
        querystring: QueueCountsQuery,
        response: { 200: QueueCounts },
      },
    },
    async (req) => desk.queueCounts(req.query, actorOf(req)),
  );

  const MAP_READERS = rolesFor('caseMap');
  app.get<{ Querystring: CaseMapQuery }>(
    '/api/cases/map',
    {
      config: { access: { roles: MAP_READERS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Cases as points for the city map: the desk’s queues and filters (open cases without a queue or state), newest first, at most 10,000',
        querystring: CaseMapQuery,
        response: { 200: CaseMapPoints, 400: ErrorResponse },
      },
    },
    async (req) => ctx.caseMap.points(req.query, actorOf(req)),
  );

  app.get<{ Querystring: HotspotQuery }>(
    '/api/cases/hotspots',
    {
      config: { access: { roles: MAP_READERS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'The unit grids with the most cases reported in a month (city time); a hotspot’s cases are GET /api/cases?gridCode&from&to with the same filters',
        querystring: HotspotQuery,
        response: { 200: Hotspots, 400: ErrorResponse },
      },
    },
    async (req) => ctx.caseMap.hotspots(req.query, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/cases/:id/inspectors',
    {
      config: { access: { roles: TASK_SENDERS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Inspectors who may take the case’s verify or check task: those whose supervision grids hold its grid first',
        params: IdParams,
        response: { 200: Type.Array(InspectorChoice), 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => desk.inspectorsFor(req.params.id, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/cases/:id',
    {
      config: { access: { roles: CASE_READERS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'One case with its full timeline (events), photos, time used and the actions the caller may take',
        params: IdParams,
        response: { 200: CaseDetail, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cases.detail(req.params.id, actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: CaseActionRequest }>(
    '/api/cases/:id/actions',
    {
      config: { access: { roles: CASE_ACTORS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Take one step of the case loop',
        description: `Body \`{"action": "...", ...}\`. An illegal step answers 409 \`case.invalid_transition\`; another role's or jurisdiction's step 403.\n\n${actionsDoc}`,
        params: IdParams,
        body: { $ref: 'CaseActionBody#' },
        response: {
          200: CaseDetail,
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (req) => {
      await ctx.cases.act(req.params.id, req.body, actorOf(req));
      return ctx.cases.detail(req.params.id, actorOf(req));
    },
  );
}
