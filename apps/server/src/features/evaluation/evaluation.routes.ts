import type { FastifyInstance } from 'fastify';
import { rolesFor, type Role } from '@cityloop/domain';
import {
  CaseList,
  DrillQuery,
  ErrorResponse,
  EvaluationIdParams,
  EvaluationParams,
  EvaluationQuery,
  EvaluationReport,
  EvaluationSettings,
  TrendQuery,
  TrendResponse,
  type EvaluationSubject,
} from '@cityloop/domain/api';
import type { Config } from '../../config.js';
import type { EvaluationService } from './evaluation.service.js';
import { evaluationWorkbook } from './evaluation.export.js';
import { actorOf } from '../../http/actor.js';

const tags = ['evaluation'];
/**
 * Who reads evaluations: the centres' leads and the supervisors city-wide (district and street
 * accounts see their area's cases only); a handling unit reads its own unit's row only.
 */
export const EVALUATION_READERS: readonly Role[] = [
  ...rolesFor('evaluation'),
  ...rolesFor('evaluationOwnUnit'),
];
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const subjectsDoc =
  'Subjects: inspectors, operators, shift_leaders, dispatchers, units, streets, districts. Period: `from`/`to` (ISO instants, to exclusive) or `period`=day|week|month|quarter|year holding `date` (default: this month), in the city time zone.';

export async function evaluationRoutes(
  app: FastifyInstance,
  ctx: { evaluation: EvaluationService; config: Config },
) {
  const svc = ctx.evaluation;

  app.get(
    '/api/evaluation/weights',
    {
      config: { access: { roles: EVALUATION_READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Composite weights and denominator options (admin-configurable)',
        response: { 200: EvaluationSettings },
      },
    },
    async () => svc.settings(),
  );

  app.put<{ Body: EvaluationSettings }>(
    '/api/evaluation/weights',
    {
      config: { access: { roles: rolesFor('evaluationWeights'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Set the composite weights and denominator options',
        body: EvaluationSettings,
        response: { 200: EvaluationSettings, 400: ErrorResponse },
      },
    },
    async (req) => svc.saveSettings(req.body, actorOf(req)),
  );

  app.get<{ Params: { subject: EvaluationSubject }; Querystring: EvaluationQuery }>(
    '/api/evaluation/:subject',
    {
      config: { access: { roles: EVALUATION_READERS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Evaluation (综合评价) of every subject of a kind for a period: counts, rates, score, grade, rank',
        description: subjectsDoc,
        params: EvaluationParams,
        querystring: EvaluationQuery,
        response: { 200: EvaluationReport, ...errors },
      },
    },
    async (req) => svc.evaluate(req.params.subject, req.query, actorOf(req)),
  );

  app.get<{ Params: { subject: EvaluationSubject }; Querystring: TrendQuery }>(
    '/api/evaluation/:subject/trend',
    {
      config: { access: { roles: EVALUATION_READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'One subject’s (or all visible subjects’) figures per day, week or month, for a chart',
        description: subjectsDoc,
        params: EvaluationParams,
        querystring: TrendQuery,
        response: { 200: TrendResponse, ...errors },
      },
    },
    async (req) => svc.trend(req.params.subject, req.query, actorOf(req)),
  );

  app.get<{ Params: { subject: EvaluationSubject }; Querystring: EvaluationQuery }>(
    '/api/evaluation/:subject/export.xlsx',
    {
      config: { access: { roles: EVALUATION_READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'The evaluation as an Excel workbook (rows and a sheet of definitions)',
        description: subjectsDoc,
        params: EvaluationParams,
        querystring: EvaluationQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const report = await svc.evaluate(req.params.subject, req.query, actorOf(req));
      const body = await evaluationWorkbook(report, ctx.config.timeZone);
      const name = `evaluation-${report.subject}-${svc.periodName(req.query, report)}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(body);
    },
  );

  app.get<{ Params: { subject: EvaluationSubject; id: string }; Querystring: DrillQuery }>(
    '/api/evaluation/:subject/:id/cases',
    {
      config: { access: { roles: EVALUATION_READERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'The cases behind one figure (drill-down): metric = a count key, newest first',
        description: subjectsDoc,
        params: EvaluationIdParams,
        querystring: DrillQuery,
        response: { 200: CaseList, ...errors },
      },
    },
    async (req) => svc.casesBehind(req.params.subject, req.params.id, req.query, actorOf(req)),
  );
}
