import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  ErrorResponse,
  FacilityIdParams,
  MunicipalFacility,
  MunicipalFacilityList,
  MunicipalFacilityPatch,
  MunicipalFacilityQuery,
  MunicipalInspection,
  MunicipalInspectionList,
  NewMunicipalInspection,
  NewRoadCutFinding,
  NewRoadCutPermit,
  RoadCutCheck,
  RoadCutDecision,
  RoadCutFindingResult,
  RoadCutList,
  RoadCutParams,
  RoadCutPermit,
  RoadCutQuery,
  NewRemitCase,
  RemitCase,
  RemitCaseList,
  RemitCaseParams,
  RemitCaseQuery,
  RemitUpdate,
  StreetlightCasesResult,
  StreetlightList,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { MunicipalService } from './municipal.service.js';
import type { RemitService } from './remit.service.js';
import type { RoadCutService } from './roadcuts.service.js';

const tags = ['municipal'];
const READERS = rolesFor('municipal');
const INSPECTORS = rolesFor('municipalInspect');

export async function municipalRoutes(
  app: FastifyInstance,
  ctx: { municipal: MunicipalService; remit: RemitService; roadcuts: RoadCutService },
) {
  roadCutRoutes(app, ctx.roadcuts);

  app.get<{ Querystring: MunicipalFacilityQuery }>(
    '/api/municipal/facilities',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Roads (PCI), bridges (condition grade), manhole covers and street-light cabinets',
        querystring: MunicipalFacilityQuery,
        response: { 200: MunicipalFacilityList },
      },
    },
    async (req) => ctx.municipal.facilities(req.query.kind),
  );

  app.patch<{ Params: Static<typeof FacilityIdParams>; Body: MunicipalFacilityPatch }>(
    '/api/municipal/facilities/:id',
    {
      config: { access: { roles: rolesFor('municipalRegister'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Edit a facility’s register attributes: names, subtype, a cabinet’s lamps (audited)',
        params: FacilityIdParams,
        body: MunicipalFacilityPatch,
        response: { 200: MunicipalFacility, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.municipal.editFacility(req.params.id, req.body, actorOf(req)),
  );

  app.get<{ Params: Static<typeof FacilityIdParams> }>(
    '/api/municipal/facilities/:id/inspections',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'A facility’s inspections, newest first',
        params: FacilityIdParams,
        response: { 200: MunicipalInspectionList, 404: ErrorResponse },
      },
    },
    async (req) => ctx.municipal.inspections(req.params.id),
  );

  app.post<{ Params: Static<typeof FacilityIdParams>; Body: NewMunicipalInspection }>(
    '/api/municipal/facilities/:id/inspections',
    {
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Inspect a facility: a condition and/or a defect (a defect opens a case to the unit in charge; audited)',
        description:
          'Defect categories: road 0110 道路破损 (event), bridge 0208, manhole cover 0103, street light 0118 (components).',
        params: FacilityIdParams,
        body: NewMunicipalInspection,
        response: { 200: MunicipalInspection, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.municipal.inspect(req.params.id, req.body, actorOf(req)),
  );

  app.get(
    '/api/municipal/streetlights',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Street-light cabinets now: circuits on/off, current, faults, lights out, tonight’s schedule',
        description:
          'The schedule switches on after sunset and off before sunrise at the city’s centre (winter ±10 min, summer ±15). Switch a cabinet with POST /api/devices/:id/commands (switch_on / switch_off).',
        response: { 200: StreetlightList },
      },
    },
    async () => ctx.municipal.streetlights(),
  );

  app.post(
    '/api/municipal/streetlights/cases',
    {
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Open the cases (0118 路灯) of faulted or dark cabinets now (the scheduler does it every 5 min)',
        response: { 200: StreetlightCasesResult },
      },
    },
    async () => ctx.municipal.openStreetlightCases(),
  );

  app.get<{ Querystring: RemitCaseQuery }>(
    '/api/municipal/remit',
    {
      config: { access: { roles: rolesFor('remit'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Problems outside the bureau’s remit (权限外问题) and the figures per year',
        querystring: RemitCaseQuery,
        response: { 200: RemitCaseList },
      },
    },
    async (req) => ctx.remit.list(req.query.year),
  );

  app.post<{ Body: NewRemitCase }>(
    '/api/municipal/remit',
    {
      config: { access: { roles: rolesFor('remitEdit'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Record that a case’s responsible party is outside the bureau (audited)',
        body: NewRemitCase,
        response: { 200: RemitCase, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => ctx.remit.create(req.body, actorOf(req)),
  );

  app.patch<{ Params: Static<typeof RemitCaseParams>; Body: RemitUpdate }>(
    '/api/municipal/remit/:caseId',
    {
      config: { access: { roles: rolesFor('remitEdit'), scope: 'none' } },
      schema: {
        tags,
        summary:
          'A coordination step, the advance payment (垫资), its approval (a leader) and recovery (audited)',
        params: RemitCaseParams,
        body: RemitUpdate,
        response: { 200: RemitCase, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.remit.update(req.params.caseId, req.body, actorOf(req)),
  );
}

/** Road-cut permits (占道挖掘): apply, decide, check the reinstatement; a cut found without one. */
function roadCutRoutes(app: FastifyInstance, roadcuts: RoadCutService) {
  app.get<{ Querystring: RoadCutQuery }>(
    '/api/municipal/roadcuts',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Road-cut permits (占道挖掘) with where each stands today, and the cuts found without one',
        querystring: RoadCutQuery,
        response: { 200: RoadCutList },
      },
    },
    async (req) => roadcuts.list(req.query.phase),
  );

  app.post<{ Body: NewRoadCutPermit }>(
    '/api/municipal/roadcuts',
    {
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Apply for a road-cut permit: road, applicant, window (≤ 90 days), reinstatement deadline (audited)',
        body: NewRoadCutPermit,
        response: { 200: RoadCutPermit, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => roadcuts.apply(req.body, actorOf(req)),
  );

  app.post<{ Params: Static<typeof RoadCutParams>; Body: RoadCutDecision }>(
    '/api/municipal/roadcuts/:id/decision',
    {
      config: { access: { roles: rolesFor('roadcutDecide'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Approve or reject a road-cut application (audited)',
        params: RoadCutParams,
        body: RoadCutDecision,
        response: { 200: RoadCutPermit, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => roadcuts.decide(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Params: Static<typeof RoadCutParams>; Body: RoadCutCheck }>(
    '/api/municipal/roadcuts/:id/check',
    {
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary: 'The reinstatement check (恢复验收): failed opens a case 0110 道路破损 (audited)',
        params: RoadCutParams,
        body: RoadCutCheck,
        response: { 200: RoadCutPermit, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => roadcuts.check(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Body: NewRoadCutFinding }>(
    '/api/municipal/roadcuts/findings',
    {
      config: { access: { roles: INSPECTORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'An inspector found a cut: a permit in force covers it, or it opens a case 0305 无证掘路 (audited)',
        body: NewRoadCutFinding,
        response: { 200: RoadCutFindingResult, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => roadcuts.found(req.body, actorOf(req)),
  );
}
