import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import { ErrorResponse, Page, PageQuery, RoleSchema, User, UserInput } from '@cityloop/domain/api';
import type { UsersService } from './users.service.js';
import { actorOf } from '../../http/actor.js';

const tags = ['users'];
const ADMIN = rolesFor('admin');
const UsersQuery = Type.Composite([PageQuery, Type.Object({ role: Type.Optional(RoleSchema) })]);
const IdParams = Type.Object({ id: Type.Integer() });

export async function userRoutes(app: FastifyInstance, ctx: { users: UsersService }) {
  app.get<{ Querystring: Static<typeof UsersQuery> }>(
    '/api/users',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Users with roles and jurisdiction',
        querystring: UsersQuery,
        response: { 200: Page(User) },
      },
    },
    async (req) => ctx.users.list(req.query),
  );

  app.get<{ Params: { id: number } }>(
    '/api/users/:id',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: User, 404: ErrorResponse } },
    },
    async (req) => ctx.users.get(req.params.id),
  );

  app.post<{ Body: UserInput }>(
    '/api/users',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Create a user',
        body: UserInput,
        response: { 200: User, 400: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (req) => ctx.users.save(null, req.body, actorOf(req)),
  );

  app.put<{ Params: { id: number }; Body: UserInput }>(
    '/api/users/:id',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Update a user (password optional)',
        params: IdParams,
        body: UserInput,
        response: { 200: User, 404: ErrorResponse },
      },
    },
    async (req) => ctx.users.save(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Params: { id: number } }>(
    '/api/users/:id/unlock',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Lift a login lockout',
        params: IdParams,
        response: { 200: User, 404: ErrorResponse },
      },
    },
    async (req) => ctx.users.unlock(req.params.id, actorOf(req)),
  );
}
