import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  BulletinQuery,
  CampaignBulletin,
  CampaignDetail,
  CampaignInput,
  CampaignParams,
  CampaignProblemInput,
  CampaignReportInput,
  CampaignTaskParams,
  CommitteeMemberList,
  ErrorResponse,
  SpecialCampaignList,
  TaskScoreHistory,
  TaskScoreInput,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { CommitteeService } from './committee.service.js';

const tags = ['committee'];
const READERS = rolesFor('committee');
const MANAGERS = rolesFor('committeeManage');
const PROBLEM_REPORTERS = rolesFor('committeeProblems');
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
type Params = Static<typeof CampaignParams>;
type TaskParams = Static<typeof CampaignTaskParams>;

export async function committeeRoutes(app: FastifyInstance, ctx: { committee: CommitteeService }) {
  const { committee } = ctx;

  app.get(
    '/api/committee/members',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Members of the urban-management committee (城管委): departments and streets, contacts, duties',
        response: { 200: CommitteeMemberList },
      },
    },
    async (req) => committee.members(actorOf(req)),
  );

  app.get(
    '/api/campaigns',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Special campaigns (专项整治) with their tasks and progress',
        description:
          'A handling unit’s staff see the campaigns their unit is a member of; the centre sees all.',
        response: { 200: SpecialCampaignList },
      },
    },
    async (req) => committee.campaigns(actorOf(req)),
  );

  app.post<{ Body: CampaignInput }>(
    '/api/campaigns',
    {
      config: { access: { roles: MANAGERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Start a campaign: theme, lead, members, areas, target, dates and tasks per member',
        body: CampaignInput,
        response: { 200: CampaignDetail, ...errors },
      },
    },
    async (req) => committee.create(req.body, actorOf(req)),
  );

  app.get<{ Params: Params }>(
    '/api/campaigns/:id',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'A campaign with its tasks, progress reports and the problems it found',
        params: CampaignParams,
        response: { 200: CampaignDetail, ...errors },
      },
    },
    async (req) => committee.detail(req.params.id, actorOf(req)),
  );

  app.get<{ Params: Params; Querystring: BulletinQuery }>(
    '/api/campaigns/:id/bulletin',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Weekly progress bulletin (周通报): progress and lateness per member',
        params: CampaignParams,
        querystring: BulletinQuery,
        response: { 200: CampaignBulletin, ...errors },
      },
    },
    async (req) => committee.bulletin(req.params.id, req.query.week, actorOf(req)),
  );

  app.post<{ Params: TaskParams; Body: CampaignReportInput }>(
    '/api/campaigns/:id/tasks/:taskId/reports',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Report progress on a task: count done, photos, place',
        description: 'A member reports on its own tasks only (403 otherwise); the centre may report for any.',
        params: CampaignTaskParams,
        body: CampaignReportInput,
        response: { 200: CampaignDetail, ...errors },
      },
    },
    async (req) => committee.report(req.params.id, req.params.taskId, req.body, actorOf(req)),
  );

  app.post<{ Params: Params; Body: CampaignProblemInput }>(
    '/api/campaigns/:id/problems',
    {
      config: { access: { roles: PROBLEM_REPORTERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'A problem the campaign found: filed as a case for the member that must fix it',
        params: CampaignParams,
        body: CampaignProblemInput,
        response: { 200: CampaignDetail, ...errors },
      },
    },
    async (req) => committee.problem(req.params.id, req.body, actorOf(req)),
  );

  app.put<{ Params: TaskParams; Body: TaskScoreInput }>(
    '/api/campaigns/:id/tasks/:taskId/score',
    {
      config: { access: { roles: MANAGERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Score a member on a task (0–100) with the evidence; every change is kept and audited',
        params: CampaignTaskParams,
        body: TaskScoreInput,
        response: { 200: TaskScoreHistory, ...errors },
      },
    },
    async (req) => committee.score(req.params.id, req.params.taskId, req.body, actorOf(req)),
  );

  app.get<{ Params: TaskParams }>(
    '/api/campaigns/:id/tasks/:taskId/scores',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Every score change of a task with its evidence',
        params: CampaignTaskParams,
        response: { 200: TaskScoreHistory, ...errors },
      },
    },
    async (req) => committee.scoreHistory(req.params.id, req.params.taskId, actorOf(req)),
  );
}
