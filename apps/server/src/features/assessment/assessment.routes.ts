import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  AssessmentGroups,
  AssessmentPlan,
  AssessmentTasks,
  CatalogueQuery,
  CatalogueResponse,
  CatalogueVersions,
  DisputeDecision,
  DisputeRequest,
  ErrorResponse,
  FindingIdParams,
  FindingList,
  FindingListQuery,
  FindingView,
  GroupIdParams,
  NewAssessmentGroup,
  NewAssessmentPlan,
  NewCatalogueVersion,
  NewFinding,
  Reinspection,
  type CatalogueQuery as CatalogueQueryT,
  type DisputeDecision as DisputeDecisionT,
  type DisputeRequest as DisputeRequestT,
  type FindingListQuery as FindingListQueryT,
  type NewAssessmentGroup as NewAssessmentGroupT,
  type NewAssessmentPlan as NewAssessmentPlanT,
  type NewCatalogueVersion as NewCatalogueVersionT,
  type NewFinding as NewFindingT,
  type Reinspection as ReinspectionT,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { AssessmentService } from './assessment.service.js';

const tags = ['assessment'];
const READERS = rolesFor('assessment');
const INSPECTORS = rolesFor('assessmentInspect');
const ADMINS = rolesFor('assessmentAdmin');
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const read = { access: { roles: READERS, scope: 'none' as const } };
const FindingRecorded = Type.Object({ finding: FindingView, duplicate: Type.Boolean() });

/** The catalogue, groups and plans, the phone's tasks, findings, re-inspections and disputes. */
export async function assessmentRoutes(app: FastifyInstance, ctx: { assessment: AssessmentService }) {
  const svc = ctx.assessment;

  app.get<{ Querystring: CatalogueQueryT }>(
    '/api/assessment/catalogue',
    {
      config: read,
      schema: {
        tags,
        summary: 'The assessment catalogue in force in a month (default this month): categories → aspects',
        querystring: CatalogueQuery,
        response: { 200: CatalogueResponse, ...errors },
      },
    },
    async (req) => svc.catalogue(req.query.month),
  );

  app.get(
    '/api/assessment/catalogue/versions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Every catalogue version and the month it took effect',
        response: { 200: CatalogueVersions },
      },
    },
    async () => svc.catalogueVersions(),
  );

  app.post<{ Body: NewCatalogueVersionT }>(
    '/api/assessment/catalogue',
    {
      config: { access: { roles: ADMINS, scope: 'none' } },
      schema: {
        tags,
        summary: 'A new catalogue version, in force from a month that has not begun',
        body: NewCatalogueVersion,
        response: { 200: CatalogueResponse, ...errors },
      },
    },
    async (req) => svc.saveCatalogue(req.body, actorOf(req)),
  );

  app.get(
    '/api/assessment/groups',
    {
      config: read,
      schema: {
        tags,
        summary: 'Inspection, supervision and third-party groups with members, areas and plans',
        response: { 200: AssessmentGroups },
      },
    },
    async () => svc.groups(),
  );

  app.post<{ Body: NewAssessmentGroupT }>(
    '/api/assessment/groups',
    {
      config: { access: { roles: ADMINS, scope: 'none' } },
      schema: {
        tags,
        summary: 'A new group (the first member leads it)',
        body: NewAssessmentGroup,
        response: { 200: Type.Object({ id: Type.Integer() }), ...errors },
      },
    },
    async (req) => svc.createGroup(req.body, actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: NewAssessmentPlanT }>(
    '/api/assessment/groups/:id/plans',
    {
      config: { access: { roles: ADMINS, scope: 'none' } },
      schema: {
        tags,
        summary: 'A plan of a group: daily patrol, weekly supervision or monthly sampling',
        params: GroupIdParams,
        body: NewAssessmentPlan,
        response: { 200: AssessmentPlan, ...errors },
      },
    },
    async (req) => svc.createPlan(req.params.id, req.body, actorOf(req)),
  );

  app.get(
    '/api/assessment/tasks',
    {
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary: 'My groups and today’s plans (the phone’s inspection tasks)',
        response: { 200: AssessmentTasks, ...errors },
      },
    },
    async (req) => svc.tasks(actorOf(req)),
  );

  app.post<{ Body: NewFindingT }>(
    '/api/assessment/findings',
    {
      config: { access: { roles: INSPECTORS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Record a finding; one that needs fixing opens a case (source assessment). Idempotent by clientId',
        body: NewFinding,
        response: { 200: FindingRecorded, ...errors },
      },
    },
    async (req) => svc.record(req.body, actorOf(req)),
  );

  app.get<{ Querystring: FindingListQueryT }>(
    '/api/assessment/findings',
    {
      config: read,
      schema: {
        tags,
        summary: 'Findings, newest first (keyset cursor)',
        querystring: FindingListQuery,
        response: { 200: FindingList, ...errors },
      },
    },
    async (req) => svc.findings(req.query, actorOf(req)),
  );

  app.get<{ Params: { id: number } }>(
    '/api/assessment/findings/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One finding',
        params: FindingIdParams,
        response: { 200: FindingView, ...errors },
      },
    },
    async (req) => svc.finding(req.params.id),
  );

  app.post<{ Params: { id: number }; Body: ReinspectionT }>(
    '/api/assessment/findings/:id/reinspect',
    {
      // Any group's member re-inspects (the supervision groups check the inspection groups' areas).
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Re-inspect the fix once its case has closed',
        params: FindingIdParams,
        body: Reinspection,
        response: { 200: FindingView, ...errors },
      },
    },
    async (req) => svc.reinspect(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: DisputeRequestT }>(
    '/api/assessment/findings/:id/dispute',
    {
      config: { access: { roles: rolesFor('assessmentDispute'), scope: 'area' } },
      schema: {
        tags,
        summary: 'The assessed party disputes a finding (申诉)',
        params: FindingIdParams,
        body: DisputeRequest,
        response: { 200: FindingView, ...errors },
      },
    },
    async (req) => svc.dispute(req.params.id, req.body.reason, actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: DisputeDecisionT }>(
    '/api/assessment/findings/:id/decision',
    {
      config: { access: { roles: rolesFor('assessmentDecide'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Decide a dispute (audited); an upheld one takes the deduction out of the month',
        params: FindingIdParams,
        body: DisputeDecision,
        response: { 200: FindingView, ...errors },
      },
    },
    async (req) => svc.decide(req.params.id, req.body, actorOf(req)),
  );
}
