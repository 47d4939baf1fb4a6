import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  EmergencyCallout,
  EmergencyCalloutList,
  EmergencyDecisionBody,
  EmergencyEventList,
  EmergencyEventsQuery,
  EmergencyHazardParams,
  EmergencyIdParams,
  EmergencyPlan,
  EmergencyPlanBody,
  type EmergencyPlanBodyInput,
  EmergencyPlanList,
  EmergencyReport,
  EmergencyResponse,
  EmergencySignBody,
  EmergencySiteList,
  EmergencyState,
  EmergencyTask,
  EmergencyTaskDoneBody,
  EmergencyTaskList,
  EmergencyTaskQuery,
  ErrorResponse,
  WeatherWarning,
  WeatherWarningBody,
  WeatherWarningFeedBody,
  WeatherWarningList,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { EmergencyService } from './emergency.service.js';
import { reportWorkbook } from './emergency.export.js';
import { fullReport, reportPdf } from './emergency.report.js';
import type { EmergencyPondingLog } from './emergency.ponding.js';
import type { EmergencyResources } from './emergency.resources.js';
import type { EmergencySnowOps } from './emergency.snow.js';
import type { EmergencySensors } from './emergency.triggers.js';

const tags = ['emergency'];
const watch = { access: { roles: rolesFor('emergency'), scope: 'none' as const } };
const duty = { access: { roles: rolesFor('emergencyDuty'), scope: 'none' as const } };
const sign = { access: { roles: rolesFor('emergencySign'), scope: 'none' as const } };
const answer = { access: { roles: rolesFor('emergencyAnswer'), scope: 'department' as const } };
const admin = { access: { roles: rolesFor('admin'), scope: 'none' as const } };
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const Reply = Type.Object({ ok: Type.Boolean() });
const ReportLangQuery = Type.Object({
  lang: Type.Optional(
    Type.Union([Type.Literal('zh'), Type.Literal('en')], { description: 'zh (default) or en' }),
  ),
});

export async function emergencyRoutes(
  app: FastifyInstance,
  ctx: {
    emergency: EmergencyService;
    sensors: EmergencySensors;
    timeZone: string;
    resources: EmergencyResources;
    snow: EmergencySnowOps;
    ponding: EmergencyPondingLog;
  },
) {
  const { emergency, sensors } = ctx;

  app.get(
    '/api/emergency/plans',
    {
      config: watch,
      schema: {
        tags,
        summary: 'Emergency plans per hazard (rainstorm, typhoon, snow) with levels IV…I and their triggers',
        response: { 200: EmergencyPlanList },
      },
    },
    async () => emergency.listPlans(),
  );

  app.put<{ Params: { hazard: 'rainstorm' | 'typhoon' | 'snow' }; Body: EmergencyPlanBodyInput }>(
    '/api/emergency/plans/:hazard',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Edit a plan (a new version; responses in force keep the version they started with)',
        params: EmergencyHazardParams,
        body: EmergencyPlanBody,
        response: { 200: EmergencyPlan, ...errors },
      },
    },
    async (req) => emergency.savePlan(req.params.hazard, req.body, actorOf(req)),
  );

  app.get(
    '/api/emergency/state',
    {
      config: watch,
      schema: {
        tags,
        summary:
          'The active response per hazard (or null) with its evidence, the open proposal, the warnings in force',
        response: { 200: EmergencyState },
      },
    },
    async () => emergency.state(),
  );

  app.get(
    '/api/emergency/warnings',
    {
      config: watch,
      schema: {
        tags,
        summary: 'Warnings in force and those ended within a day',
        response: { 200: WeatherWarningList },
      },
    },
    async () => ({ items: await emergency.warnings() }),
  );

  app.post<{ Body: WeatherWarningBody }>(
    '/api/emergency/warnings',
    {
      config: duty,
      schema: {
        tags,
        summary:
          'The duty officer enters a weather warning (201; the same warning again answers 200 with the stored one)',
        body: WeatherWarningBody,
        response: { 200: WeatherWarning, 201: WeatherWarning, ...errors },
      },
    },
    async (req, reply) => {
      const w = await emergency.enterWarning(req.body, actorOf(req));
      return reply.code(w.created ? 201 : 200).send(w);
    },
  );

  app.post<{ Body: WeatherWarningFeedBody; Headers: { 'x-api-key'?: string } }>(
    '/api/emergency/warnings/feed',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary:
          'A meteorological feed posts a warning (national 4-digit code) with its API key in X-API-Key',
        description:
          'code = 2-digit type + 2-digit colour (0203 = rainstorm orange). A warning with an id already received answers 200 with the stored one; a new one 201. See docs/EMERGENCY.md.',
        headers: Type.Object({ 'x-api-key': Type.Optional(Type.String({ maxLength: 200 })) }),
        body: WeatherWarningFeedBody,
        response: { 200: WeatherWarning, 201: WeatherWarning, ...errors },
      },
    },
    async (req, reply) => {
      const w = await emergency.feedWarning(req.body, req.headers['x-api-key'], actorOf(req));
      return reply.code(w.created ? 201 : 200).send(w);
    },
  );

  app.get(
    '/api/emergency/responses',
    {
      config: watch,
      schema: {
        tags,
        summary: 'Responses, newest first',
        response: { 200: Type.Object({ items: Type.Array(EmergencyResponse) }) },
      },
    },
    async () => ({ items: await emergency.responses() }),
  );

  app.get<{ Params: { id: number } }>(
    '/api/emergency/responses/:id/report',
    {
      config: watch,
      schema: {
        tags,
        summary:
          'The after-action report of a response: timeline, call-outs and their times, tasks and their times, peak values',
        params: EmergencyIdParams,
        response: { 200: EmergencyReport, ...errors },
      },
    },
    async (req) => fullReport(ctx, req.params.id, actorOf(req)),
  );

  app.get<{ Params: { id: number }; Querystring: { lang?: 'zh' | 'en' } }>(
    '/api/emergency/responses/:id/report.xlsx',
    {
      config: watch,
      schema: {
        tags,
        summary: 'The after-action report as an Excel workbook (zh or en)',
        params: EmergencyIdParams,
        querystring: ReportLangQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const report = await fullReport(ctx, req.params.id, actorOf(req));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="emergency-${report.response.id}.xlsx"`)
        .send(await reportWorkbook(report, ctx.timeZone, req.query.lang ?? 'zh'));
    },
  );

  app.get<{ Params: { id: number }; Querystring: { lang?: 'zh' | 'en' } }>(
    '/api/emergency/responses/:id/report.pdf',
    {
      config: watch,
      schema: {
        tags,
        summary: 'The after-action report as a PDF (zh or en), printed on the server',
        params: EmergencyIdParams,
        querystring: ReportLangQuery,
        response: { ...errors, 503: ErrorResponse },
      },
    },
    async (req, reply) => {
      const report = await fullReport(ctx, req.params.id, actorOf(req));
      const pdf = await reportPdf(report, req.query.lang ?? 'zh', ctx.timeZone);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="emergency-${report.response.id}.pdf"`)
        .send(pdf);
    },
  );

  app.post<{ Params: { id: number }; Body: EmergencySignBody }>(
    '/api/emergency/proposals/:id/sign',
    {
      config: sign,
      schema: {
        tags,
        summary:
          'Sign a proposal: activation, raise, lower or end (by a signer the plan names for the level)',
        params: EmergencyIdParams,
        body: EmergencySignBody,
        response: { 200: EmergencyResponse, ...errors },
      },
    },
    async (req) => emergency.sign(req.params.id, req.body.reason, actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: EmergencySignBody }>(
    '/api/emergency/proposals/:id/dismiss',
    {
      config: sign,
      schema: {
        tags,
        summary: 'Turn a proposal down (it is not proposed again until something changes)',
        params: EmergencyIdParams,
        body: EmergencySignBody,
        response: { 200: Reply, ...errors },
      },
    },
    async (req) => {
      await emergency.dismiss(req.params.id, req.body.reason, actorOf(req));
      return { ok: true };
    },
  );

  app.post<{ Body: EmergencyDecisionBody }>(
    '/api/emergency/decisions',
    {
      config: sign,
      schema: {
        tags,
        summary:
          'A commander’s own decision without a proposal: activate, raise, lower or end, with a reason',
        body: EmergencyDecisionBody,
        response: { 200: EmergencyResponse, ...errors },
      },
    },
    async (req) => emergency.decide(req.body, actorOf(req)),
  );

  app.get<{ Querystring: { responseId?: number } }>(
    '/api/emergency/callouts',
    {
      config: answer,
      schema: {
        tags,
        summary:
          'Call-outs (叫应) of the active responses (or one): who was called, who acknowledged, who is escalated',
        querystring: Type.Object({ responseId: Type.Optional(EmergencyIdParams.properties.id) }),
        response: { 200: EmergencyCalloutList },
      },
    },
    async (req) => ({ items: await emergency.callouts(actorOf(req), req.query.responseId) }),
  );

  app.post<{ Params: { id: number } }>(
    '/api/emergency/callouts/:id/ack',
    {
      config: answer,
      schema: {
        tags,
        summary: 'Acknowledge a call-out: the named person, or anyone of the named department',
        params: EmergencyIdParams,
        response: { 200: EmergencyCallout, ...errors },
      },
    },
    async (req) => emergency.acknowledge(req.params.id, actorOf(req)),
  );

  app.get<{ Querystring: EmergencyTaskQuery }>(
    '/api/emergency/tasks',
    {
      config: answer,
      schema: {
        tags,
        summary: 'Tasks per department of the active responses (or one); mine=true: my department’s',
        querystring: EmergencyTaskQuery,
        response: { 200: EmergencyTaskList },
      },
    },
    async (req) => ({ items: await emergency.tasks(actorOf(req), req.query) }),
  );

  for (const [path, to] of [
    ['ack', 'acknowledged'],
    ['done', 'done'],
  ] as const) {
    app.post<{ Params: { id: number }; Body: EmergencyTaskDoneBody }>(
      `/api/emergency/tasks/:id/${path}`,
      {
        config: answer,
        schema: {
          tags,
          summary: to === 'done' ? 'Report a task done (with a note)' : 'Acknowledge a task',
          params: EmergencyIdParams,
          body: Type.Optional(EmergencyTaskDoneBody),
          response: { 200: EmergencyTask, ...errors },
        },
      },
      async (req) => emergency.moveTask(req.params.id, to, req.body?.note, actorOf(req)),
    );
  }

  app.get<{ Querystring: EmergencyEventsQuery }>(
    '/api/emergency/events',
    {
      config: watch,
      schema: {
        tags,
        summary:
          'The emergency timeline: every proposal, decision, call-out, acknowledgement and task, newest first',
        querystring: EmergencyEventsQuery,
        response: { 200: EmergencyEventList },
      },
    },
    async (req) => ({ items: await emergency.events(req.query) }),
  );

  app.get(
    '/api/emergency/sites',
    {
      config: watch,
      schema: {
        tags,
        summary:
          'The console map: waterlogging points and underpasses by live depth, rain gauges with totals, pump stations',
        response: { 200: EmergencySiteList },
      },
    },
    async () => ({ items: await sensors.sites() }),
  );
}
