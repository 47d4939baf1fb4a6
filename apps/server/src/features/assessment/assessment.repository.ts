import type { CatalogueBody, ScoreLevel } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

/**
 * SQL of the assessment (0025_assessment.sql): catalogue versions, groups and plans, months, settings
 * and sites (findings and deductions: assessment.findings.repository.ts). Rules live in the services and in
 * packages/domain/src/assessment; this file only reads and writes rows.
 */

export interface CatalogueRow {
  id: number;
  version: string;
  effective_from: string;
  body: CatalogueBody;
  note: string | null;
  created_at: Date;
}

export async function catalogues(q: Queryable): Promise<CatalogueRow[]> {
  const r = await q.query<CatalogueRow>(
    `select id, version, to_char(effective_from, 'YYYY-MM-DD') as effective_from, body, note, created_at
     from assessment_catalogues order by effective_from`,
  );
  return r.rows;
}

export async function insertCatalogue(
  q: Queryable,
  c: {
    version: string;
    effectiveFrom: string;
    body: CatalogueBody;
    note: string | null;
    userId: number | null;
  },
): Promise<number | null> {
  const r = await q.query<{ id: number }>(
    `insert into assessment_catalogues (version, effective_from, body, note, created_by)
     values ($1, $2, $3, $4, $5) on conflict do nothing returning id`,
    [c.version, c.effectiveFrom, JSON.stringify(c.body), c.note, c.userId],
  );
  return r.rows[0]?.id ?? null;
}

export interface GroupRow {
  id: number;
  code: string;
  kind: 'inspection' | 'supervision' | 'third_party';
  name: string;
  name_en: string;
  area_codes: string[];
}

export async function groups(q: Queryable, onlyOfUser?: number): Promise<GroupRow[]> {
  const p: unknown[] = [];
  const where =
    onlyOfUser === undefined
      ? ''
      : `and id in (select group_id from assessment_group_members where user_id = ${param(p, onlyOfUser)})`;
  const r = await q.query<GroupRow>(
    `select id, code, kind, name, name_en, area_codes from assessment_groups
     where active ${where} order by kind, code`,
    p,
  );
  return r.rows;
}

export interface MemberRow {
  group_id: number;
  user_id: number;
  username: string;
  display_name: string;
  leader: boolean;
}

export async function members(q: Queryable): Promise<MemberRow[]> {
  const r = await q.query<MemberRow>(
    `select m.group_id, m.user_id, u.username, u.display_name, m.leader
     from assessment_group_members m join users u on u.id = m.user_id order by m.group_id, m.leader desc, u.username`,
  );
  return r.rows;
}

export async function insertGroup(
  q: Queryable,
  g: { code: string; kind: string; name: string; nameEn: string; areaCodes: string[] },
): Promise<number | null> {
  const r = await q.query<{ id: number }>(
    `insert into assessment_groups (code, kind, name, name_en, area_codes) values ($1, $2, $3, $4, $5)
     on conflict (code) do nothing returning id`,
    [g.code, g.kind, g.name, g.nameEn, g.areaCodes],
  );
  return r.rows[0]?.id ?? null;
}

export async function addMembers(
  q: Queryable,
  groupId: number,
  userIds: readonly number[],
  leaderId?: number,
) {
  if (!userIds.length) return;
  await q.query(
    `insert into assessment_group_members (group_id, user_id, leader)
     select $1, u, u = coalesce($3, -1) from unnest($2::int[]) as u on conflict do nothing`,
    [groupId, userIds, leaderId ?? null],
  );
}

export async function existingUsers(q: Queryable, ids: readonly number[]): Promise<number[]> {
  const r = await q.query<{ id: number }>(`select id from users where id = any($1::int[]) and active`, [ids]);
  return r.rows.map((x) => x.id);
}

export async function usersByName(q: Queryable, names: readonly string[]): Promise<Map<string, number>> {
  const r = await q.query<{ id: number; username: string }>(
    `select id, username from users where username = any($1::text[])`,
    [names],
  );
  return new Map(r.rows.map((x) => [x.username, x.id]));
}

export interface PlanRow {
  id: number;
  group_id: number;
  cadence: 'daily' | 'weekly' | 'monthly';
  title: string;
  title_en: string;
  announced: boolean;
  place_kinds: string[];
  area_codes: string[];
  weekday: number | null;
  samples: number | null;
}

export async function plans(q: Queryable, groupIds?: readonly number[]): Promise<PlanRow[]> {
  const r = await q.query<PlanRow>(
    `select id, group_id, cadence, title, title_en, announced, place_kinds, area_codes, weekday, samples
     from assessment_plans where active ${groupIds ? 'and group_id = any($1::int[])' : ''} order by group_id, id`,
    groupIds ? [groupIds] : [],
  );
  return r.rows;
}

export async function insertPlan(
  q: Queryable,
  groupId: number,
  p: {
    cadence: string;
    title: string;
    titleEn: string;
    announced: boolean;
    placeKinds: string[];
    areaCodes: string[];
    weekday: number | null;
    samples: number | null;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into assessment_plans (group_id, cadence, title, title_en, announced, place_kinds, area_codes, weekday, samples)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [groupId, p.cadence, p.title, p.titleEn, p.announced, p.placeKinds, p.areaCodes, p.weekday, p.samples],
  );
  return r.rows[0]!.id;
}

export async function groupExists(q: Queryable, id: number): Promise<boolean> {
  const r = await q.query(`select 1 from assessment_groups where id = $1`, [id]);
  return r.rows.length > 0;
}

export async function isMember(q: Queryable, groupId: number, userId: number): Promise<boolean> {
  const r = await q.query(`select 1 from assessment_group_members where group_id = $1 and user_id = $2`, [
    groupId,
    userId,
  ]);
  return r.rows.length > 0;
}

// ---- subjects, months, settings, sites ---------------------------------------------------------

export interface SubjectRow {
  id: string;
  name: string;
  name_en: string | null;
}

/** Everyone a level scores: every district, every street, every active handling unit. */
export async function subjects(q: Queryable, level: ScoreLevel): Promise<SubjectRow[]> {
  const sql =
    level === 'district'
      ? `select code as id, name, name_en from districts order by code`
      : level === 'street'
        ? `select code as id, name, null as name_en from streets order by code`
        : `select id::text as id, name, null as name_en from departments where active order by id`;
  return (await q.query<SubjectRow>(sql)).rows;
}

export async function closedMonth(
  q: Queryable,
  month: string,
): Promise<{ scores: Record<string, unknown>; closed_at: Date } | null> {
  const r = await q.query<{ scores: Record<string, unknown>; closed_at: Date }>(
    `select scores, closed_at from assessment_months where month = $1`,
    [`${month}-01`],
  );
  return r.rows[0] ?? null;
}

export async function lastClosedMonth(q: Queryable): Promise<string | null> {
  const r = await q.query<{ m: string | null }>(
    `select to_char(max(month), 'YYYY-MM') as m from assessment_months`,
  );
  return r.rows[0]?.m ?? null;
}

export async function closeMonth(
  q: Queryable,
  m: { month: string; catalogueId: number; scores: unknown; by: number | null; at: Date },
): Promise<boolean> {
  const r = await q.query(
    `insert into assessment_months (month, catalogue_id, scores, closed_by, closed_at) values ($1, $2, $3, $4, $5)
     on conflict do nothing returning month`,
    [`${m.month}-01`, m.catalogueId, JSON.stringify(m.scores), m.by, m.at],
  );
  return r.rows.length > 0;
}

export async function setting<T>(q: Queryable, key: string): Promise<T | null> {
  const r = await q.query<{ value: T }>(`select value from assessment_settings where key = $1`, [key]);
  return r.rows[0]?.value ?? null;
}

export async function saveSetting(q: Queryable, key: string, value: unknown) {
  await q.query(
    `insert into assessment_settings (key, value) values ($1, $2)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

export interface SiteRow {
  id: number;
  name: string;
  name_en: string;
  place_kind: string;
  street_code: string;
  lon: number;
  lat: number;
  registered_on: string;
}

export async function sites(q: Queryable): Promise<SiteRow[]> {
  const r = await q.query<SiteRow>(
    `select id, name, name_en, place_kind, street_code, lon, lat, to_char(registered_on, 'YYYY-MM-DD') as registered_on
     from assessment_sites order by id`,
  );
  return r.rows;
}

export async function insertSite(q: Queryable, s: Omit<SiteRow, 'id'>) {
  await q.query(
    `insert into assessment_sites (name, name_en, place_kind, street_code, lon, lat, registered_on)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [s.name, s.name_en, s.place_kind, s.street_code, s.lon, s.lat, s.registered_on],
  );
}

export async function siteExists(q: Queryable, id: number): Promise<boolean> {
  return (await q.query(`select 1 from assessment_sites where id = $1`, [id])).rows.length > 0;
}

/** Each site's findings per month: the deductions (before shares) and their count. */
export async function siteMonths(q: Queryable) {
  const r = await q.query<{ site_id: number; month: string; deducted: number; findings: number }>(
    `select site_id, to_char(month, 'YYYY-MM') as month, sum(deduction)::float8 as deducted, count(*)::int as findings
     from assessment_findings where site_id is not null and counted group by site_id, month order by month`,
  );
  return r.rows;
}

export async function departmentExists(q: Queryable, id: number): Promise<boolean> {
  return (await q.query(`select 1 from departments where id = $1`, [id])).rows.length > 0;
}

export async function streetPoints(q: Queryable, limit: number) {
  const r = await q.query<{ street_code: string; lon: number; lat: number }>(
    `select distinct on (c.street_code) c.street_code, g.centroid_lon as lon, g.centroid_lat as lat
     from unit_grids g join communities c on c.code = g.community_code order by c.street_code, g.code limit $1`,
    [limit],
  );
  return r.rows;
}
