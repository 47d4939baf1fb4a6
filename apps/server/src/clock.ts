/**
 * What time it is for a server node. Production uses the machine's clock; tests pass a fixed
 * instant (a Tuesday 10:00, a Sunday night, the eve of a holiday) so that what they expect of the
 * working calendar does not depend on the day or hour they happen to run at.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers `at`. */
export function fixedClock(at: Date | string): Clock {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(t)) throw new Error(`fixedClock: not an instant: ${String(at)}`);
  return { now: () => new Date(t) };
}
