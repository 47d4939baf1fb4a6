import type { VisitFigureGroup, VisitFigureKey } from '@cityloop/domain/api';
import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';
import {
  COMPLAINT_SOURCES,
  REPEAT,
  VISIT_ENDED,
  VISIT_ON_TIME,
  VISIT_PENDING,
  VISIT_PENDING_AT,
  VISIT_REACHED,
  visitAnswered,
} from './visitFigures.pieces.js';

/**
 * SQL of the return-visit figures. One statement builds the counted rows (`counted`): one row per
 * thing a figure counts — a visit that ended, a visit due and not made, a complaint — with its
 * case, the instant it counts at, its row key and a 0/1 column per figure. The report sums them
 * by key, the drill-down lists the cases of one figure and key from the same rows, so the two
 * always agree.
 */

export interface Window {
  from: Date;
  to: Date;
  /** min(to, now): a visit still not made counts as due once its time ran out. */
  dueUntil: Date;
}

/** The rows a viewer may count (like the visit lists: an area, or a unit its own cases). */
export type FigureScope =
  { column: 'district_code' | 'street_code'; code: string } | { column: 'unit_id'; unitId: number } | null;

const FLAGS: Record<VisitFigureKey, string> = {
  due: 'due',
  done: 'done',
  onTime: 'on_time',
  reached: 'reached',
  satisfied: 'satisfied',
  basicallySatisfied: 'basically',
  dissatisfied: 'dissatisfied',
  complaints: 'complaint',
  repeats: 'repeat',
};
const FLAG_COLUMNS = Object.values(FLAGS);

/** The row key of each source per grouping: a visit counts for the unit it was made for. */
const KEYS: Record<VisitFigureGroup, { event: string; pending: string; complaint: string }> = {
  district: { event: 'c.district_code', pending: 'c.district_code', complaint: 'c.district_code' },
  street: { event: 'c.street_code', pending: 'c.street_code', complaint: 'c.street_code' },
  unit: {
    event: 'e.unit_id::text',
    pending: 'c.unit_id::text',
    complaint: 'coalesce(o.unit_id, c.unit_id)::text',
  },
  category: {
    event: `c.kind || ':' || c.category`,
    pending: `c.kind || ':' || c.category`,
    complaint: `c.kind || ':' || c.category`,
  },
};

function scopeSql(scope: FigureScope, p: unknown[], unitColumn: string): string {
  if (!scope) return 'true';
  return scope.column === 'unit_id'
    ? `${unitColumn} = ${param(p, scope.unitId)}`
    : `c.${scope.column} = ${param(p, scope.code)}`;
}

const flag = (sql: string) => `(case when ${sql} then 1 else 0 end)`;
const flags = (values: Partial<Record<string, string>>) =>
  FLAG_COLUMNS.map((f) => `${values[f] ?? '0'} as ${f}`).join(', ');

/** The counted rows (a CTE body) and the parameters it uses ($1 from, $2 to, $3 due until). */
function countedSql(group: VisitFigureGroup, w: Window, scope: FigureScope) {
  const p: unknown[] = [w.from, w.to, w.dueUntil];
  const k = KEYS[group];
  const sql = `
    select e.case_id as case_id, e.at as at, ${k.event} as key, ${flags({
      due: '1',
      done: '1',
      on_time: flag(VISIT_ON_TIME),
      reached: flag(VISIT_REACHED),
      satisfied: flag(visitAnswered('satisfied')),
      basically: flag(visitAnswered('basically_satisfied')),
      dissatisfied: flag(visitAnswered('dissatisfied')),
    })}
    from case_events e join cases c on c.id = e.case_id
    where e.action = 'return_visit' and e.at >= $1 and e.at < $2 and (${VISIT_ENDED})
      and ${scopeSql(scope, p, 'e.unit_id')}
    union all
    select c.id, ${VISIT_PENDING_AT}, ${k.pending}, ${flags({ due: '1' })}
    from cases c where (${VISIT_PENDING}) and ${scopeSql(scope, p, 'c.unit_id')}
    union all
    select c.id, c.reported_at, ${k.complaint}, ${flags({ complaint: '1', repeat: flag(REPEAT) })}
    from cases c left join cases o on o.id = c.duplicate_of
    where c.reported_at >= $1 and c.reported_at < $2 and c.source in ${COMPLAINT_SOURCES}
      and ${scopeSql(scope, p, 'coalesce(o.unit_id, c.unit_id)')}`;
  return { sql, p };
}

/** Types $1–$3 even where a part uses only some of them. */
const WINDOW_ARGS = `with window_args as (select $1::timestamptz as from_at, $2::timestamptz as to_at, $3::timestamptz as due_until)`;

export type FigureCounts = Record<VisitFigureKey, number>;

/** Every figure per row key (keys with nothing counted are absent; a null key is "none", e.g. no unit). */
export async function countFigures(
  q: Queryable,
  group: VisitFigureGroup,
  w: Window,
  scope: FigureScope,
): Promise<Array<{ key: string | null; counts: FigureCounts }>> {
  const { sql, p } = countedSql(group, w, scope);
  const r = await q.query<Record<string, unknown>>(
    `${WINDOW_ARGS}, counted as (${sql})
     select key, ${FLAG_COLUMNS.map((f) => `sum(${f})::int as ${f}`).join(', ')}
     from counted group by key`,
    p,
  );
  return r.rows.map((row) => {
    const counts = {} as FigureCounts;
    for (const [k, f] of Object.entries(FLAGS) as [VisitFigureKey, string][]) counts[k] = Number(row[f] ?? 0);
    return { key: row.key === null ? null : String(row.key), counts };
  });
}

/**
 * The cases one figure counts for one row key (undefined: every key), newest case first by
 * keyset on id, each with every instant it is counted at: the counts of all pages add up to the figure.
 */
export async function casesBehind(
  q: Queryable,
  group: VisitFigureGroup,
  figure: VisitFigureKey,
  key: string | undefined,
  w: Window,
  scope: FigureScope,
  page: { cursor?: number | undefined; limit: number },
): Promise<{ ids: number[]; countedAt: Map<number, string[]>; nextCursor: number | null }> {
  const { sql, p } = countedSql(group, w, scope);
  const where = [`${FLAGS[figure]} = 1`];
  if (key !== undefined) where.push(key === 'none' ? 'key is null' : `key = ${param(p, key)}`);
  if (page.cursor) where.push(`case_id < ${param(p, page.cursor)}`);
  const r = await q.query<{ id: number | string; at: Date[] }>(
    `${WINDOW_ARGS}, counted as (${sql}),
     hit as (select case_id, at from counted where ${where.join(' and ')}),
     page as (select distinct case_id from hit order by case_id desc limit ${param(p, page.limit + 1)})
     select case_id as id, array_agg(at order by at) as at from hit where case_id in (select case_id from page)
     group by case_id order by case_id desc`,
    p,
  );
  const ids = r.rows.map((row) => Number(row.id));
  const pageIds = ids.slice(0, page.limit);
  const countedAt = new Map(
    r.rows.map((row) => [Number(row.id), row.at.map((a) => new Date(a).toISOString())]),
  );
  return { ids: pageIds, countedAt, nextCursor: ids.length > page.limit ? (pageIds.at(-1) ?? null) : null };
}

/** Names of the row keys: districts, streets, units (departments). Categories are named by the domain. */
export async function keyNames(
  q: Queryable,
  group: VisitFigureGroup,
): Promise<Map<string, { name: string; nameEn: string | null }>> {
  const sql =
    group === 'district'
      ? `select code as key, name, name_en from districts`
      : group === 'street'
        ? `select code as key, name, null::text as name_en from streets`
        : group === 'unit'
          ? `select id::text as key, name, name_en from departments`
          : null;
  if (!sql) return new Map();
  const r = await q.query<{ key: string; name: string; name_en: string | null }>(sql);
  return new Map(r.rows.map((x) => [x.key, { name: x.name, nameEn: x.name_en }]));
}
