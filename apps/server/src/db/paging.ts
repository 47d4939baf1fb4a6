import type { Queryable } from './db.js';

export interface PageArgs {
  page?: number | undefined;
  pageSize?: number | undefined;
}

/**
 * One page of a small admin table plus its total. Admin tables (streets, departments, users…)
 * stay in the thousands, where OFFSET is fine; large tables (cases, readings) use keyset cursors.
 */
export async function pageOf<T>(
  q: Queryable,
  sql: { select: string; from: string; where: string[]; orderBy: string },
  params: unknown[],
  args: PageArgs,
): Promise<{ items: T[]; total: number; page: number; pageSize: number }> {
  const page = args.page ?? 1;
  const pageSize = args.pageSize ?? 20;
  const where = sql.where.length ? `where ${sql.where.join(' and ')}` : '';
  const n = params.length;
  const [rows, count] = await Promise.all([
    q.query<T>(
      `select ${sql.select} from ${sql.from} ${where} order by ${sql.orderBy} limit $${n + 1} offset $${n + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    ),
    q.query<{ n: number }>(`select count(*)::int as n from ${sql.from} ${where}`, params),
  ]);
  return { items: rows.rows, total: count.rows[0]?.n ?? 0, page, pageSize };
}

/** Adds a parameter and returns its placeholder, so filters compose without index bookkeeping. */
export function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}
