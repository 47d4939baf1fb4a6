import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor, type Role } from '@cityloop/domain';
import {
  CallerHistory,
  CallerLookupBody,
  CaseRepeats,
  ErrorResponse,
  HotlineCall,
  HotlineCallBody,
  HotlineCallList,
  HotlineCallQuery,
  HotlineComplaintBody,
  HotlineComplaintResult,
  HotlineSettings,
  KbArticleBody,
  KbArticleDetail,
  KbArticleList,
  KbSearchQuery,
  RepeatAlert,
  RepeatAlertList,
  RepeatAlertQuery,
  RevealedPhone,
  RowId,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { HotlineService } from './hotline.service.js';
import type { KnowledgeBase } from './kb.service.js';
import type { RepeatComplaints } from './repeats.service.js';

const tags = ['hotline'];
/** The seats who take calls (the intake capability). */
export const SEATS: readonly Role[] = rolesFor('intake');

/** Who calls back and so may see a full number (the return-visit seats). */
const REVEALERS: readonly Role[] = rolesFor('returnVisits');
const KB_READERS: readonly Role[] = rolesFor('knowledgeBase');
const KB_EDITORS: readonly Role[] = rolesFor('knowledgeBaseEditing');
const ALERT_READERS: readonly Role[] = rolesFor('repeatAlerts');
const ADMINS: readonly Role[] = rolesFor('admin');
const CallId = Type.Object({ id: RowId({ bigint: true, description: 'The call' }) });
const ArticleId = Type.Object({ id: RowId({ description: 'The answer' }) });
const CaseId = Type.Object({ id: RowId({ bigint: true, description: 'The case' }) });
const AlertId = Type.Object({ id: RowId({ description: 'The alert' }) });

export async function hotlineRoutes(
  app: FastifyInstance,
  ctx: { hotline: HotlineService; knowledgeBase: KnowledgeBase; repeatComplaints: RepeatComplaints },
) {
  app.post<{ Body: HotlineCallBody }>(
    '/api/hotline/calls',
    {
      config: { access: { roles: SEATS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Record a call that needs no field case: a consultation answered, a suggestion or thanks',
        description:
          'A problem to fix on site is a report instead (POST /api/cases with source hotline). A consultation (inquiry) needs the answer given.',
        body: HotlineCallBody,
        response: { 201: HotlineCall, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await ctx.hotline.record(req.body, actorOf(req))),
  );

  app.get<{ Querystring: HotlineCallQuery }>(
    '/api/hotline/calls',
    {
      config: { access: { roles: SEATS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Calls recorded without a case, newest first (phones masked); a district seat sees its district’s',
        querystring: HotlineCallQuery,
        response: { 200: HotlineCallList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.hotline.list(req.query, req.user!),
  );

  app.post<{ Body: CallerLookupBody }>(
    '/api/hotline/callers/lookup',
    {
      config: { access: { roles: SEATS, scope: 'area' } },
      schema: {
        tags,
        summary: 'Caller number first: this caller’s earlier calls and open and closed cases (phones masked)',
        description:
          'A POST so that the number is not written into URLs and access logs. Numbers compare by digits only.',
        body: CallerLookupBody,
        response: { 200: CallerHistory, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => ctx.hotline.history(req.body.phone, actorOf(req)),
  );

  app.post<{ Params: { id: number } }>(
    '/api/hotline/calls/:id/phone',
    {
      config: { access: { roles: REVEALERS, scope: 'area' } },
      schema: {
        tags,
        summary: 'A call’s full phone number, to call back (recorded in the audit log)',
        params: CallId,
        response: { 200: RevealedPhone, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.hotline.revealPhone(req.params.id, actorOf(req)),
  );

  app.get<{ Querystring: KbSearchQuery }>(
    '/api/hotline/kb',
    {
      config: { access: { roles: KB_READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Search the knowledge base: answers at their current version, best matches first, and the categories',
        querystring: KbSearchQuery,
        response: { 200: KbArticleList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.knowledgeBase.search(req.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/hotline/kb/:id',
    {
      config: { access: { roles: KB_READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'One answer with every version, newest first',
        params: ArticleId,
        response: { 200: KbArticleDetail, 404: ErrorResponse },
      },
    },
    async (req) => ctx.knowledgeBase.get(req.params.id),
  );

  app.post<{ Body: KbArticleBody }>(
    '/api/hotline/kb',
    {
      config: { access: { roles: KB_EDITORS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Add an answer to the knowledge base (version 1)',
        body: KbArticleBody,
        response: { 201: KbArticleDetail, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await ctx.knowledgeBase.create(req.body, actorOf(req))),
  );

  app.put<{ Params: { id: number }; Body: KbArticleBody }>(
    '/api/hotline/kb/:id',
    {
      config: { access: { roles: KB_EDITORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Edit an answer: changed words add a version, the older ones are kept; active false retires it',
        params: ArticleId,
        body: KbArticleBody,
        response: { 200: KbArticleDetail, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.knowledgeBase.update(req.params.id, req.body, actorOf(req)),
  );

  app.get(
    '/api/hotline/settings',
    {
      config: { access: { roles: [...new Set([...SEATS, ...ALERT_READERS, ...ADMINS])], scope: 'none' } },
      schema: {
        tags,
        summary: 'The desk’s repeat-complaint settings (radius, threshold)',
        response: { 200: HotlineSettings },
      },
    },
    async () => ctx.repeatComplaints.settings(),
  );

  app.put<{ Body: HotlineSettings }>(
    '/api/hotline/settings',
    {
      config: { access: { roles: ADMINS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Change the repeat-complaint settings (administrators; audited)',
        description:
          'The radius is also every channel’s duplicate radius: a report is offered the open cases of its category within it (GET /api/cases/duplicates, the report’s answer).',
        body: HotlineSettings,
        response: { 200: HotlineSettings, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => ctx.repeatComplaints.saveSettings(req.body, actorOf(req)),
  );

  app.post<{ Body: HotlineComplaintBody }>(
    '/api/hotline/complaints',
    {
      config: { access: { roles: SEATS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'A request or complaint: a repeat of the open case of its category within the repeat radius (重复投诉), else a new hotline case',
        description:
          'Every `repeatThreshold` repeats from residents raise the case’s urgency one step, write an event on it and alert the supervisors. `separate` makes a new case even with one open nearby; `repeatOf` picks which open case nearby it repeats.',
        body: HotlineComplaintBody,
        response: { 201: HotlineComplaintResult, 400: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await ctx.repeatComplaints.take(req.body, actorOf(req))),
  );

  app.get<{ Params: { id: number } }>(
    '/api/hotline/cases/:id/repeats',
    {
      config: { access: { roles: rolesFor('cases').filter((r) => r !== 'citizen'), scope: 'area' } },
      schema: {
        tags,
        summary: 'The reports linked to a case as repeats of it, residents’ repeats counted (phones masked)',
        params: CaseId,
        response: { 200: CaseRepeats, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.repeatComplaints.ofCase(req.params.id, actorOf(req)),
  );

  app.get<{ Querystring: RepeatAlertQuery }>(
    '/api/hotline/repeat-alerts',
    {
      config: { access: { roles: ALERT_READERS, scope: 'area' } },
      schema: {
        tags,
        summary:
          'Cases residents keep calling about (重复投诉 alerts), newest first; by default those not yet taken up',
        querystring: RepeatAlertQuery,
        response: { 200: RepeatAlertList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.repeatComplaints.alerts(req.query, actorOf(req)),
  );

  app.post<{ Params: { id: number } }>(
    '/api/hotline/repeat-alerts/:id/seen',
    {
      config: { access: { roles: ['supervisor', 'shift_leader', 'leader'], scope: 'area' } },
      schema: {
        tags,
        summary: 'Take a repeat alert up (the supervisor urges the case on its page)',
        params: AlertId,
        response: { 200: RepeatAlert, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.repeatComplaints.markSeen(req.params.id, actorOf(req)),
  );
}
