import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  ErrorResponse,
  VisitCaseList,
  VisitDrillQuery,
  VisitFiguresQuery,
  VisitFiguresReport,
} from '@cityloop/domain/api';
import type { Config } from '../../config.js';
import { actorOf } from '../../http/actor.js';
import type { VisitFiguresService } from './visitFigures.service.js';
import { visitFiguresWorkbook } from './visitFigures.export.js';

const tags = ['visits'];
const errors = { 400: ErrorResponse, 403: ErrorResponse };
const periodDoc =
  'Period: `from`/`to` (days in the city time zone, the last included, or instants) or `period`=day|week|month|quarter|year holding `date` (default: this month). `groupBy`: district (default), street, unit, category.';

export async function visitFigureRoutes(
  app: FastifyInstance,
  ctx: { figures: VisitFiguresService; config: Config },
) {
  const access = { roles: rolesFor('visitFigures'), scope: 'area' as const };

  app.get<{ Querystring: VisitFiguresQuery }>(
    '/api/visits/figures',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Return-visit figures (回访统计): due, done, on time, 回访率, 满意率, repeat complaints',
        description: periodDoc,
        querystring: VisitFiguresQuery,
        response: { 200: VisitFiguresReport, ...errors },
      },
    },
    async (req) => ctx.figures.report(req.query, actorOf(req)),
  );

  app.get<{ Querystring: VisitFiguresQuery }>(
    '/api/visits/figures/export.xlsx',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The return-visit figures as an Excel workbook (rows, total and definitions)',
        description: periodDoc,
        querystring: VisitFiguresQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const report = await ctx.figures.report(req.query, actorOf(req));
      const body = await visitFiguresWorkbook(report, ctx.config.timeZone);
      const name = `visit-figures-${report.groupBy}-${ctx.figures.periodName(req.query, report)}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  );

  app.get<{ Querystring: VisitDrillQuery }>(
    '/api/visits/figures/cases',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The cases one figure counts (drill-down), for one row `key` or all, newest first',
        description: periodDoc,
        querystring: VisitDrillQuery,
        response: { 200: VisitCaseList, ...errors },
      },
    },
    async (req) => ctx.figures.casesBehind(req.query, actorOf(req)),
  );
}
