/**
 * Whether the statement itself is wrong and will fail the same way every time: SQLSTATE classes
 * 22 (data exception), 23 (integrity) and 42 (syntax or undefined object).
 */
export function isStatementError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|42)/.test(code);
}

/**
 * Whether a failure means the database is away and the same work may succeed later. It shows up
 * as many different errors: a SQLSTATE of another class than the statement's own (57P01 the
 * session was terminated, 57P03 "the database system is starting up", 55000 "not accepting
 * connections", 53300 too many clients, 08… connection exceptions), a refused or reset socket
 * (ECONNREFUSED, ECONNRESET, …), or node-postgres's "Connection terminated unexpectedly" and
 * connection timeouts. A domain error or a programming error is not.
 */
export function isDatabaseAway(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = e?.code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return !isStatementError(err);
    return /^E[A-Z]+$/.test(code);
  }
  return /connection|terminat|timeout/i.test(String(e?.message ?? ''));
}

/** Backoff before attempt `attempt + 1`: 200 ms, 400 ms, … up to 2 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(2000, 100 * 2 ** Math.min(attempt, 5));
}

/**
 * Runs fn until it succeeds, waiting between attempts, as long as it fails because the database
 * is away and `stop()` is not true; any other error, or a stop, is thrown. `onError` hears every
 * failure (callers log the first and every so often).
 */
export async function untilStored<T>(
  fn: () => Promise<T>,
  o: { stop: () => boolean; onError?: (err: unknown, attempt: number) => void },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      o.onError?.(err, attempt);
      if (!isDatabaseAway(err) || o.stop()) throw err;
      await new Promise((r) => setTimeout(r, retryDelayMs(attempt)));
      if (o.stop()) throw err;
    }
  }
}
