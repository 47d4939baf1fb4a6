import type { FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import { requestLang } from './errors.js';

/** The actor of a request: its signed-in user (if any), its id and its language. */
export function actorOf(req: FastifyRequest): Actor {
  return { user: req.user ?? null, system: null, requestId: req.id, lang: requestLang(req) };
}
