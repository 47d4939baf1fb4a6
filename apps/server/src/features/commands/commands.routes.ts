import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { CommandRequestSchema, rolesFor, type CommandRequest } from '@cityloop/domain';
import {
  CommandDetail,
  CommandIdParams,
  CommandList,
  CommandListQuery,
  CommandRejectBody,
  CommandView,
  DeviceIdParams,
  ErrorResponse,
} from '@cityloop/domain/api';
import type { CommandService } from './commands.service.js';
import { ALARM_READERS } from '../alarms/alarms.service.js';
import { actorOf } from '../../http/actor.js';

const tags = ['commands'];
/** Who may operate devices remotely (and confirm a colleague's critical command). */
const OPERATORS = rolesFor('commands');

export async function commandRoutes(app: FastifyInstance, ctx: { commands: CommandService }) {
  const commands = ctx.commands;

  app.post<{ Params: Static<typeof DeviceIdParams>; Body: CommandRequest }>(
    '/api/devices/:id/commands',
    {
      config: { access: { roles: OPERATORS, scope: 'none' } },
      schema: {
        tags,
        summary:
          'Send a command declared by the device profile. Range interlocks are checked here; a critical command waits for a second operator',
        description:
          'Published QoS 1 on cityloop/v1/devices/{id}/commands when the device is online, else queued until it expires. State: awaiting_confirmation → queued → sent → delivered → succeeded | failed | timed_out | expired | rejected.',
        params: DeviceIdParams,
        body: CommandRequestSchema,
        response: { 200: CommandView, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (req) => commands.request(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Params: Static<typeof CommandIdParams> }>(
    '/api/commands/:id/confirm',
    {
      config: { access: { roles: OPERATORS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Confirm a critical command (a different operator, within the confirmation window)',
        params: CommandIdParams,
        response: { 200: CommandView, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => commands.confirm(req.params.id, actorOf(req)),
  );

  app.post<{ Params: Static<typeof CommandIdParams>; Body: Static<typeof CommandRejectBody> }>(
    '/api/commands/:id/reject',
    {
      config: { access: { roles: OPERATORS, scope: 'none' } },
      schema: {
        tags,
        summary: 'Reject (cancel) a command that awaits confirmation or is still queued',
        params: CommandIdParams,
        body: CommandRejectBody,
        response: { 200: CommandView, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => commands.reject(req.params.id, req.body.comment, actorOf(req)),
  );

  app.get<{ Querystring: CommandListQuery }>(
    '/api/commands',
    {
      config: { access: { roles: ALARM_READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'Commands, newest first',
        querystring: CommandListQuery,
        response: { 200: CommandList },
      },
    },
    async (req) => commands.list(req.query, actorOf(req)),
  );

  app.get<{ Params: Static<typeof CommandIdParams> }>(
    '/api/commands/:id',
    {
      config: { access: { roles: ALARM_READERS, scope: 'department' } },
      schema: {
        tags,
        summary: 'One command with its full audit trail',
        params: CommandIdParams,
        response: { 200: CommandDetail, 404: ErrorResponse },
      },
    },
    async (req) => commands.get(req.params.id, actorOf(req)),
  );
}
