/**
 * One database interface over PGlite (embedded) and node-postgres (a real server), so that
 * repositories and migrations run unchanged on both.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: T[]; rowCount: number }>;
  /** Runs several statements separated by semicolons (migrations, bulk DDL). No parameters. */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDb(opts: { url: string | null; dataDir: string | null }): Promise<Db> {
  if (opts.url) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(opts.url);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(opts.dataDir);
}
