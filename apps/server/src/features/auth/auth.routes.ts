import type { FastifyInstance } from 'fastify';
import { homeFor } from '@cityloop/domain';
import { ErrorResponse, LoginBody, Me, Ok } from '@cityloop/domain/api';
import type { SessionUser } from '../../http/access.js';
import type { AuthService } from './auth.service.js';

export const SESSION_COOKIE = 'cl_session';

export async function authRoutes(app: FastifyInstance, ctx: { auth: AuthService; timeZone: string }) {
  const me = (u: SessionUser) => ({ ...u, home: homeFor(u.roles), timeZone: ctx.timeZone });

  app.post<{ Body: LoginBody }>(
    '/api/auth/login',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password; sets the httpOnly session cookie',
        body: LoginBody,
        response: { 200: Me, 401: ErrorResponse, 423: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { token, user } = await ctx.auth.login(req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: req.protocol === 'https',
        maxAge: 12 * 3600,
      });
      return me(user);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: { public: true } },
      schema: { tags: ['auth'], summary: 'End the session', response: { 200: Ok } },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await ctx.auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: { roles: 'authenticated' } },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user with roles and jurisdiction',
        response: { 200: Me, 401: ErrorResponse },
      },
    },
    async (req) => me(req.user!),
  );
}
