import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  AssessmentMonthQuery,
  Contract,
  ContractAssessment,
  ContractAssessmentList,
  ContractDecision,
  ContractDispute,
  ContractIdParams,
  ContractList,
  ErrorResponse,
  NewContract,
  SelfInspectionInput,
  SelfInspectionList,
  SelfInspectionQuery,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { ContractService } from './contracts.service.js';
import type { ContractAssessments } from './contracts.assessment.js';
import type { SelfInspections } from './contracts.selfInspections.js';

const tags = ['contracts'];
const READERS = rolesFor('contracts');
const BUREAU = rolesFor('contractManagement');

export async function contractRoutes(
  app: FastifyInstance,
  ctx: { contracts: ContractService; assessments: ContractAssessments; selfInspections: SelfInspections },
) {
  app.get<{ Params: ContractIdParams; Querystring: SelfInspectionQuery }>(
    '/api/contracts/:id/self-inspections',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'The contractor’s own inspections (自查) of a month, with the days done and due',
        params: ContractIdParams,
        querystring: SelfInspectionQuery,
        response: { 200: SelfInspectionList, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.selfInspections.list(Number(req.params.id), req.query.month, actorOf(req)),
  );

  app.post<{ Params: ContractIdParams; Body: SelfInspectionInput }>(
    '/api/contracts/:id/self-inspections',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Record a self-inspection: by the contractor’s own staff, for its own contract',
        params: ContractIdParams,
        body: SelfInspectionInput,
        response: { 200: SelfInspectionList, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.selfInspections.record(Number(req.params.id), req.body, actorOf(req)),
  );

  app.get(
    '/api/contracts',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Market-run service contracts (市场化运作): service, contractor, sections, standard, value, rules',
        description: 'The bureau sees every contract; a contractor’s staff see their own only.',
        response: { 200: ContractList },
      },
    },
    async (req) => ctx.contracts.list(actorOf(req)),
  );

  app.post<{ Body: NewContract }>(
    '/api/contracts',
    {
      config: { access: { roles: BUREAU, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Register a contract: its sections (areas, grids, roads or a drawn polygon) and its contractor’s team',
        body: NewContract,
        response: { 200: Contract, 400: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => ctx.contracts.create(req.body, actorOf(req)),
  );

  app.get<{ Querystring: AssessmentMonthQuery }>(
    '/api/contracts/assessments',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'A month’s assessment of every contract in force the reader may see',
        querystring: AssessmentMonthQuery,
        response: { 200: ContractAssessmentList, 400: ErrorResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const own = (await ctx.contracts.list(actor)).items.map((c) => c.id);
      return ctx.assessments.assessMonth(req.query.month, actor, own);
    },
  );

  app.get<{ Params: ContractIdParams }>(
    '/api/contracts/:id',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'One contract',
        params: ContractIdParams,
        response: { 200: Contract, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.contracts.get(Number(req.params.id), actorOf(req)),
  );

  app.get<{ Params: ContractIdParams; Querystring: AssessmentMonthQuery }>(
    '/api/contracts/:id/assessment',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary:
          'A contract’s monthly assessment: figures, score, deduction (never above the cap) and the cases behind it',
        params: ContractIdParams,
        querystring: AssessmentMonthQuery,
        response: { 200: ContractAssessment, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.assessments.forContract(Number(req.params.id), req.query.month, actorOf(req)),
  );

  app.post<{ Params: ContractIdParams; Body: ContractDispute }>(
    '/api/contracts/:id/assessment/dispute',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'The contractor disputes its month (申诉); the bureau decides',
        params: ContractIdParams,
        body: ContractDispute,
        response: {
          200: ContractAssessment,
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (req) => ctx.assessments.dispute(Number(req.params.id), req.body, actorOf(req)),
  );

  app.post<{ Params: ContractIdParams; Body: ContractDecision }>(
    '/api/contracts/:id/assessment/decision',
    {
      config: { access: { roles: BUREAU, scope: 'none' } },
      schema: {
        tags,
        summary: 'The bureau decides a disputed month: upheld with a corrected score, or rejected',
        params: ContractIdParams,
        body: ContractDecision,
        response: {
          200: ContractAssessment,
          400: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (req) => ctx.assessments.decide(Number(req.params.id), req.body, actorOf(req)),
  );
}
