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
