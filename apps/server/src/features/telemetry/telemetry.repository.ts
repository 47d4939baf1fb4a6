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

/** Readings as parallel columns: device number, metric id, ts (epoch ms), value. */
export interface ReadingColumns {
  device: number[];
  metric: number[];
  ts: number[];
  value: number[];
}

/**
 * Inserts a batch of readings, ignoring (device, metric, ts) already stored, and queues the
 * minutes that got new rows for the rollup job — one statement, so one transaction. Returns how
 * many readings were new.
 */
export async function insertReadings(q: Queryable, cols: ReadingColumns): Promise<number> {
  const r = await q.query<{ inserted: number }>(
    `with ins as (
       insert into readings(device_id, metric_id, ts, value)
       select d, m, to_timestamp(ms / 1000.0), v
         from unnest($1::int[], $2::smallint[], $3::float8[], $4::float8[]) as x(d, m, ms, v)
       on conflict do nothing
       returning ts
     ), q as (
       insert into telemetry_rollup_queue(resolution, bucket)
       select distinct '1m', date_trunc('minute', ts) from ins
     )
     select count(*)::int as inserted from ins`,
    [cols.device, cols.metric, cols.ts, cols.value],
  );
  return r.rows[0]?.inserted ?? 0;
}

/** The COPY statement for copyReadingsBinary(); the caller streams the buffer into it. */
export const COPY_READINGS = 'copy readings (device_id, metric_id, ts, value) from stdin (format binary)';

// PostgreSQL's binary COPY: signature, flags, header extension length; rows; trailer -1.
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const COPY_HEADER = 11 + 4 + 4;
const COPY_ROW = 2 + (4 + 4) + (4 + 2) + (4 + 8) + (4 + 8);
// timestamptz travels as microseconds since 2000-01-01 UTC.
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;

/**
 * A batch as one binary COPY payload: 40 bytes a row, written without a string or object per
 * row (the text format would cost a Date and a string per reading on the ingest thread).
 */
export function encodeReadingsBinary(cols: ReadingColumns): Buffer {
  const n = cols.device.length;
  const buf = Buffer.allocUnsafe(COPY_HEADER + n * COPY_ROW + 2);
  COPY_SIGNATURE.copy(buf, 0);
  buf.writeInt32BE(0, 11);
  buf.writeInt32BE(0, 15);
  let o = COPY_HEADER;
  for (let i = 0; i < n; i++) {
    const micros = Math.round((cols.ts[i]! - PG_EPOCH_MS) * 1000);
    const high = Math.floor(micros / TWO_32);
    o = buf.writeInt16BE(4, o);
    o = buf.writeInt32BE(4, o);
    o = buf.writeInt32BE(cols.device[i]!, o);
    o = buf.writeInt32BE(2, o);
    o = buf.writeInt16BE(cols.metric[i]!, o);
    o = buf.writeInt32BE(8, o);
    o = buf.writeInt32BE(high, o);
    o = buf.writeUInt32BE(micros - high * TWO_32, o);
    o = buf.writeInt32BE(8, o);
    o = buf.writeDoubleBE(cols.value[i]!, o);
  }
  buf.writeInt16BE(-1, o);
  return buf;
}

/** Queues buckets for the rollup job (in the caller's transaction with the rows they cover). */
export async function queueRollups(
  q: Queryable,
  resolution: '1m' | '1h',
  bucketsMs: readonly number[],
): Promise<void> {
  if (bucketsMs.length === 0) return;
  await q.query(
    `insert into telemetry_rollup_queue(resolution, bucket)
     select $1, to_timestamp(b / 1000.0) from unnest($2::float8[]) as b`,
    [resolution, bucketsMs],
  );
}

/**
 * Takes the queued buckets of a resolution that started before `beforeMs` off the queue (in the
 * caller's transaction) and returns each once, oldest first, as epoch ms.
 */
export async function takeQueuedBuckets(
  q: Queryable,
  resolution: '1m' | '1h',
  beforeMs: number,
): Promise<number[]> {
  const r = await q.query<{ ms: number }>(
    `with taken as (
       delete from telemetry_rollup_queue
        where resolution = $1 and bucket < to_timestamp($2 / 1000.0)
       returning bucket
     )
     select distinct (extract(epoch from bucket) * 1000)::float8 as ms from taken order by 1`,
    [resolution, beforeMs],
  );
  return r.rows.map((x) => Number(x.ms));
}

/**
 * Brings the time indexes of the partitions covering [fromMs, toMs) up to date, so the rollup
 * scan reads the new block ranges and skips the old ones (autovacuum does it too, but not on
 * PGlite and not promptly).
 */
export async function summarizeTimeIndexes(
  q: Queryable,
  table: 'readings' | 'readings_1m',
  fromMs: number,
  toMs: number,
): Promise<void> {
  const names: string[] = [];
  for (let t = Math.floor(fromMs / DAY_MS) * DAY_MS; t < toMs; t += DAY_MS)
    names.push(partitionOf(table, t).name);
  await q.query(
    `select brin_summarize_new_values(i.indexrelid)
       from pg_index i join pg_class c on c.oid = i.indrelid
       join pg_class ic on ic.oid = i.indexrelid join pg_am am on am.oid = ic.relam
      where c.relname = any($1) and am.amname = 'brin'`,
    [names],
  );
}

/**
 * Recomputes the 1-minute rows of [fromMs, toMs) (minute-aligned) from the raw readings,
 * replacing what was there: the raw rows are the truth, so running it twice changes nothing.
 */
export async function rollUpMinutes(q: Queryable, fromMs: number, toMs: number): Promise<number> {
  const r = await q.query(
    `insert into readings_1m as t (device_id, metric_id, bucket, n, sum, min, max)
     select device_id, metric_id, date_trunc('minute', ts), count(*), sum(value), min(value), max(value)
       from readings where ts >= to_timestamp($1 / 1000.0) and ts < to_timestamp($2 / 1000.0)
      group by 1, 2, 3
     on conflict (device_id, metric_id, bucket) do update
       set n = excluded.n, sum = excluded.sum, min = excluded.min, max = excluded.max`,
    [fromMs, toMs],
  );
  return r.rowCount;
}

/** Recomputes the 1-hour rows of [fromMs, toMs) (hour-aligned) from the 1-minute rows. */
export async function rollUpHours(q: Queryable, fromMs: number, toMs: number): Promise<number> {
  const r = await q.query(
    `insert into readings_1h as t (device_id, metric_id, bucket, n, sum, min, max)
     select device_id, metric_id, date_trunc('hour', bucket), sum(n), sum(sum), min(min), max(max)
       from readings_1m where bucket >= to_timestamp($1 / 1000.0) and bucket < to_timestamp($2 / 1000.0)
      group by 1, 2, 3
     on conflict (device_id, metric_id, bucket) do update
       set n = excluded.n, sum = excluded.sum, min = excluded.min, max = excluded.max`,
    [fromMs, toMs],
  );
  return r.rowCount;
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

/**
 * Buckets of stepMs between from and to, from raw rows or a rollup table. The rollup job only
 * rolls up closed minutes and hours, so a rollup answer takes the minutes from `minutesBefore`
 * on from the raw rows, and (1 h) the hours from `hoursBefore` on from the 1-minute rows.
 */
export async function series(
  q: Queryable,
  source: 'raw' | '1m' | '1h',
  a: {
    device: number;
    metric: number;
    from: Date;
    to: Date;
    stepMs: number;
    minutesBefore: Date;
    hoursBefore: Date;
  },
): Promise<SeriesRow[]> {
  // Typed once: least() and greatest() of untyped parameters would compare text.
  const [from, to, minutes, hours] = [
    '$3::timestamptz',
    '$4::timestamptz',
    '$6::timestamptz',
    '$7::timestamptz',
  ];
  const where = 'device_id = $1 and metric_id = $2';
  const bucket = `floor(extract(epoch from at) * 1000 / $5) * $5`;
  const raw = `select ts as at, 1 as n, value as sum, value as min, value as max from readings where ${where}`;
  const rollup = (table: string, lower: string, upper: string) =>
    `select bucket as at, n, sum, min, max from ${table}
      where ${where} and bucket >= ${lower} and bucket < least(${to}, ${upper})`;
  let parts: string;
  const params: unknown[] = [a.device, a.metric, a.from, a.to, a.stepMs];
  if (source === 'raw') parts = `${raw} and ts >= ${from} and ts < ${to}`;
  else if (source === '1m') {
    params.push(a.minutesBefore);
    parts = `${rollup('readings_1m', from, minutes)}
      union all ${raw} and ts >= greatest(${from}, ${minutes}) and ts < ${to}`;
  } else {
    params.push(a.minutesBefore, a.hoursBefore);
    parts = `${rollup('readings_1h', from, hours)}
      union all ${rollup('readings_1m', `greatest(${from}, ${hours})`, minutes)}
      union all ${raw} and ts >= greatest(${from}, ${minutes}) and ts < ${to}`;
  }
  const r = await q.query<SeriesRow>(
    `select ${bucket} as t, sum(sum) / sum(n) as avg, min(min) as min, max(max) as max
       from (${parts}) as parts group by 1 order by 1`,
    params,
  );
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

export interface WindowStatsRow {
  device_id: number;
  sums: number[];
  last_ts: Date;
  last_value: number;
}

/**
 * Per device of `devices`, one metric's sums over each window ending at `nowMs` (the longest
 * bounding the scan), and its newest reading in that span: the emergency triggers' rainfall totals.
 */
export async function windowStats(
  q: Queryable,
  a: { metric: number; devices: number[]; windowsMs: number[]; nowMs: number },
): Promise<WindowStatsRow[]> {
  if (a.devices.length === 0 || a.windowsMs.length === 0) return [];
  const longest = Math.max(...a.windowsMs);
  const sums = a.windowsMs
    .map(
      (w) => `coalesce(sum(value) filter (where ts > to_timestamp(($3::float8 - ${Number(w)}) / 1000.0)), 0)`,
    )
    .join(', ');
  const r = await q.query<WindowStatsRow>(
    `select device_id, array[${sums}]::float8[] as sums, max(ts) as last_ts,
            (array_agg(value order by ts desc))[1] as last_value
       from readings
      where metric_id = $1 and device_id = any($2::int[])
        and ts > to_timestamp(($3::float8 - $4::float8) / 1000.0) and ts <= to_timestamp($3::float8 / 1000.0)
      group by device_id`,
    [a.metric, a.devices, a.nowMs, longest],
  );
  return r.rows.map((row) => ({ ...row, sums: row.sums.map(Number), last_value: Number(row.last_value) }));
}

/** Raw readings of some devices and metrics over [from, to), by device and time (tracks). */
export async function readingsBetween(
  q: Queryable,
  devices: readonly number[],
  metrics: readonly number[],
  from: Date,
  to: Date,
): Promise<Array<{ device_id: number; metric_id: number; t: number; value: number }>> {
  return (
    await q.query<{ device_id: number; metric_id: number; t: number; value: number }>(
      `select device_id, metric_id, (extract(epoch from ts) * 1000)::float8 as t, value from readings
        where device_id = any($1::int[]) and metric_id = any($2::int[]) and ts >= $3 and ts < $4
        order by device_id, ts`,
      [devices, metrics, from, to],
    )
  ).rows;
}
