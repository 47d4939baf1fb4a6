import type { Queryable } from '../../db/db.js';
import { pageOf, param, type PageArgs } from '../../db/paging.js';
import type { DepartmentInput } from '@cityloop/domain/api';

export interface ListArgs extends PageArgs {
  q?: string | undefined;
  /** District or street code prefix the caller may see; null = whole city. */
  areaPrefix: string | null;
}

const like = (q: string) => `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

export async function listDistricts(q: Queryable) {
  const r = await q.query<{ code: string; name: string; nameEn: string | null }>(
    `select code, name, name_en as "nameEn" from districts order by code`,
  );
  return r.rows;
}

/** One of the area tables (streets, communities, supervision grids, unit grids) as a page. */
interface AreaListSpec {
  /** Alias of the listed table in `from`; its `code` is searched by prefix and orders the page. */
  alias: string;
  select: string;
  from: string;
  /** The column the caller's district/street prefix applies to, cut to `areaDigits` digits. */
  areaColumn: string;
  areaDigits?: number;
  /** An optional filter on the parent (district, street or community). */
  parent?: { column: string; value: string | undefined };
  /** Searched by substring, besides the code. */
  textColumn: string;
}

function listInArea(q: Queryable, a: ListArgs, s: AreaListSpec) {
  const p: unknown[] = [];
  const where: string[] = [];
  if (a.areaPrefix) where.push(`${s.areaColumn} like ${param(p, `${a.areaPrefix.slice(0, s.areaDigits)}%`)}`);
  if (s.parent?.value) where.push(`${s.parent.column} = ${param(p, s.parent.value)}`);
  if (a.q)
    where.push(
      `(${s.textColumn} ilike ${param(p, like(a.q))} or ${s.alias}.code like ${param(p, `${a.q}%`)})`,
    );
  return pageOf(q, { select: s.select, from: s.from, where, orderBy: `${s.alias}.code` }, p, a);
}

export const listStreets = (q: Queryable, a: ListArgs & { districtCode?: string | undefined }) =>
  listInArea(q, a, {
    alias: 's',
    select: `s.code, s.name, s.district_code as "districtCode", d.name as "districtName"`,
    from: `streets s join districts d on d.code = s.district_code`,
    areaColumn: 's.code',
    areaDigits: 9,
    parent: { column: 's.district_code', value: a.districtCode },
    textColumn: 's.name',
  });

export const listCommunities = (q: Queryable, a: ListArgs & { streetCode?: string | undefined }) =>
  listInArea(q, a, {
    alias: 'c',
    select: `c.code, c.name, c.street_code as "streetCode", s.name as "streetName"`,
    from: `communities c join streets s on s.code = c.street_code`,
    areaColumn: 'c.code',
    parent: { column: 'c.street_code', value: a.streetCode },
    textColumn: 'c.name',
  });

export const listSupervisionGrids = (q: Queryable, a: ListArgs & { streetCode?: string | undefined }) =>
  listInArea(q, a, {
    alias: 'g',
    select: `g.code, g.name, g.street_code as "streetCode",
      (select count(*)::int from unit_grids u where u.supervision_grid_code = g.code) as "unitGridCount",
      coalesce((select array_agg(us.username order by us.username) from user_supervision_grids x
                join users us on us.id = x.user_id where x.supervision_grid_code = g.code), '{}') as inspectors`,
    from: `supervision_grids g`,
    areaColumn: 'g.street_code',
    areaDigits: 9,
    parent: { column: 'g.street_code', value: a.streetCode },
    textColumn: 'g.name',
  });

export const listUnitGrids = (q: Queryable, a: ListArgs & { communityCode?: string | undefined }) =>
  listInArea(q, a, {
    alias: 'u',
    select: `u.code, u.community_code as "communityCode", c.name as "communityName",
             u.supervision_grid_code as "supervisionGridCode", u.responsible_body as "responsibleBody",
             u.area_m2 as "areaM2", u.version`,
    from: `unit_grids u join communities c on c.code = u.community_code`,
    areaColumn: 'u.code',
    parent: { column: 'u.community_code', value: a.communityCode },
    textColumn: 'u.responsible_body',
  });

const DEPT_SELECT = `id, code, name, name_en as "nameEn", kind, district_code as "districtCode", component_categories as "componentCategories",
  event_categories as "eventCategories", area_codes as "areaCodes", authority, active`;

export async function listDepartments(q: Queryable, a: ListArgs & { category?: string | undefined }) {
  const p: unknown[] = [];
  const where: string[] = [];
  if (a.areaPrefix) {
    const d = param(p, a.areaPrefix.slice(0, 6));
    where.push(`(district_code is null or district_code = ${d})`);
  }
  if (a.category) {
    const c = param(p, a.category);
    where.push(`(${c} = any(component_categories) or ${c} = any(event_categories))`);
  }
  if (a.q) {
    const t = param(p, like(a.q));
    where.push(`(name ilike ${t} or name_en ilike ${t} or code ilike ${t})`);
  }
  return pageOf(q, { select: DEPT_SELECT, from: 'departments', where, orderBy: 'id' }, p, a);
}

export async function getDepartment(q: Queryable, id: number) {
  const r = await q.query(`select ${DEPT_SELECT} from departments where id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function insertDepartment(q: Queryable, d: DepartmentInput): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into departments(code, name, kind, district_code, component_categories, event_categories, area_codes, authority, active,
       name_en)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      d.code,
      d.name,
      d.kind,
      d.districtCode,
      d.componentCategories,
      d.eventCategories,
      d.areaCodes,
      d.authority ?? null,
      d.active ?? true,
      d.nameEn ?? null,
    ],
  );
  return r.rows[0]!.id;
}

export async function updateDepartment(q: Queryable, id: number, d: DepartmentInput) {
  await q.query(
    `update departments set code = $2, name = $3, kind = $4, district_code = $5, component_categories = $6,
       event_categories = $7, area_codes = $8, authority = $9, active = $10,
       -- An edit that does not send the English name keeps it.
       name_en = case when $11 then $12 else name_en end, updated_at = now() where id = $1`,
    [
      id,
      d.code,
      d.name,
      d.kind,
      d.districtCode,
      d.componentCategories,
      d.eventCategories,
      d.areaCodes,
      d.authority ?? null,
      d.active ?? true,
      d.nameEn !== undefined,
      d.nameEn ?? null,
    ],
  );
}

export async function getNamed(
  q: Queryable,
  table: 'districts' | 'streets' | 'communities' | 'supervision_grids',
  code: string,
) {
  const r = await q.query<{ code: string; name: string }>(`select code, name from ${table} where code = $1`, [
    code,
  ]);
  return r.rows[0] ?? null;
}

export async function rename(
  q: Queryable,
  table: 'districts' | 'streets' | 'communities' | 'supervision_grids',
  code: string,
  name: string,
) {
  await q.query(`update ${table} set name = $2, updated_at = now() where code = $1`, [code, name]);
}

export async function insertStreet(q: Queryable, code: string, name: string) {
  await q.query(`insert into streets(code, district_code, name) values ($1, $2, $3)`, [
    code,
    code.slice(0, 6),
    name,
  ]);
}
export async function insertCommunity(q: Queryable, code: string, name: string) {
  await q.query(`insert into communities(code, street_code, name) values ($1, $2, $3)`, [
    code,
    code.slice(0, 9),
    name,
  ]);
}
export async function insertSupervisionGrid(q: Queryable, code: string, name: string, streetCode: string) {
  await q.query(`insert into supervision_grids(code, street_code, name) values ($1, $2, $3)`, [
    code,
    streetCode,
    name,
  ]);
}

/** Names of departments by id, of districts, streets, communities or supervision grids by code. */
export async function namesOf(
  q: Queryable,
  table: 'departments' | 'districts' | 'streets' | 'communities' | 'supervision_grids',
  keys: readonly string[],
) {
  const key = table === 'departments' ? 'id::text' : 'code';
  const en = table === 'departments' || table === 'districts' ? 'name_en' : 'null::text';
  return (
    await q.query<{ key: string; name: string; nameEn: string | null }>(
      `select ${key} as key, name, ${en} as "nameEn" from ${table} where ${key} = any($1::text[])`,
      [keys],
    )
  ).rows;
}
