import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  CockpitAlarmList,
  CockpitAlarmsQuery,
  CockpitCaseList,
  CockpitCasesQuery,
  CockpitDeviceList,
  CockpitDevicesQuery,
  CockpitQuery,
  CockpitResponse,
  ErrorResponse,
} from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { CockpitService } from './cockpit.service.js';

const tags = ['cockpit'];
const READERS = rolesFor('cockpit');

export async function cockpitRoutes(app: FastifyInstance, ctx: { cockpit: CockpitService }) {
  app.get<{ Querystring: CockpitQuery }>(
    '/api/cockpit',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'The leaders’ cockpit: every tile’s figure for a day, month or year',
        description:
          'Each tile is its module’s own answer for the period, with the previous period’s and last year’s and the changes; a tile whose module is not in the node is `missing`.',
        querystring: CockpitQuery,
        response: { 200: CockpitResponse, 400: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.read(req.query, actorOf(req)),
  );

  app.get<{ Querystring: CockpitCasesQuery }>(
    '/api/cockpit/cases',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Drill-down: the cases behind a case figure of one district or unit (the evaluation’s own list)',
        querystring: CockpitCasesQuery,
        response: { 200: CockpitCaseList, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.cases(req.query, actorOf(req)),
  );

  app.get<{ Querystring: CockpitAlarmsQuery }>(
    '/api/cockpit/alarms',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Drill-down: the active alarms behind the alarm tile, worst first',
        querystring: CockpitAlarmsQuery,
        response: { 200: CockpitAlarmList, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.alarms(req.query),
  );

  app.get<{ Querystring: CockpitDevicesQuery }>(
    '/api/cockpit/devices',
    {
      config: { access: { roles: READERS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Drill-down: the devices of a sector behind the online rate',
        querystring: CockpitDevicesQuery,
        response: { 200: CockpitDeviceList, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req) => ctx.cockpit.devices(req.query),
  );
}
