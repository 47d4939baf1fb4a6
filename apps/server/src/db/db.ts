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
  /**
   * A connection of its own, outside the pool, for a caller that sends one statement after
   * another and must not queue behind others for a connection (ReportWriter). Opened at the first
   * statement, opened again after the server dropped it, closed with the Db; `name` is what
   * PostgreSQL shows as its application_name. PGlite has one connection: the Db itself.
   */
  dedicated(name: string): Queryable;
  /**
   * Writes a consistent copy of the whole database to `file`: PGlite's data folder as a gzipped
   * tar taken between statements; a server's `pg_dump --format=custom` (its snapshot is one
   * transaction). `restoreDatabase` (ops/backup.ts) reads either back. `compress: false` keeps a
   * PGlite tar uncompressed (the test tiers' templates: larger, but loaded three times faster).
   */
  dump(file: string, opts?: { compress?: boolean }): Promise<void>;
  /** The connection pool's use now (PostgreSQL); PGlite has one connection and no pool. */
  poolUse?(): { total: number; idle: number; waiting: number };
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
