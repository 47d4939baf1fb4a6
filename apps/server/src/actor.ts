import { DomainError } from '@cityloop/domain';
import type { SessionUser } from './http/access.js';

/** The parts of the system that act on their own: a device's message (MQTT), a timer (jobs), a partner's Open311 request, a resident on the public portal. */
export type SystemPart = 'mqtt' | 'scheduler' | 'open311' | 'portal' | 'committee';

/**
 * Who does something, as services and the audit log see it: a signed-in user (through a request)
 * or a named part of the system (MQTT ingest, a timer), with the request it came in and the
 * language its messages are for. Services take an Actor, never an HTTP request.
 */
export interface Actor {
  /** The signed-in user; null when the system acts. */
  user: SessionUser | null;
  /** The part of the system acting; null when a user acts. */
  system: SystemPart | null;
  /** The HTTP request id, for the audit log; null outside a request. */
  requestId: string | null;
  lang: 'zh' | 'en';
}

/** A user acting outside a request (the demo seed, tests). Requests use `actorOf(req)`. */
export function userActor(user: SessionUser, lang: Actor['lang'] = 'zh'): Actor {
  return { user, system: null, requestId: null, lang };
}

/** The urban-management committee's desk dispatching what its campaigns and inspections found. */
export const COMMITTEE_ACTOR: Actor = Object.freeze(systemActor('committee'));

/** A named part of the system acting on its own. */
export function systemActor(part: SystemPart): Actor {
  return { user: null, system: part, requestId: null, lang: 'zh' };
}

/** A device's message, as its MQTT handlers act on it. */
export const MQTT_ACTOR: Actor = Object.freeze(systemActor('mqtt'));
/** A timer (a job of a feature module). */
export const SCHEDULER_ACTOR: Actor = Object.freeze(systemActor('scheduler'));

/** How events and the audit log name a system actor: `system:mqtt`, `system:scheduler`. */
export const systemActorName = (part: SystemPart): string => `system:${part}`;

/** The user behind an actor, for what only a signed-in user may do. */
export function actingUser(actor: Actor): SessionUser {
  if (!actor.user) throw new DomainError('auth.required');
  return actor.user;
}

/** The name of the system part acting (`system:mqtt`), null when a user acts. */
export const actorSystemName = (actor: Actor): string | null =>
  actor.user || !actor.system ? null : systemActorName(actor.system);

/**
 * An alarm's or command's event columns for its actor: the user's id and name, or the system
 * part's name (`system:mqtt`, `system:scheduler`).
 */
export function eventActor(actor: Actor): { actorId: number | null; actorName: string } {
  if (actor.user) return { actorId: actor.user.id, actorName: actor.user.displayName };
  return { actorId: null, actorName: actorSystemName(actor) ?? 'system' };
}
