import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  CoverageQuery,
  CoverageReport,
  ErrorResponse,
  MissedCasesRequest,
  MissedCasesResult,
  SanitationSectionList,
  SanitationVehicleList,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { SanitationService } from './sanitation.service.js';

const tags = ['sanitation'];
const READERS = rolesFor('sanitation');
const CASE_OPENERS = rolesFor('sanitationCases');

export async function sanitationRoutes(app: FastifyInstance, ctx: { sanitation: SanitationService }) {
  app.get(
    '/api/sanitation/sections',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Cleaning sections (保洁路段): road pieces with class, standard, window and contractor',
        response: { 200: SanitationSectionList },
      },
    },
    async (req) => ctx.sanitation.sections(actorOf(req)),
  );

  app.get<{ Querystring: CoverageQuery }>(
    '/api/sanitation/coverage',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Coverage (机扫率) of a local day: per machine-swept section and in total',
        description:
          'Per section: the scheduled length, the length a working sweeper (brush down) or washer (water on) drove along inside the section’s window that day, computed from the vehicles’ stored telemetry, and their share; status covered (≥ 90 %), partial, missed (< 30 %).',
        querystring: CoverageQuery,
        response: { 200: CoverageReport, 400: ErrorResponse },
      },
    },
    async (req) => ctx.sanitation.coverage(req.query.date, actorOf(req)),
  );

  app.get(
    '/api/sanitation/vehicles',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Sanitation vehicles: route, shift, link status and latest position',
        response: { 200: SanitationVehicleList },
      },
    },
    async (req) => ctx.sanitation.vehicles(actorOf(req)),
  );

  app.post<{ Body: MissedCasesRequest }>(
    '/api/sanitation/coverage/cases',
    {
      config: { access: { roles: CASE_OPENERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Open the cases of a day’s missed sections now (0104 道路不洁, once per day and section)',
        description:
          'The scheduler does this every 15 minutes for today, for the sections whose window has ended; a day without any cleaning track opens nothing (a data gap, not a city-wide miss).',
        body: MissedCasesRequest,
        response: { 200: MissedCasesResult, 400: ErrorResponse },
      },
    },
    async (req) => ctx.sanitation.openMissedCases(req.body.date, actorOf(req)),
  );
}
