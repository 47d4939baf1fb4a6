import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type Jurisdiction, type Role } from '@cityloop/domain';

/** Who may call a route. Every /api route must declare one; see enforceAccessRules. */
export type Access =
  | { public: true }
  | {
      roles: readonly Role[] | 'authenticated';
      /**
       * How the resource is scoped, for the authorisation matrix test and readers: 'area' routes
       * check the user's district/street jurisdiction in the service, 'department' routes the
       * user's unit, 'none' is city-wide data every allowed role may read.
       */
      scope?: 'area' | 'department' | 'none';
    };

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  /** The name in the English interface, when the account has one. */
  displayNameEn: string | null;
  roles: Role[];
  jurisdiction: Jurisdiction;
  departmentId: number | null;
  supervisionGridCodes: string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** Routes registered so far, with their rules: the authorisation matrix test walks this list. */
export interface RouteRule {
  method: string;
  url: string;
  access: Access;
}

/**
 * Resolves the session user and enforces each route's access rule in onRequest, before the body is
 * parsed or validated: an unauthorised caller learns nothing about a route's schema.
 */
export function enforceAccessRules(
  app: FastifyInstance,
  resolveUser: (req: FastifyRequest) => Promise<SessionUser | null>,
): RouteRule[] {
  const rules: RouteRule[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && route.url !== '/ws') return;
    if (route.url.startsWith('/api/openapi')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) {
      // Fail loudly at registration: a route without a rule must never ship.
      throw new Error(`Route ${String(route.method)} ${route.url} has no access rule (config.access)`);
    }
    for (const m of [route.method].flat()) {
      if (m !== 'HEAD') rules.push({ method: m, url: route.url, access });
    }
  });
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    req.user = await resolveUser(req);
    const access = req.routeOptions.config?.access;
    if (!access || 'public' in access) return;
    requireUser(req, access.roles === 'authenticated' ? null : access.roles);
  });
  return rules;
}

/** The signed-in user, or 401; with roles, also 403 unless the user holds one of them. */
export function requireUser(req: FastifyRequest, roles: readonly Role[] | null = null): SessionUser {
  const user = req.user;
  if (!user) throw new DomainError('auth.required');
  if (roles && !user.roles.some((r) => roles.includes(r))) {
    throw new DomainError('auth.forbidden', `Requires one of the roles: ${roles.join(', ')}`);
  }
  return user;
}
