import type { SessionUser } from './http/access.js';

/**
 * Who does something, as services and the audit log see it: a signed-in user (through a request)
 * or a named part of the system (MQTT ingest, a timer, the demo seed), with the request it came
 * in and the language its messages are for. Services take an Actor, never an HTTP request.
 */
export interface Actor {
  /** The signed-in user; null when the system acts. */
  user: SessionUser | null;
  /** The part of the system acting (`mqtt`, `scheduler`, `demo`…); null when a user acts. */
  system: string | null;
  /** The HTTP request id, for the audit log; null outside a request. */
  requestId: string | null;
  lang: 'zh' | 'en';
}

/** The system acting under a name (a timer, MQTT ingest, a seed): audited as "system". */
export function systemActor(name: string): Actor {
  return { user: null, system: name, requestId: null, lang: 'zh' };
}

/** A user acting outside a request (tests, seeds that act as a demo user). */
export function userActor(user: SessionUser): Actor {
  return { user, system: null, requestId: null, lang: 'zh' };
}
