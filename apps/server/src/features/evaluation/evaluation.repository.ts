import type { EvaluationSubject, TrendBucket } from '@cityloop/domain/api';
import type { Db, Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';
import { VISIT_PENDING_AT } from '../visitfigures/visitFigures.pieces.js';
import { PIECES, SUBJECT_KEYS, piecesFor, type PieceName, type PieceSource } from './evaluation.pieces.js';

export interface Window {
  from: Date;
  to: Date;
  /** min(to, now): work still pending counts as due only once its time has run out. */
  dueUntil: Date;
}

/** Cases an area-bound viewer may count: a district or street code prefix. */
export type AreaScope = { column: 'district_code' | 'street_code'; code: string } | null;

export interface PieceRow {
  key: string;
  /** First day of the trend bucket (YYYY-MM-DD, city time zone); null for a whole-period query. */
  bucket: string | null;
  pieces: Record<PieceName, number>;
}

interface Bucketing {
  unit: TrendBucket;
  timeZone: string;
}

/** SQL for bucket(x) and AFTER(x, due) in the two modes (see evaluation.pieces.ts). */
function timeSql(p: unknown[], bucketing: Bucketing | null) {
  if (!bucketing) {
    return { bucket: () => 'null::text', after: (x: string) => `${x} >= $2` };
  }
  const unit = param(p, bucketing.unit);
  const tz = param(p, bucketing.timeZone);
  const trunc = (x: string) => `date_trunc(${unit}, ${x} at time zone ${tz})`;
  return {
    bucket: (x: string) => `to_char(${trunc(x)}, 'YYYY-MM-DD')`,
    after: (x: string, due: string) => `${trunc(x)} > ${trunc(due)}`,
  };
}

/**
 * Runs a wide aggregate with PostgreSQL's JIT off: compiling dozens of FILTER expressions costs
 * seconds (measured: 5 s vs 0.5 s at 50,000 cases), far more than interpreting them saves. Area
 * subjects hash a month of events against the cases table: give that hash memory rather than
 * spilling it to disk in batches (this transaction only).
 */
async function withoutJit<T>(db: Db, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.tx(async (q) => {
    await q.query('set local jit = off');
    await q.query(`set local work_mem = '64MB'`);
    return fn(q);
  });
}

/** Types $1–$3 even when a statement's pieces use only some of them (an unused CTE is still analysed). */
const WINDOW_ARGS = `with window_args as (select $1::timestamptz as from_at, $2::timestamptz as to_at, $3::timestamptz as due_until)`;

/**
 * The case of an event row, looked up by primary key row by row (OFFSET 0 keeps the planner from
 * turning it into a hash of the whole cases table, which it does for a few thousand rows when it
 * misjudges a filter). Area subjects read every event of the period and do use a hash join.
 */
const CASE_OF_EVENT = ' cross join lateral (select * from cases c where c.id = e.case_id offset 0) c';

function scopeSql(scope: AreaScope, p: unknown[]): string {
  return scope ? `c.${scope.column} = ${param(p, scope.code)}` : 'true';
}

/**
 * The FROM/WHERE of one source for one subject, with `key` and `at` (the time a row is bucketed
 * by). Null when the source does not apply to the subject.
 */
function sourceSql(
  source: PieceSource,
  subject: EvaluationSubject,
  names: readonly PieceName[],
  scope: AreaScope,
  p: unknown[],
  after: (x: string, due: string) => string,
): { key: string; at: string; from: string; where: string } | null {
  const keys = SUBJECT_KEYS[subject];
  const needsCase =
    scope !== null || names.some((n) => 'needsCase' in PIECES[n] && PIECES[n].needsCase === true);
  switch (source) {
    case 'event': {
      const join = keys.event.needsCase
        ? ' join cases c on c.id = e.case_id'
        : needsCase
          ? CASE_OF_EVENT
          : '';
      return {
        key: keys.event.key,
        at: 'e.at',
        from: `case_events e${join}`,
        where: `e.at >= $1 and e.at < $2 and ${keys.event.where} and ${scopeSql(scope, p)}`,
      };
    }
    case 'grid':
      if (subject !== 'inspectors') return null;
      return {
        key: 'g.user_id',
        at: 'e.at',
        from: `case_events e${CASE_OF_EVENT}
          join user_supervision_grids g on g.supervision_grid_code = c.supervision_grid_code`,
        where: `e.at >= $1 and e.at < $2 and e.action in ('verify', 'file') and ${scopeSql(scope, p)}`,
      };
    case 'late': {
      if (keys.late === null) return null;
      const join = scope !== null || keys.late.startsWith('c.');
      return {
        key: keys.late,
        at: 'e.due_at',
        from: `case_events e${join ? CASE_OF_EVENT : ''}`,
        where: `e.action = 'report_done' and e.due_at >= $1 and e.due_at < $2 and e.unit_id is not null
          and ${after('e.at', 'e.due_at')} and ${scopeSql(scope, p)}`,
      };
    }
    case 'step':
    case 'due':
    case 'visit':
      if (keys.case === null) return null;
      return {
        key: keys.case.key,
        // Pending work is bucketed by when it came due.
        at: CASE_DUE_AT[source],
        from: 'cases c',
        where: `${keys.case.where} and ${scopeSql(scope, p)}`,
      };
  }
}

const SOURCES: readonly PieceSource[] = ['event', 'grid', 'late', 'step', 'due', 'visit'];
/** Sources that read cases as they stand (pending work) rather than event rows. */
const CASE_SOURCES: ReadonlySet<PieceSource> = new Set(['step', 'due', 'visit']);
/** When a case's pending work came due, per case source. */
const CASE_DUE_AT = {
  step: 'c.step_due_at',
  due: 'c.disposal_due_at',
  visit: VISIT_PENDING_AT,
} as const;

/** A piece's condition with AFTER(x, due) expanded. */
function conditionOf(name: PieceName, after: (x: string, due: string) => string): string {
  return PIECES[name].sql.replace(/AFTER\(([^,]+), ([^)]+)\)/g, (_m, x: string, due: string) =>
    after(x, due),
  );
}

/**
 * Every piece of one subject kind, per subject (and trend bucket), in one grouped statement:
 * one aggregate per source, summed by key. Indexes used: case_events(at), case_events(due_at)
 * for report_done (0005), cases(step_due_at), cases(disposal_due_at) (0005), cases(closed_at) of
 * the visits due (0009).
 */
export async function countPieces(
  db: Db,
  subject: EvaluationSubject,
  w: Window,
  scope: AreaScope,
  bucketing: Bucketing | null = null,
): Promise<PieceRow[]> {
  const p: unknown[] = [w.from, w.to, w.dueUntil];
  const time = timeSql(p, bucketing);
  const names = piecesFor(subject);
  const parts: string[] = [];
  for (const source of SOURCES) {
    const own = names.filter((n) => PIECES[n].source === source);
    if (!own.length) continue;
    const s = sourceSql(source, subject, own, scope, p, time.after);
    if (!s) continue;
    const columns = names.map((n) =>
      PIECES[n].source === source
        ? `count(*) filter (where ${conditionOf(n, time.after)}) as "${n}"`
        : `0::bigint as "${n}"`,
    );
    // Case rows qualify through one of their pieces' conditions (an OR of indexed ranges).
    const qualify = CASE_SOURCES.has(source)
      ? ` and (${own.map((n) => `(${conditionOf(n, time.after)})`).join(' or ')})`
      : '';
    parts.push(
      `select ${s.key}::text as key, ${time.bucket(s.at)} as bucket, ${columns.join(', ')}
       from ${s.from} where ${s.where}${qualify} group by 1, 2`,
    );
  }
  if (!parts.length) return [];
  const sql = `${WINDOW_ARGS} select key, bucket, ${names.map((n) => `sum("${n}")::int as "${n}"`).join(', ')}
    from (${parts.join('\nunion all\n')}) s where key is not null group by key, bucket`;
  const r = await withoutJit(db, (q) => q.query<Record<string, unknown>>(sql, p));
  return r.rows.map((row) => {
    const pieces = {} as Record<PieceName, number>;
    for (const n of names) pieces[n] = Number(row[n] ?? 0);
    return { key: String(row.key), bucket: row.bucket === null ? null : String(row.bucket), pieces };
  });
}

/**
 * The cases behind some pieces for one subject, newest first, by keyset on id, each with every
 * time it is counted: one row per piece and source row, as countPieces sums them, so a case
 * disposed twice after a rework is listed once with two times, and the times of all cases add up
 * to the figure.
 */
export async function casesBehind(
  q: Queryable,
  subject: EvaluationSubject,
  names: readonly PieceName[],
  key: string,
  w: Window,
  scope: AreaScope,
  page: { cursor?: number | undefined; limit: number },
): Promise<{ ids: number[]; countedAt: Map<number, string[]>; nextCursor: number | null }> {
  const p: unknown[] = [w.from, w.to, w.dueUntil];
  const time = timeSql(p, null);
  const keyParam = param(p, key);
  const parts: string[] = [];
  // Only the pieces this kind of subject is counted by (countPieces reads the same list).
  const counted = new Set(piecesFor(subject));
  for (const source of SOURCES) {
    const own = names.filter((n) => PIECES[n].source === source && counted.has(n));
    if (!own.length) continue;
    const s = sourceSql(source, subject, own, scope, p, time.after);
    if (!s) continue;
    const idCol = CASE_SOURCES.has(source) ? 'c.id' : 'e.case_id';
    // One part per piece: a row that two pieces count is counted (and listed) twice, as summed.
    for (const n of own) {
      parts.push(
        `select ${idCol} as id, ${s.at} as at from ${s.from} where ${s.where} and ${s.key}::text = ${keyParam}
         and (${conditionOf(n, time.after)})`,
      );
    }
  }
  if (!parts.length) return { ids: [], countedAt: new Map(), nextCursor: null };
  const cursor = page.cursor ? `where id < ${param(p, page.cursor)}` : '';
  const r = await q.query<{ id: number | string; at: Array<Date | null> }>(
    `${WINDOW_ARGS}, counted as (${parts.join('\nunion all\n')}),
     page as (select distinct id from counted ${cursor} order by id desc limit ${param(p, page.limit + 1)})
     select id, array_agg(at order by at) as at from counted where id in (select id from page)
     group by id order by id desc`,
    p,
  );
  const ids = r.rows.map((row) => Number(row.id));
  const pageIds = ids.slice(0, page.limit);
  const countedAt = new Map(
    r.rows.map((row) => [Number(row.id), row.at.map((a) => (a ? new Date(a).toISOString() : ''))]),
  );
  return { ids: pageIds, countedAt, nextCursor: ids.length > page.limit ? (pageIds.at(-1) ?? null) : null };
}

/**
 * The cases behind some pieces for several subjects at once (a contractor's month, say): one row
 * per (subject, piece, case) counted, by the same conditions as casesBehind and countPieces.
 */
export async function casesBehindMany(
  q: Queryable,
  subject: EvaluationSubject,
  names: readonly PieceName[],
  keys: readonly string[],
  w: Window,
): Promise<Array<{ key: string; piece: PieceName; id: number }>> {
  const p: unknown[] = [w.from, w.to, w.dueUntil];
  const time = timeSql(p, null);
  const keysParam = param(p, keys);
  const parts: string[] = [];
  const counted = new Set(piecesFor(subject));
  for (const source of SOURCES) {
    const own = names.filter((n) => PIECES[n].source === source && counted.has(n));
    if (!own.length) continue;
    const s = sourceSql(source, subject, own, null, p, time.after);
    if (!s) continue;
    const idCol = CASE_SOURCES.has(source) ? 'c.id' : 'e.case_id';
    for (const n of own) {
      parts.push(
        `select ${s.key}::text as key, ${param(p, n)}::text as piece, ${idCol} as id from ${s.from}
         where ${s.where} and ${s.key}::text = any(${keysParam}::text[]) and (${conditionOf(n, time.after)})`,
      );
    }
  }
  if (!parts.length || !keys.length) return [];
  const r = await q.query<{ key: string; piece: PieceName; id: number | string }>(
    `${WINDOW_ARGS} ${parts.join('\nunion all\n')}`,
    p,
  );
  return r.rows.map((row) => ({ key: row.key, piece: row.piece, id: Number(row.id) }));
}

export interface SubjectRecord {
  id: string;
  name: string;
  active: boolean;
  /** Area code the subject belongs to (jurisdiction, district, street), for area-bound viewers. */
  area: string | null;
}

const ROLE_OF: Partial<Record<EvaluationSubject, string>> = {
  inspectors: 'inspector',
  operators: 'operator',
  shift_leaders: 'shift_leader',
  dispatchers: 'dispatcher',
};

/** Everyone who can be a subject of this kind, with names (inactive ones too: they may have counts). */
export async function listSubjects(q: Queryable, subject: EvaluationSubject): Promise<SubjectRecord[]> {
  let sql: string;
  const p: unknown[] = [];
  switch (subject) {
    case 'units':
      sql = `select id::text as id, name, active, district_code as area from departments order by id`;
      break;
    case 'streets':
      sql = `select code as id, name, true as active, code as area from streets order by code`;
      break;
    case 'districts':
      sql = `select code as id, name, true as active, code as area from districts order by code`;
      break;
    case 'operators':
      // Hotline seats take reports and decide on them like intake operators.
      sql = `select id::text as id, display_name as name, active, jurisdiction_code as area from users
        where roles && array['operator', 'hotline']::text[] order by id`;
      break;
    default:
      sql = `select id::text as id, display_name as name, active, jurisdiction_code as area from users
        where ${param(p, ROLE_OF[subject])} = any(roles) order by id`;
  }
  const r = await q.query<SubjectRecord>(sql, p);
  return r.rows;
}

export const WEIGHTS_KEY = 'evaluation.weights';

export async function readSetting<T>(q: Queryable, key: string): Promise<T | null> {
  const r = await q.query<{ value: T }>(`select value from settings where key = $1`, [key]);
  return r.rows[0]?.value ?? null;
}

export async function writeSetting(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.query(
    `insert into settings(key, value) values ($1, $2)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}
