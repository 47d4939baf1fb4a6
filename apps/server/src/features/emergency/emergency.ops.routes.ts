import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  EmergencyCallBody,
  EmergencyDuty,
  EmergencyDutyBody,
  EmergencyEquipmentBody,
  EmergencyEquipmentParams,
  EmergencyIdParams,
  EmergencyMaterialUse,
  EmergencyMaterialUseBody,
  EmergencyPonding,
  EmergencyPondingBody,
  EmergencyPondingList,
  EmergencyResources,
  EmergencyRoster,
  EmergencyRosterQuery,
  EmergencySegmentReply,
  EmergencySegmentReportBody,
  EmergencySnow,
  EmergencySnowQuery,
  EmergencySnowStopBody,
  ErrorResponse,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { EmergencyPondingLog } from './emergency.ponding.js';
import type { EmergencyResources as Resources } from './emergency.resources.js';
import type { EmergencyService } from './emergency.service.js';
import type { EmergencySnowOps } from './emergency.snow.js';

const tags = ['emergency'];
const watch = { access: { roles: rolesFor('emergency'), scope: 'none' as const } };
const duty = { access: { roles: rolesFor('emergencyDuty'), scope: 'none' as const } };
const sign = { access: { roles: rolesFor('emergencySign'), scope: 'none' as const } };
const answer = { access: { roles: rolesFor('emergencyAnswer'), scope: 'department' as const } };
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const Reply = Type.Object({ ok: Type.Boolean() });
const Added = Type.Object({ added: Type.Integer() });

/** Teams, equipment, materials, the duty roster, snow segments and ponding (the console's second part). */
export async function emergencyOpsRoutes(
  app: FastifyInstance,
  ctx: {
    emergency: EmergencyService;
    resources: Resources;
    snow: EmergencySnowOps;
    ponding: EmergencyPondingLog;
  },
) {
  const { emergency, resources, snow, ponding } = ctx;

  app.get(
    '/api/emergency/resources',
    {
      config: watch,
      schema: {
        tags,
        summary: 'Depots, teams and crews, equipment with its state, material stock by depot',
        response: { 200: EmergencyResources },
      },
    },
    async () => resources.resources(),
  );

  app.put<{ Params: Static<typeof EmergencyEquipmentParams>; Body: Static<typeof EmergencyEquipmentBody> }>(
    '/api/emergency/equipment/:id',
    {
      config: duty,
      schema: {
        tags,
        summary: 'Set a unit of equipment ready, deployed or in repair',
        params: EmergencyEquipmentParams,
        body: EmergencyEquipmentBody,
        response: { 200: Reply, ...errors },
      },
    },
    async (req) => {
      await resources.setEquipmentState(req.params.id, req.body.state, actorOf(req));
      return { ok: true };
    },
  );

  app.post<{ Body: EmergencyMaterialUseBody }>(
    '/api/emergency/materials/use',
    {
      config: duty,
      schema: {
        tags,
        summary: 'Material taken from a depot (sandbags, de-icer): stock goes down, the use is recorded',
        body: EmergencyMaterialUseBody,
        response: { 201: EmergencyMaterialUse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await resources.useMaterial(req.body, actorOf(req))),
  );

  app.post<{ Body: Static<typeof EmergencyCallBody> }>(
    '/api/emergency/callouts',
    {
      config: sign,
      schema: {
        tags,
        summary: 'Call out teams or people on duty (叫应) in a response in force; each must acknowledge',
        body: EmergencyCallBody,
        response: { 200: Added, ...errors },
      },
    },
    async (req) => ({
      added: await emergency.callMore(req.body.responseId, req.body.targets, actorOf(req)),
    }),
  );

  app.get<{ Querystring: Static<typeof EmergencyRosterQuery> }>(
    '/api/emergency/roster',
    {
      config: watch,
      schema: {
        tags,
        summary:
          'The duty roster (值班表) of a day: day and night shifts per department, the leader on shift at higher levels',
        querystring: EmergencyRosterQuery,
        response: { 200: EmergencyRoster, ...errors },
      },
    },
    async (req) => resources.roster(req.query.day),
  );

  app.post<{ Params: { id: number }; Body: EmergencyDutyBody }>(
    '/api/emergency/roster/:id',
    {
      config: duty,
      schema: {
        tags,
        summary: 'Edit a roster row, or check its person in with hand-over notes',
        params: EmergencyIdParams,
        body: EmergencyDutyBody,
        response: { 200: EmergencyDuty, ...errors },
      },
    },
    async (req) => resources.updateDuty(req.params.id, req.body, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof EmergencySnowQuery> }>(
    '/api/emergency/snow',
    {
      config: answer,
      schema: {
        tags,
        summary:
          'Snow segments with their state (open, passable, clean) and deadlines in the snow response in force; `mine`: the reader’s crew’s',
        querystring: EmergencySnowQuery,
        response: { 200: EmergencySnow },
      },
    },
    async (req) => snow.segments(actorOf(req), { mine: req.query.mine }),
  );

  app.post<{ Params: { id: number }; Body: EmergencySegmentReportBody }>(
    '/api/emergency/snow/segments/:id/report',
    {
      config: answer,
      schema: {
        tags,
        summary:
          'A crew reports a segment passable or clean, with a photo (the same client id twice is one report)',
        params: EmergencyIdParams,
        body: EmergencySegmentReportBody,
        response: { 200: EmergencySegmentReply, ...errors },
      },
    },
    async (req) => snow.report(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Body: EmergencySnowStopBody }>(
    '/api/emergency/snow/stopped',
    {
      config: duty,
      schema: {
        tags,
        summary:
          'Record when the snow stopped in the snow response in force (now by default): the clean deadlines count from then',
        body: EmergencySnowStopBody,
        response: {
          200: Type.Object({ snowStoppedAt: Type.String({ format: 'date-time' }) }),
          ...errors,
        },
      },
    },
    async (req) => snow.stopped(req.body.at, actorOf(req)),
  );

  app.put<{ Params: { id: number }; Body: { team: string | null } }>(
    '/api/emergency/snow/segments/:id/team',
    {
      config: duty,
      schema: {
        tags,
        summary: 'Assign a segment to a crew (null: to none)',
        params: EmergencyIdParams,
        body: Type.Object(
          { team: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Reply, ...errors },
      },
    },
    async (req) => {
      await snow.assign(req.params.id, req.body.team, actorOf(req));
      return { ok: true };
    },
  );

  app.get(
    '/api/emergency/ponding',
    {
      config: watch,
      schema: {
        tags,
        summary:
          'Ponding at the points: episodes lasting and of the last day, their duration against the target',
        response: { 200: EmergencyPondingList },
      },
    },
    async () => ({ items: await ponding.list() }),
  );

  app.post<{ Body: Static<typeof EmergencyPondingBody> }>(
    '/api/emergency/ponding',
    {
      config: answer,
      schema: {
        tags,
        summary: 'Report ponding at a point: its start (open until ended) or its start and end',
        body: EmergencyPondingBody,
        response: { 201: EmergencyPonding, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await ponding.reportPonding(req.body, actorOf(req))),
  );

  app.post<{ Params: { id: number } }>(
    '/api/emergency/ponding/:id/end',
    {
      config: answer,
      schema: {
        tags,
        summary: 'End an open ponding episode now',
        params: EmergencyIdParams,
        response: { 200: EmergencyPonding, ...errors },
      },
    },
    async (req) => ponding.end(req.params.id, actorOf(req)),
  );
}
