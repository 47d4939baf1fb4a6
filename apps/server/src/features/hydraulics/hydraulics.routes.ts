import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  ErrorResponse,
  HydraulicCheckBody,
  HydraulicCheckResult,
  ShutdownImpact,
  ShutdownQuery,
} from '@cityloop/domain/api';
import type { HydraulicService } from './hydraulics.service.js';

const READERS = rolesFor('infrastructure');
const tags = ['hydraulics'];

/** The hydraulic check of a water command and the shutdown impact of a segment's works. */
export async function hydraulicRoutes(app: FastifyInstance, ctx: { hydraulics: HydraulicService }) {
  app.post<{ Body: HydraulicCheckBody }>(
    '/api/hydraulics/check',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Simulate a proposed water command (EPANET): pressures and velocities now and with it, and the junctions and pipes below standards',
        body: HydraulicCheckBody,
        response: { 200: HydraulicCheckResult, 400: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (req) => ctx.hydraulics.check(req.body),
  );

  app.get<{ Querystring: ShutdownQuery }>(
    '/api/hydraulics/shutdown',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Shutdown impact (停水影响分析) of works on a water segment: valves to close, segments, communities and households without water',
        querystring: ShutdownQuery,
        response: { 200: ShutdownImpact, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.hydraulics.shutdown(req.query.segment),
  );
}
