import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';
import { param } from '../../db/paging.js';

/** A components row with its maintainer department's code and name. */
export interface ComponentRow {
  code: string;
  category: string;
  name: string;
  competent_dept: string | null;
  owner: string | null;
  maintainer_dept_id: number | null;
  maintainer_code: string | null;
  maintainer_name: string | null;
  grid_code: string;
  state: string;
  census_date: string | null;
  change_date: string | null;
  source: string;
  accuracy_class: string;
  lon: number;
  lat: number;
  note: string;
  version: number;
  updated_at: string;
}

/** The columns written on insert, update and import, in the service's words. */
export interface ComponentFields {
  code: string;
  category: string;
  name: string;
  competentDept: string | null;
  owner: string | null;
  maintainerDeptId: number | null;
  gridCode: string;
  state: string;
  censusDate: string | null;
  changeDate: string | null;
  source: string;
  accuracyClass: string;
  lon: number;
  lat: number;
  note: string;
}

export interface ComponentEventRow {
  id: number;
  at: string;
  action: string;
  username: string;
  changes: Record<string, [unknown, unknown]>;
}

export interface ComponentEventInsert {
  code: string;
  action: 'census' | 'created' | 'updated' | 'imported';
  userId: number | null;
  username: string;
  changes: Record<string, [unknown, unknown]>;
  requestId: string | null;
}

const like = (q: string) => `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

// Dates and timestamps as text, so both drivers hand back the same strings.
const SELECT = `c.code, c.category, c.name, c.competent_dept, c.owner, c.maintainer_dept_id,
  d.code as maintainer_code, d.name as maintainer_name, c.grid_code, c.state,
  to_char(c.census_date, 'YYYY-MM-DD') as census_date, to_char(c.change_date, 'YYYY-MM-DD') as change_date,
  c.source, c.accuracy_class, c.lon, c.lat, c.note, c.version,
  to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at`;
const FROM = `components c left join departments d on d.id = c.maintainer_dept_id`;

export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Filters {
  category?: string | undefined;
  state?: string | undefined;
}

function filterBy(p: unknown[], f: Filters & { gridCode?: string | undefined; q?: string | undefined }) {
  const where: string[] = [];
  if (f.category) where.push(`c.category = ${param(p, f.category)}`);
  if (f.state) where.push(`c.state = ${param(p, f.state)}`);
  if (f.gridCode) where.push(`c.grid_code = ${param(p, f.gridCode)}`);
  if (f.q) where.push(`(c.name ilike ${param(p, like(f.q))} or c.code like ${param(p, `${f.q}%`)})`);
  return where;
}

function boxWhere(p: unknown[], box: Box): string[] {
  return [
    `c.lat between ${param(p, box.minLat)} and ${param(p, box.maxLat)}`,
    `c.lon between ${param(p, box.minLon)} and ${param(p, box.maxLon)}`,
  ];
}

/** Components in a box, at most `limit` (callers ask for one more to tell a truncated answer). */
export async function inBox(q: Queryable, box: Box, f: Filters, limit: number): Promise<ComponentRow[]> {
  const p: unknown[] = [];
  const where = [...boxWhere(p, box), ...filterBy(p, f)];
  const r = await q.query<ComponentRow>(
    `select ${SELECT} from ${FROM} where ${where.join(' and ')} order by c.code limit ${param(p, limit)}`,
    p,
  );
  return r.rows;
}

/**
 * A page of the table by keyset on the code (`after`: the last code of the page before), with
 * `next` for the page after, and the count of every match. `skip` serves the old page numbers
 * (`page` without `after`) for clients that still send them; the web pages by keyset.
 */
export async function list(
  q: Queryable,
  a: Filters & { q?: string | undefined; gridCode?: string | undefined; after?: string | undefined },
  pageSize: number,
  skip = 0,
): Promise<{ items: ComponentRow[]; total: number; next: string | null }> {
  const p: unknown[] = [];
  const where = filterBy(p, a);
  const countParams = [...p];
  const countWhere = where.length ? `where ${where.join(' and ')}` : '';
  if (a.after) where.push(`c.code > ${param(p, a.after)}`);
  const [rows, count] = await Promise.all([
    q.query<ComponentRow>(
      `select ${SELECT} from ${FROM} ${where.length ? `where ${where.join(' and ')}` : ''}
       order by c.code limit ${param(p, pageSize + 1)}${skip > 0 ? ` offset ${param(p, skip)}` : ''}`,
      p,
    ),
    q.query<{ n: number }>(`select count(*)::int as n from ${FROM} ${countWhere}`, countParams),
  ]);
  const items = rows.rows.slice(0, pageSize);
  return {
    items,
    total: count.rows[0]?.n ?? 0,
    next: rows.rows.length > pageSize ? (items.at(-1)?.code ?? null) : null,
  };
}

export async function get(q: Queryable, code: string): Promise<ComponentRow | null> {
  const r = await q.query<ComponentRow>(`select ${SELECT} from ${FROM} where c.code = $1`, [code]);
  return r.rows[0] ?? null;
}

/** Rows of these codes, locked until the transaction ends (updates and imports). */
export async function getForUpdate(q: Queryable, codes: string[]): Promise<Map<string, ComponentRow>> {
  if (codes.length === 0) return new Map();
  const r = await q.query<ComponentRow>(
    `select ${SELECT} from ${FROM} where c.code = any($1::text[]) for update of c`,
    [codes],
  );
  return new Map(r.rows.map((row) => [row.code, row]));
}

const COLUMNS = [
  'code',
  'category',
  'name',
  'competent_dept',
  'owner',
  'maintainer_dept_id',
  'grid_code',
  'state',
  'census_date',
  'change_date',
  'source',
  'accuracy_class',
  'lon',
  'lat',
  'note',
];
const values = (c: ComponentFields): unknown[] => [
  c.code,
  c.category,
  c.name,
  c.competentDept,
  c.owner,
  c.maintainerDeptId,
  c.gridCode,
  c.state,
  c.censusDate,
  c.changeDate,
  c.source,
  c.accuracyClass,
  c.lon,
  c.lat,
  c.note,
];

export async function update(q: Queryable, c: ComponentFields): Promise<void> {
  const sets = COLUMNS.slice(1).map((col, i) => `${col} = $${i + 2}`);
  await q.query(
    `update components set ${sets.join(', ')}, version = version + 1, updated_at = now() where code = $1`,
    values(c),
  );
}

/** Multi-row upsert: a row that exists already is replaced and gets a new version. */
export async function upsert(q: Queryable, rows: ComponentFields[], batch = 1000): Promise<void> {
  const sets = COLUMNS.slice(1).map((col) => `${col} = excluded.${col}`);
  await insertRows(q, 'components', COLUMNS, rows.map(values), {
    batch,
    suffix: `on conflict (code) do update set ${sets.join(', ')},
      version = components.version + 1, updated_at = now()`,
  });
}

export async function appendEvents(q: Queryable, events: ComponentEventInsert[]): Promise<void> {
  await insertRows(
    q,
    'component_events',
    ['component_code', 'action', 'user_id', 'username', 'changes', 'request_id'],
    events.map((e) => [e.code, e.action, e.userId, e.username, JSON.stringify(e.changes), e.requestId]),
  );
}

/** The census as each component's first event, in one statement (demo seed and census loads). */
export async function appendCensusEvents(q: Queryable, source: string): Promise<void> {
  await q.query(
    `insert into component_events(component_code, action, username, changes, at)
     select code, 'census', 'system', jsonb_build_object('state', jsonb_build_array(null, state)),
            coalesce(census_date::timestamptz, now())
     from components where source = $1`,
    [source],
  );
}

export async function events(q: Queryable, code: string): Promise<ComponentEventRow[]> {
  const r = await q.query<ComponentEventRow>(
    `select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, action,
            username, changes
     from component_events where component_code = $1 order by id desc`,
    [code],
  );
  return r.rows;
}

export async function exists(q: Queryable, code: string): Promise<boolean> {
  const r = await q.query(`select 1 from components where code = $1`, [code]);
  return r.rowCount > 0;
}

/** Department ids by code (maintainers in imports). */
export async function departmentIds(q: Queryable): Promise<Map<string, number>> {
  const r = await q.query<{ id: number; code: string }>(`select id, code from departments`);
  return new Map(r.rows.map((d) => [d.code, d.id]));
}

export async function departmentById(
  q: Queryable,
  id: number,
): Promise<{ id: number; code: string; name: string } | null> {
  const r = await q.query<{ id: number; code: string; name: string }>(
    `select id, code, name from departments where id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}
