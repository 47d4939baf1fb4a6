import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  ApprovedSiteInput,
  ApprovedSiteList,
  CommitmentDetail,
  CommitmentInspectionInput,
  CommitmentList,
  CommitmentParams,
  ErrorResponse,
  LiaisonCadreInput,
  LiaisonCadreList,
  LiaisonCommunityParams,
  LiaisonOverview,
  MilestoneDoneInput,
  MilestoneParams,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { CommitteeRegisters } from './committee.registers.js';

const tags = ['committee'];
const READERS = rolesFor('committee');
const MANAGERS = rolesFor('committeeManage');
const INSPECTORS = rolesFor('committeeProblems');
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
type Params = Static<typeof CommitmentParams>;

/** Commitments (承诺事项), community liaison (双管双责) and approved sites. */
export async function committeeRegisterRoutes(app: FastifyInstance, ctx: { registers: CommitteeRegisters }) {
  const { registers } = ctx;

  app.get(
    '/api/commitments',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Commitments (承诺事项): joint problem areas, their milestones, deadline and state',
        description: 'A member’s staff see the commitments it answers for or works on; the centre sees all.',
        response: { 200: CommitmentList },
      },
    },
    async (req) => registers.commitments(actorOf(req)),
  );

  app.get<{ Params: Params }>(
    '/api/commitments/:id',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'A commitment with its milestones and inspections',
        params: CommitmentParams,
        response: { 200: CommitmentDetail, ...errors },
      },
    },
    async (req) => registers.commitment(req.params.id, actorOf(req)),
  );

  app.post<{ Params: Params; Body: CommitmentInspectionInput }>(
    '/api/commitments/:id/inspections',
    {
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'An inspection of a commitment’s area; a failed one is a case dispatched to the answerable member',
        params: CommitmentParams,
        body: CommitmentInspectionInput,
        response: { 200: CommitmentDetail, ...errors },
      },
    },
    async (req) => registers.inspect(req.params.id, req.body, actorOf(req)),
  );

  app.put<{ Params: Static<typeof MilestoneParams>; Body: MilestoneDoneInput }>(
    '/api/commitments/:id/milestones/:milestoneId',
    {
      config: { access: { roles: READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Mark a milestone done (or not): the managers or the answerable member',
        params: MilestoneParams,
        body: MilestoneDoneInput,
        response: { 200: CommitmentDetail, ...errors },
      },
    },
    async (req) => registers.milestone(req.params.id, req.params.milestoneId, req.body, actorOf(req)),
  );

  app.get(
    '/api/liaison',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Community liaison (双管双责): cadres, communities and contact points, per community and department',
        response: { 200: LiaisonOverview },
      },
    },
    async () => registers.liaison(),
  );

  app.get<{ Params: Static<typeof LiaisonCommunityParams> }>(
    '/api/liaison/communities/:id/cadres',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'The cadres registered to a community',
        params: LiaisonCommunityParams,
        response: { 200: LiaisonCadreList, ...errors },
      },
    },
    async (req) => registers.cadres(req.params.id),
  );

  app.post<{ Body: LiaisonCadreInput }>(
    '/api/liaison/cadres',
    {
      config: { access: { roles: MANAGERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Register a cadre to a community (and a contact point)',
        body: LiaisonCadreInput,
        response: { 200: LiaisonCadreList, ...errors },
      },
    },
    async (req) => registers.registerCadre(req.body, actorOf(req)),
  );

  app.get(
    '/api/approved-sites',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Approved seasonal business sites (beer plazas, barbecue sites, night markets) and their permits',
        response: { 200: ApprovedSiteList },
      },
    },
    async () => registers.sites(),
  );

  app.post<{ Body: ApprovedSiteInput }>(
    '/api/approved-sites',
    {
      config: { access: { roles: MANAGERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Register an approved site with its permit',
        body: ApprovedSiteInput,
        response: { 200: ApprovedSiteList, 409: ErrorResponse, ...errors },
      },
    },
    async (req) => registers.registerSite(req.body, actorOf(req)),
  );
}
