import { DomainError } from '@cityloop/domain';

/**
 * How many tracking-code look-ups (the public view, a rating) one client may make per window.
 * Tracking codes are numbered in order (YT-2026-000123), so walking through them is the attack:
 * a resident checks a few codes now and then, a script thousands.
 */
export const LOOKUP_LIMIT = { perWindow: 30, windowMs: 10 * 60_000 } as const;
/** Clients remembered at most; past it the oldest windows are forgotten first. */
const MAX_CLIENTS = 50_000;

/**
 * A fixed-window count of look-ups per client (its hashed address), kept in this node's memory.
 * Unlike reports and codes, look-ups write nothing, and a database row per look-up would cost
 * more than the look-up; behind N nodes a client gets at most N times the limit, which still
 * turns a walk through a year's codes from minutes into weeks.
 * (@fastify/rate-limit is not among the server's dependencies, and none may be added.)
 */
export class LookupThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: { perWindow: number; windowMs: number } = LOOKUP_LIMIT) {}

  /** Counts one look-up by `client` at `now`; throws `public.lookup_limited` (429) past the limit. */
  take(client: string, now: number): void {
    let w = this.windows.get(client);
    if (!w || now - w.start >= this.limit.windowMs || now < w.start) {
      this.windows.delete(client);
      if (this.windows.size >= MAX_CLIENTS) this.forget(now);
      w = { start: now, count: 0 };
      // Insertion order is start order: the map's first entries are its oldest windows.
      this.windows.set(client, w);
    }
    if (w.count >= this.limit.perWindow)
      throw new DomainError('public.lookup_limited', 'Too many tracking-code look-ups from this address', {
        retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.limit.windowMs - now) / 1000)),
      });
    w.count++;
  }

  /** Drops the windows that are over, or the oldest tenth when all are still running. */
  private forget(now: number): void {
    for (const [client, w] of this.windows) {
      if (now - w.start < this.limit.windowMs) break;
      this.windows.delete(client);
    }
    if (this.windows.size < MAX_CLIENTS) return;
    let drop = Math.ceil(MAX_CLIENTS / 10);
    for (const client of this.windows.keys()) {
      if (drop-- <= 0) break;
      this.windows.delete(client);
    }
  }
}
