import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  CollectionVisits,
  ErrorResponse,
  NewSortingInspection,
  NewWeighing,
  SortingMonthQuery,
  SortingMonthReport,
  WasteDayQuery,
  WasteDayReport,
  WasteFacilityList,
  Weighing,
} from '@cityloop/domain/api';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/actor.js';
import type { WasteService } from './waste.service.js';

const tags = ['sanitation'];
const READERS = rolesFor('sanitation');
const RECORDERS = rolesFor('sanitationRecord');

export async function wasteRoutes(app: FastifyInstance, ctx: { waste: WasteService }) {
  app.get(
    '/api/sanitation/waste/facilities',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Collection points, registered restaurants, transfer stations and treatment plants',
        response: { 200: WasteFacilityList },
      },
    },
    async () => ctx.waste.facilities(),
  );

  app.get<{ Querystring: WasteDayQuery }>(
    '/api/sanitation/waste/day',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'A day at the weighbridges: trips and tonnes per station against capacity, per truck',
        querystring: WasteDayQuery,
        response: { 200: WasteDayReport, 400: ErrorResponse },
      },
    },
    async (req) => ctx.waste.day(req.query.date),
  );

  app.post<{ Body: NewWeighing }>(
    '/api/sanitation/waste/weighings',
    {
      config: { access: { roles: RECORDERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Record a weighbridge weighing (gross and tare) at a transfer station or plant (audited)',
        body: NewWeighing,
        response: { 200: Weighing, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.waste.record(req.body, actorOf(req)),
  );

  app.get<{ Querystring: WasteDayQuery }>(
    '/api/sanitation/waste/visits',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: "The garbage trucks' visits to collection points that day, from their telemetry",
        description:
          'A visit is a reading with the bin lift working within 60 m of a point (one per 15 min).',
        querystring: WasteDayQuery,
        response: { 200: CollectionVisits, 400: ErrorResponse },
      },
    },
    async (req) => ctx.waste.visits(req.query.date),
  );

  app.get<{ Querystring: SortingMonthQuery }>(
    '/api/sanitation/sorting',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Waste sorting (垃圾分类) in a month: the share correctly sorted per community',
        querystring: SortingMonthQuery,
        response: { 200: SortingMonthReport, 400: ErrorResponse },
      },
    },
    async (req) => ctx.waste.sorting(req.query.month),
  );

  app.post<{ Body: NewSortingInspection }>(
    '/api/sanitation/sorting/inspections',
    {
      config: { access: { roles: RECORDERS, scope: 'none' } },
      schema: {
        tags,
        summary: "Record a sorting-quality inspection of a compound's bags (audited)",
        body: NewSortingInspection,
        response: { 200: Type.Object({ ok: Type.Literal(true) }), 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.waste.inspect(req.body, actorOf(req)),
  );
}
