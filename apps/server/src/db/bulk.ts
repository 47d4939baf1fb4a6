import type { Queryable } from './db.js';

/**
 * Multi-row INSERT in batches: one round trip per `batch` rows instead of one per row. Values are
 * always parameters; objects must be JSON-stringified by the caller.
 */
export async function insertRows(
  q: Queryable,
  table: string,
  columns: string[],
  rows: unknown[][],
  opts: { batch?: number; suffix?: string } = {},
): Promise<void> {
  // PostgreSQL allows 65 535 parameters per statement.
  const batch = Math.min(opts.batch ?? 1000, Math.floor(65_000 / columns.length));
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const ph = row.map((v) => {
        params.push(v);
        return `$${params.length}`;
      });
      return `(${ph.join(',')})`;
    });
    await q.query(
      `insert into ${table}(${columns.join(',')}) values ${tuples.join(',')} ${opts.suffix ?? ''}`,
      params,
    );
  }
}
