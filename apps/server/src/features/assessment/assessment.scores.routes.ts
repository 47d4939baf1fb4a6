import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  AssessmentSettingsSchema,
  AssessmentSites,
  BulletinResponse,
  ErrorResponse,
  FindingList,
  MonthClosed,
  MonthOnlyQuery,
  MonthParams,
  RollupQuery,
  RollupReportQuery,
  RollupResponse,
  ScoresReportQuery,
  ScoresQuery,
  ScoresResponse,
  SubjectParams,
  type AssessmentSettings,
  type MonthOnlyQuery as MonthOnlyQueryT,
  type ScoresQuery as ScoresQueryT,
  type RollupQuery as RollupQueryT,
  type RollupReportQuery as RollupReportQueryT,
  type ScoresReportQuery as ScoresReportQueryT,
} from '@cityloop/domain/api';
import type { ScoreLevel } from '@cityloop/domain';
import { actorOf } from '../../http/actor.js';
import type { AssessmentService } from './assessment.service.js';
import { bulletinWorkbook, rollupWorkbook } from './assessment.export.js';

const tags = ['assessment'];
const READERS = rolesFor('assessment');
const ADMINS = rolesFor('assessmentAdmin');
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const pdfErrors = { ...errors, 503: ErrorResponse };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const read = { access: { roles: READERS, scope: 'none' as const } };

/** The results: monthly scores and drill-down, the bulletin and its files, closing a month, settings, sites. */
export async function assessmentScoreRoutes(app: FastifyInstance, ctx: { assessment: AssessmentService }) {
  const svc = ctx.assessment;

  app.get<{ Querystring: ScoresQueryT }>(
    '/api/assessment/scores',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The month’s scores and ranks of every district, street or unit, with the change from last month',
        querystring: ScoresQuery,
        response: { 200: ScoresResponse, ...errors },
      },
    },
    async (req) => svc.scores(req.query.month, req.query.level),
  );

  app.get<{ Params: { level: ScoreLevel; id: string }; Querystring: MonthOnlyQueryT }>(
    '/api/assessment/scores/:level/:id/findings',
    {
      config: read,
      schema: {
        tags,
        summary: 'The findings behind one party’s deductions in a month (drill-down), with the part it bears',
        params: SubjectParams,
        querystring: MonthOnlyQuery,
        response: { 200: FindingList, ...errors },
      },
    },
    async (req) => svc.findingsBehind(req.params.level, req.params.id, req.query.month),
  );

  app.get<{ Querystring: ScoresQueryT }>(
    '/api/assessment/bulletin',
    {
      config: read,
      schema: {
        tags,
        summary: 'The month’s ranking bulletin (通报): scores, ranks, change, the worst findings',
        querystring: ScoresQuery,
        response: { 200: BulletinResponse, ...errors },
      },
    },
    async (req) => svc.bulletin(req.query.month, req.query.level),
  );

  app.get<{ Querystring: ScoresQueryT }>(
    '/api/assessment/bulletin.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The bulletin as an Excel workbook',
        querystring: ScoresQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const bulletin = await svc.bulletin(req.query.month, req.query.level);
      const body = await bulletinWorkbook(bulletin);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="assessment-${req.query.level}-${req.query.month}.xlsx"`,
        )
        .send(body);
    },
  );

  app.get<{ Querystring: ScoresReportQueryT }>(
    '/api/assessment/bulletin.pdf',
    {
      config: read,
      schema: {
        tags,
        summary:
          'The month’s bulletin as a PDF printed by the server (ranking, change, worst findings with photos)',
        querystring: ScoresReportQuery,
        response: pdfErrors,
      },
    },
    async (req, reply) => {
      const { month, level } = req.query;
      const { name, body } = await svc.bulletinPdf(month, level, req.query.lang ?? actorOf(req).lang);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${name}"`)
        .send(body);
    },
  );

  app.get<{ Querystring: RollupQueryT }>(
    '/api/assessment/rollup',
    {
      config: read,
      schema: {
        tags,
        summary:
          'A quarter’s (YYYY-Qn) or a year’s (YYYY) ranking: the mean of the monthly scores, rank, grade, change from the period before',
        querystring: RollupQuery,
        response: { 200: RollupResponse, ...errors },
      },
    },
    async (req) => svc.rollup(req.query.period, req.query.level),
  );

  app.get<{ Querystring: RollupQueryT }>(
    '/api/assessment/rollup.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'A quarter’s or a year’s roll-up as an Excel workbook',
        querystring: RollupQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const body = await rollupWorkbook(await svc.rollup(req.query.period, req.query.level));
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="assessment-${req.query.level}-${req.query.period}.xlsx"`,
        )
        .send(body);
    },
  );

  app.get<{ Querystring: RollupReportQueryT }>(
    '/api/assessment/rollup.pdf',
    {
      config: read,
      schema: {
        tags,
        summary: 'A quarter’s or a year’s roll-up as a PDF printed by the server',
        querystring: RollupReportQuery,
        response: pdfErrors,
      },
    },
    async (req, reply) => {
      const { period, level } = req.query;
      const { name, body } = await svc.rollupPdf(period, level, req.query.lang ?? actorOf(req).lang);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${name}"`)
        .send(body);
    },
  );

  app.post<{ Params: { month: string } }>(
    '/api/assessment/months/:month/close',
    {
      config: { access: { roles: ADMINS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Close an ended month: its scores are frozen and published',
        params: MonthParams,
        response: { 200: MonthClosed, ...errors },
      },
    },
    async (req) => svc.closeMonth(req.params.month, actorOf(req)),
  );

  app.get(
    '/api/assessment/settings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Combination weights, focus bonus and monthly focus items',
        response: { 200: AssessmentSettingsSchema },
      },
    },
    async () => svc.settings(),
  );

  app.put<{ Body: AssessmentSettings }>(
    '/api/assessment/settings',
    {
      config: { access: { roles: ADMINS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Set the weights and focus items',
        body: AssessmentSettingsSchema,
        response: { 200: AssessmentSettingsSchema, ...errors },
      },
    },
    async (req) => svc.saveSettings(req.body, actorOf(req)),
  );

  app.get(
    '/api/assessment/sites',
    {
      config: read,
      schema: {
        tags,
        summary: 'Demonstration sites (示范点) with their scores by month',
        response: { 200: AssessmentSites },
      },
    },
    async () => svc.sites(),
  );
}
