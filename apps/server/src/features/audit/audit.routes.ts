import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import { AuditEntry, Page, PageQuery } from '@cityloop/domain/api';
import type { AuditLog } from './audit.log.js';

const AuditQuery = Type.Composite([
  PageQuery,
  Type.Object({ entity: Type.Optional(Type.String({ maxLength: 40 })) }),
]);

export async function auditRoutes(app: FastifyInstance, ctx: { log: AuditLog }) {
  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/api/audit',
    {
      config: { access: { roles: rolesFor('audit'), scope: 'none' } },
      schema: {
        tags: ['audit'],
        summary: 'Audit log of every write, with the names of who did it and of what it was done to',
        description:
          '`q` finds a username, the start of an entity id, or a person’s or thing’s name (a case’s code, a department’s name).',
        querystring: AuditQuery,
        response: { 200: Page(AuditEntry) },
      },
    },
    async (req) => ctx.log.list(req.query),
  );
}
