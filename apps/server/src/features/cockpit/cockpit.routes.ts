import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  CockpitAlarmList,
  CockpitAlarmsQuery,
  CockpitCaseList,
  CockpitCasesQuery,
  CockpitDeviceList,
  CockpitDevicesQuery,
  CockpitQuery,
  CockpitReportBody,
  CockpitReportDetail,
  CockpitReportList,
  CockpitReportView,
  CockpitResponse,
  ErrorResponse,
} from '@cityloop/domain/api';
import { Type, type Static } from '@sinclair/typebox';
import { actorOf } from '../../http/actor.js';
import type { CockpitService } from './cockpit.service.js';

const tags = ['cockpit'];
const READERS = rolesFor('cockpit');

export async function cockpitRoutes(app: FastifyInstance, ctx: { cockpit: CockpitService }) {
  app.get<{ Querystring: CockpitQuery }>(
    '/api/cockpit',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'The leaders’ cockpit: every tile’s figure for a day, month or year',
        description:
          'Each tile is its module’s own answer for the period, with the previous period’s and last year’s and the changes; a tile whose module is not in the node is `missing`.',
        querystring: CockpitQuery,
        response: { 200: CockpitResponse, 400: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.read(req.query, actorOf(req)),
  );

  app.get<{ Querystring: CockpitCasesQuery }>(
    '/api/cockpit/cases',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Drill-down: the cases behind a case figure of one district or unit (the evaluation’s own list)',
        querystring: CockpitCasesQuery,
        response: { 200: CockpitCaseList, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.cases(req.query, actorOf(req)),
  );

  app.get<{ Querystring: CockpitAlarmsQuery }>(
    '/api/cockpit/alarms',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Drill-down: the active alarms behind the alarm tile, worst first',
        querystring: CockpitAlarmsQuery,
        response: { 200: CockpitAlarmList, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.alarms(req.query),
  );

  app.get<{ Querystring: CockpitDevicesQuery }>(
    '/api/cockpit/devices',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Drill-down: the devices of a sector behind the online rate',
        querystring: CockpitDevicesQuery,
        response: { 200: CockpitDeviceList, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.devices(req.query),
  );

  const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
  const LangQuery = Type.Object(
    { lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])) },
    { additionalProperties: false },
  );
  const langOf = (q: Static<typeof LangQuery>, actorLang: 'zh' | 'en') => q.lang ?? actorLang;

  app.get(
    '/api/cockpit/reports',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'The archive of the leaders’ reports, newest period first',
        response: { 200: CockpitReportList },
      },
    },
    async () => ctx.cockpit.reports(),
  );

  app.post<{ Body: CockpitReportBody }>(
    '/api/cockpit/reports',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Make the report of a day, month or year now (made again, it replaces the old one)',
        body: CockpitReportBody,
        response: { 200: CockpitReportView, 400: ErrorResponse },
      },
    },
    async (req) =>
      ctx.cockpit.makeReport(req.body.period, req.body.date ?? ctx.cockpit.today(), actorOf(req)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/cockpit/reports/:id',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'One report: the figures as read when it was made, and the worst units’ overdue cases',
        params: IdParams,
        response: { 200: CockpitReportDetail, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.report(req.params.id),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof LangQuery> }>(
    '/api/cockpit/reports/:id/report.pdf',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'One report as PDF (figures, charts, rankings, the worst units, alarms and emergencies)',
        params: IdParams,
        querystring: LangQuery,
        response: { 404: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { name, body } = await ctx.cockpit.reportPdf(req.params.id, langOf(req.query, actorOf(req).lang));
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${name}"`)
        .send(body);
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof LangQuery> }>(
    '/api/cockpit/reports/:id/report.xlsx',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'One report as an Excel workbook',
        params: IdParams,
        querystring: LangQuery,
        response: { 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { name, body } = await ctx.cockpit.reportXlsx(
        req.params.id,
        langOf(req.query, actorOf(req).lang),
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  );
}
