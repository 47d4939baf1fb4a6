import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  AssignBody,
  Campaign,
  CampaignList,
  Changed,
  DecideBody,
  ErrorResponse,
  GroupBody,
  PublicSuggestion,
  RowId,
  SuggestionBody,
  SuggestionCodeParams,
  SuggestionItem,
  SuggestionList,
  SuggestionListQuery,
  SuggestionReceipt,
  SuggestionVisitBody,
  TaskDoneBody,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { SuggestionService } from './suggestions.service.js';

const tags = ['suggestions'];
const IdParams = Type.Object({ id: RowId({ bigint: true, description: 'The suggestion' }) });
const CampaignParams = Type.Object({ id: RowId({ description: 'The campaign' }) });
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
type Id = { Params: { id: number } };

export async function suggestionRoutes(app: FastifyInstance, ctx: { suggestions: SuggestionService }) {
  const svc = ctx.suggestions;
  const staff = { roles: rolesFor('suggestions'), scope: 'none' as const };
  const staffAndUnits = {
    roles: [...rolesFor('suggestions'), ...rolesFor('suggestionTasks')],
    scope: 'department' as const,
  };

  // ---- Public: the resident's form (/suggest) and the tracking code, no account ----
  app.get(
    '/api/public/suggestions/campaigns',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'Open suggestion campaigns (民意征集) with their counts',
        response: { 200: CampaignList },
      },
    },
    async () => svc.campaigns(true),
  );

  app.post<{ Body: SuggestionBody }>(
    '/api/public/suggestions',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: 'A resident’s suggestion to an open campaign (no account; 5 every 10 minutes per address)',
        body: SuggestionBody,
        response: { 200: SuggestionReceipt, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req) => {
      const { code } = await svc.submit(req.body, { channel: 'web', clientKey: req.ip });
      return { code };
    },
  );

  app.get<{ Params: { code: string } }>(
    '/api/public/suggestions/:code',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary:
          'A suggestion by its tracking code: status, public reply, the task’s dates (no personal data)',
        params: SuggestionCodeParams,
        response: { 200: PublicSuggestion, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => svc.publicView(req.params.code),
  );

  // ---- Staff ----
  app.get(
    '/api/suggestions/campaigns',
    {
      config: { access: staff },
      schema: { tags, summary: 'Every campaign with its counts', response: { 200: CampaignList } },
    },
    async () => svc.campaigns(false),
  );

  app.get<{ Params: { id: number } }>(
    '/api/suggestions/campaigns/:id',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'A campaign: collected, adopted, assigned, done, visited, satisfied',
        params: CampaignParams,
        response: { 200: Campaign, ...errors },
      },
    },
    async (req) => svc.campaign(req.params.id),
  );

  app.get<{ Querystring: SuggestionListQuery }>(
    '/api/suggestions',
    {
      config: { access: staffAndUnits },
      schema: {
        tags,
        summary: 'Suggestions, newest first (a unit sees its own tasks); phones masked',
        querystring: SuggestionListQuery,
        response: { 200: SuggestionList, 400: ErrorResponse },
      },
    },
    async (req) => svc.list(req.query, actorOf(req)),
  );

  app.post<{ Body: SuggestionBody }>(
    '/api/suggestions',
    {
      config: { access: { roles: rolesFor('intake'), scope: 'none' } },
      schema: {
        tags,
        summary: 'A suggestion a hotline seat took on the phone',
        body: SuggestionBody,
        response: { 200: SuggestionReceipt, ...errors },
      },
    },
    async (req) => {
      const { code } = await svc.submit(req.body, { channel: 'hotline', actor: actorOf(req) });
      return { code };
    },
  );

  app.post<{ Body: GroupBody }>(
    '/api/suggestions/group',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Put suggestions on one matter into a new group',
        body: GroupBody,
        response: { 200: Changed, ...errors },
      },
    },
    async (req) => svc.group(req.body, actorOf(req)),
  );

  app.post<{ Body: DecideBody }>(
    '/api/suggestions/decide',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Adopt or decline suggestions with a public reply',
        body: DecideBody,
        response: { 200: Changed, ...errors },
      },
    },
    async (req) => svc.decide(req.body, actorOf(req)),
  );

  app.post<Id & { Body: AssignBody }>(
    '/api/suggestions/:id/assign',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Give an adopted suggestion to a unit as a task with a deadline',
        params: IdParams,
        body: AssignBody,
        response: { 200: SuggestionItem, ...errors },
      },
    },
    async (req) => svc.assign(req.params.id, req.body, actorOf(req)),
  );

  app.post<Id & { Body: TaskDoneBody }>(
    '/api/suggestions/:id/done',
    {
      config: { access: staffAndUnits },
      schema: {
        tags,
        summary: 'Report an adopted suggestion carried out (its unit, or the bureau)',
        params: IdParams,
        body: TaskDoneBody,
        response: { 200: SuggestionItem, ...errors },
      },
    },
    async (req) => svc.done(req.params.id, req.body, actorOf(req)),
  );

  app.post<Id & { Body: SuggestionVisitBody }>(
    '/api/suggestions/:id/visit',
    {
      config: { access: { roles: rolesFor('returnVisits'), scope: 'none' } },
      schema: {
        tags,
        summary: 'The call back to the proposer (回访) once declined, or adopted and carried out',
        params: IdParams,
        body: SuggestionVisitBody,
        response: { 200: SuggestionItem, ...errors },
      },
    },
    async (req) => svc.visit(req.params.id, req.body, actorOf(req)),
  );
}
