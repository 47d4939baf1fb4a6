import type { FastifyInstance } from 'fastify';
import { rolesFor } from '@cityloop/domain';
import {
  BigIdParams,
  ErrorResponse,
  NotificationList,
  NotificationListQuery,
  Ok,
} from '@cityloop/domain/api';
import type { NotificationService } from './notifications.service.js';

const tags = ['notifications'];

export async function notificationRoutes(app: FastifyInstance, ctx: { notifications: NotificationService }) {
  app.get<{ Querystring: NotificationListQuery }>(
    '/api/notifications',
    {
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags,
        summary: 'The notification outbox: failed (default), pending or sent messages, newest first',
        querystring: NotificationListQuery,
        response: { 200: NotificationList, 400: ErrorResponse },
      },
    },
    async (req) => ctx.notifications.list(req.query),
  );
  app.post<{ Params: { id: number } }>(
    '/api/notifications/:id/retry',
    {
      config: { access: { roles: rolesFor('admin'), scope: 'none' } },
      schema: {
        tags,
        summary: 'Send a failed message again now',
        params: BigIdParams,
        response: { 200: Ok, 404: ErrorResponse },
      },
    },
    async (req) => ctx.notifications.retry(req.params.id),
  );
}
