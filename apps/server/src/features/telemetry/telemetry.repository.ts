import type { Queryable } from '../../db/db.js';

/** The partitioned tables and how wide each partition is. */
export const SERIES_TABLES = {
  readings: { period: 'day' },
  readings_1m: { period: 'day' },
  readings_1h: { period: 'month' },
} as const;
export type SeriesTable = keyof typeof SERIES_TABLES;

const DAY_MS = 86_400_000;

/** The UTC period containing ms: its partition name suffix and bounds. */
export function partitionOf(table: SeriesTable, ms: number): { name: string; from: Date; to: Date } {
  const d = new Date(ms);
  if (SERIES_TABLES[table].period === 'day') {
    const from = new Date(Math.floor(ms / DAY_MS) * DAY_MS);
    const name = `${table}_${from.toISOString().slice(0, 10).replace(/-/g, '')}`;
    return { name, from, to: new Date(from.getTime() + DAY_MS) };
  }
  const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return { name: `${table}_${from.toISOString().slice(0, 7).replace(/-/g, '')}`, from, to };
}

/** Creates the partition if it is missing; safe when two nodes race for the same one. */
export async function ensurePartition(q: Queryable, table: SeriesTable, ms: number): Promise<string> {
  const p = partitionOf(table, ms);
  try {
    await q.exec(
      `create table if not exists ${p.name} partition of ${table}
         for values from ('${p.from.toISOString()}') to ('${p.to.toISOString()}')`,
    );
  } catch (err) {
    // Another node created it between our "if not exists" check and the create.
    const exists = await q.query(`select 1 from pg_class where relname = $1`, [p.name]);
    if (exists.rowCount === 0) throw err;
  }
  return p.name;
}

export async function listPartitions(q: Queryable, table: SeriesTable): Promise<string[]> {
  const r = await q.query<{ name: string }>(
    `select c.relname as name from pg_inherits i
       join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = $1 order by 1`,
    [table],
  );
  return r.rows.map((x) => x.name);
}

export async function dropPartition(q: Queryable, name: string): Promise<void> {
  if (!/^readings(_1m|_1h)?_\d{6,8}$/.test(name)) throw new Error(`not a readings partition: ${name}`);
  await q.exec(`drop table if exists ${name}`);
}

/**
 * Inserts a batch of readings, ignoring (device, metric, ts) already stored, and adds exactly the
 * inserted rows to the 1-minute and 1-hour rollups — all in one statement, so one transaction.
 * Returns how many readings were new.
 */
export async function insertReadings(
  q: Queryable,
  cols: { device: number[]; metric: number[]; ts: number[]; value: number[] },
): Promise<number> {
  const rollup = (table: string, unit: string) => `
    insert into ${table} as t (device_id, metric_id, bucket, n, sum, min, max)
    select device_id, metric_id, date_trunc('${unit}', ts), count(*), sum(value), min(value), max(value)
      from ins group by 1, 2, 3 order by 1, 2, 3
    on conflict (device_id, metric_id, bucket) do update
      set n = t.n + excluded.n, sum = t.sum + excluded.sum,
          min = least(t.min, excluded.min), max = greatest(t.max, excluded.max)`;
  const r = await q.query<{ inserted: number }>(
    `with ins as (
       insert into readings(device_id, metric_id, ts, value)
       select d, m, to_timestamp(ms / 1000.0), v
         from unnest($1::int[], $2::smallint[], $3::float8[], $4::float8[]) as x(d, m, ms, v)
       on conflict do nothing
       returning device_id, metric_id, ts, value
     ), m as (${rollup('readings_1m', 'minute')}), h as (${rollup('readings_1h', 'hour')})
     select count(*)::int as inserted from ins`,
    [cols.device, cols.metric, cols.ts, cols.value],
  );
  return r.rows[0]?.inserted ?? 0;
}

export async function loadMetricKeys(q: Queryable): Promise<Array<{ id: number; key: string }>> {
  return (await q.query<{ id: number; key: string }>(`select id, key from metric_keys`)).rows;
}

export async function addMetricKeys(q: Queryable, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await q.query(
    `insert into metric_keys(key) select k from unnest($1::text[]) as k on conflict (key) do nothing`,
    [keys],
  );
}

export interface SeriesRow {
  t: number;
  avg: number;
  min: number;
  max: number;
}

/** Buckets of stepMs between from and to, from raw rows or a rollup table. */
export async function series(
  q: Queryable,
  source: 'raw' | '1m' | '1h',
  a: { device: number; metric: number; from: Date; to: Date; stepMs: number },
): Promise<SeriesRow[]> {
  const bucket = (col: string) => `floor(extract(epoch from ${col}) * 1000 / $5) * $5`;
  const sql =
    source === 'raw'
      ? `select ${bucket('ts')} as t, avg(value) as avg, min(value) as min, max(value) as max
           from readings where device_id = $1 and metric_id = $2 and ts >= $3 and ts < $4
          group by 1 order by 1`
      : `select ${bucket('bucket')} as t, sum(sum) / sum(n) as avg, min(min) as min, max(max) as max
           from readings_${source} where device_id = $1 and metric_id = $2 and bucket >= $3 and bucket < $4
          group by 1 order by 1`;
  const r = await q.query<SeriesRow>(sql, [a.device, a.metric, a.from, a.to, a.stepMs]);
  return r.rows.map((row) => ({
    t: Number(row.t),
    avg: Number(row.avg),
    min: Number(row.min),
    max: Number(row.max),
  }));
}

/** The newest reading of each metric of a device within the last `withinMs`. */
export async function latestOf(
  q: Queryable,
  device: number,
  withinMs: number,
): Promise<Array<{ metric_id: number; ts: Date; value: number }>> {
  return (
    await q.query<{ metric_id: number; ts: Date; value: number }>(
      `select distinct on (metric_id) metric_id, ts, value from readings
        where device_id = $1 and ts > now() - ($2::float8 * interval '1 millisecond')
        order by metric_id, ts desc`,
      [device, withinMs],
    )
  ).rows;
}

export async function countReadings(q: Queryable, device: number): Promise<number> {
  return (
    (await q.query<{ n: number }>(`select count(*)::int as n from readings where device_id = $1`, [device]))
      .rows[0]?.n ?? 0
  );
}

/** Takes (or renews) a named lease for ttlMs; true when this holder has it. */
export async function takeLease(q: Queryable, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const r = await q.query(
    `insert into scheduler_leases(name, holder, expires_at)
     values ($1, $2, now() + ($3::float8 * interval '1 millisecond'))
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where scheduler_leases.holder = excluded.holder or scheduler_leases.expires_at < now()
     returning holder`,
    [name, holder, ttlMs],
  );
  return r.rowCount > 0;
}
