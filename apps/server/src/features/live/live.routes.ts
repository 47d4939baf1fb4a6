import type { FastifyInstance } from 'fastify';
import { isOnlyCitizen, jurisdictionCoversArea, mayReadCase } from '@cityloop/domain';
import type { SessionUser } from '../../http/access.js';
import type { DomainEvent, EventBus } from '../../events/bus.js';
import type { AuthOffer } from '../auth/auth.module.js';
import { SESSION_COOKIE } from '../auth/auth.routes.js';

/**
 * How often an open channel checks that its session still stands: a deactivated user, a new
 * password or a logout ends the session, and the channel closes (code 4401) within this time; a
 * change of roles or jurisdiction applies to the events that follow.
 */
export const SESSION_CHECK_MS = 30_000;

/**
 * Whether a user may receive an event: the same rule as reading the object it is about (a case by
 * mayReadCase, an alarm or command by role and unit, a grid by area). No scope: every signed-in user.
 */
export function canSee(user: SessionUser, e: DomainEvent): boolean {
  const s = e.scope;
  if (!s) return true;
  if (s.roles && !user.roles.some((r) => s.roles!.includes(r))) return false;
  if (s.case) return mayReadCase(user, s.case);
  if (s.departmentId !== undefined && user.jurisdiction.level === 'department') {
    return s.departmentId !== null && user.departmentId === s.departmentId;
  }
  if (s.areaCode !== undefined) {
    if (user.jurisdiction.level === 'department') return false;
    return jurisdictionCoversArea(user.jurisdiction, s.areaCode);
  }
  return true;
}

/** What a user is sent of an event: a citizen learns which of their cases moved, not internal ids. */
function messageFor(user: SessionUser, e: DomainEvent): string {
  if (e.scope?.case && isOnlyCitizen(user)) {
    const { id, code, state } = e.data;
    return JSON.stringify({ type: e.type, data: { id, code, state } });
  }
  return JSON.stringify({ type: e.type, data: e.data });
}

/** /ws: one WebSocket per signed-in client, fed by the event bus, filtered per user. */
export async function liveRoutes(app: FastifyInstance, ctx: { bus: EventBus; auth: AuthOffer }) {
  app.get('/ws', { websocket: true, config: { access: { roles: 'authenticated' } } }, (socket, req) => {
    let user = req.user!;
    const token = req.cookies[SESSION_COOKIE];
    const unsubscribe = ctx.bus.subscribe((e) => {
      if (socket.readyState === socket.OPEN && canSee(user, e)) socket.send(messageFor(user, e));
    });
    const check = setInterval(() => {
      (token ? ctx.auth.userForToken(token) : Promise.resolve(null)).then(
        (still) => {
          if (still) user = still;
          else socket.close(4401, 'session ended');
        },
        () => undefined, // the database away: keep the channel, ask again next time
      );
    }, SESSION_CHECK_MS);
    socket.send(JSON.stringify({ type: 'hello', data: { user: user.username } }));
    socket.on('message', (raw: Buffer) => {
      if (raw.toString() === 'ping') socket.send(JSON.stringify({ type: 'pong', data: {} }));
    });
    socket.on('close', () => {
      clearInterval(check);
      unsubscribe();
    });
  });
}
