import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  DeviceDetail,
  DeviceIdParams,
  ErrorResponse,
  OverviewQuery,
  UtilityOverview,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { UtilityViews } from './utilities.service.js';

const READERS = rolesFor('utilities');
const tags = ['devices'];

/** The operators' views: one device's page and one device type on the map. */
export async function utilityViewRoutes(app: FastifyInstance, ctx: { views: UtilityViews }) {
  app.get<{ Params: Static<typeof DeviceIdParams> }>(
    '/api/devices/:id',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'One device: latest values, profile, alarm rules, drop counters (token: administrators, demo devices)',
        params: DeviceIdParams,
        response: { 200: DeviceDetail, 404: ErrorResponse },
      },
    },
    async (req) => ctx.views.device(req.params.id, actorOf(req)),
  );

  app.get<{ Querystring: Static<typeof OverviewQuery> }>(
    '/api/utilities/overview',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'One device type on the map: latest values, link status, worst open alarm, totals',
        querystring: OverviewQuery,
        response: { 200: UtilityOverview, 400: ErrorResponse },
      },
    },
    async (req) => ctx.views.overview(req.query.type, req.query.metrics),
  );
}
