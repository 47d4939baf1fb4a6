import type { Queryable } from '../../db/db.js';

export interface CommitmentRow {
  id: number;
  code: string;
  title: string;
  title_en: string;
  street_code: string;
  place: string;
  place_en: string;
  lon: number;
  lat: number;
  member_id: number;
  partner_ids: number[];
  measures: string;
  measures_en: string;
  start_date: string;
  deadline: string;
}

const COMMITMENT_COLUMNS = `id, code, title, title_en, street_code, place, place_en, lon, lat, member_id,
  partner_ids, measures, measures_en, start_date::text as start_date, deadline::text as deadline`;

/** Commitments, all or those the given members answer for or work on. */
export async function listCommitments(q: Queryable, memberIds: number[] | null): Promise<CommitmentRow[]> {
  const r = await q.query<CommitmentRow>(
    `select ${COMMITMENT_COLUMNS} from committee_commitments
      where $1::int[] is null or member_id = any($1) or partner_ids && $1::int[]
      order by seq, id`,
    [memberIds],
  );
  return r.rows;
}

export async function getCommitment(q: Queryable, id: number): Promise<CommitmentRow | undefined> {
  const r = await q.query<CommitmentRow>(
    `select ${COMMITMENT_COLUMNS} from committee_commitments where id = $1`,
    [id],
  );
  return r.rows[0];
}

export async function countCommitments(q: Queryable): Promise<number> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from committee_commitments`);
  return Number(r.rows[0]?.n ?? 0);
}

export async function insertCommitment(
  q: Queryable,
  c: Omit<CommitmentRow, 'id'> & { seq: number },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into committee_commitments (code, title, title_en, street_code, place, place_en, lon, lat, member_id,
            partner_ids, measures, measures_en, start_date, deadline, seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
    [
      c.code,
      c.title,
      c.title_en,
      c.street_code,
      c.place,
      c.place_en,
      c.lon,
      c.lat,
      c.member_id,
      c.partner_ids,
      c.measures,
      c.measures_en,
      c.start_date,
      c.deadline,
      c.seq,
    ],
  );
  return r.rows[0]!.id;
}

export interface MilestoneRow {
  id: number;
  commitment_id: number;
  title: string;
  title_en: string;
  due: string;
  done_on: string | null;
}

export async function milestonesOf(q: Queryable, ids: number[]): Promise<MilestoneRow[]> {
  const r = await q.query<MilestoneRow>(
    `select id, commitment_id, title, title_en, due::text as due, done_on::text as done_on
       from commitment_milestones where commitment_id = any($1) order by due, id`,
    [ids],
  );
  return r.rows;
}

export async function insertMilestone(q: Queryable, m: Omit<MilestoneRow, 'id'>): Promise<void> {
  await q.query(
    `insert into commitment_milestones (commitment_id, title, title_en, due, done_on) values ($1, $2, $3, $4, $5)`,
    [m.commitment_id, m.title, m.title_en, m.due, m.done_on],
  );
}

/** Sets a milestone's day done; returns the day it had (undefined: no such milestone). */
export async function setMilestoneDone(
  q: Queryable,
  commitmentId: number,
  milestoneId: number,
  doneOn: string | null,
): Promise<string | null | undefined> {
  const before = await q.query<{ done_on: string | null }>(
    `select done_on::text as done_on from commitment_milestones where id = $1 and commitment_id = $2 for update`,
    [milestoneId, commitmentId],
  );
  if (!before.rows[0]) return undefined;
  await q.query(`update commitment_milestones set done_on = $2 where id = $1`, [milestoneId, doneOn]);
  return before.rows[0].done_on;
}

export interface InspectionRow {
  id: number;
  inspected_on: string;
  passed: boolean;
  note: string;
  photos: string[];
  case_id: string | null;
  case_code: string | null;
}

export async function inspectionsOf(q: Queryable, commitmentId: number): Promise<InspectionRow[]> {
  const r = await q.query<InspectionRow>(
    `select id, inspected_on::text as inspected_on, passed, note, photos, case_id::text as case_id, case_code
       from commitment_inspections where commitment_id = $1 order by inspected_on desc, id desc`,
    [commitmentId],
  );
  return r.rows;
}

export async function inspectionCounts(
  q: Queryable,
  ids: number[],
): Promise<Map<number, { all: number; failed: number }>> {
  const r = await q.query<{ commitment_id: number; all: string; failed: string }>(
    `select commitment_id, count(*)::text as all, count(*) filter (where not passed)::text as failed
       from commitment_inspections where commitment_id = any($1) group by commitment_id`,
    [ids],
  );
  return new Map(r.rows.map((x) => [x.commitment_id, { all: Number(x.all), failed: Number(x.failed) }]));
}

export async function insertInspection(
  q: Queryable,
  i: {
    commitmentId: number;
    inspectedOn: string;
    passed: boolean;
    note: string;
    photos: string[];
    caseId: number | null;
    caseCode: string | null;
    by: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into commitment_inspections (commitment_id, inspected_on, passed, note, photos, case_id, case_code,
            inspected_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [i.commitmentId, i.inspectedOn, i.passed, i.note, i.photos, i.caseId, i.caseCode, i.by, i.at],
  );
  return r.rows[0]!.id;
}

// ---- Community liaison ----

export interface CommunityRow {
  id: number;
  code: string;
  name: string;
  name_en: string;
  street_code: string;
  lon: number;
  lat: number;
}

export async function listCommunities(q: Queryable): Promise<CommunityRow[]> {
  const r = await q.query<CommunityRow>(
    `select id, code, name, name_en, street_code, lon, lat from liaison_communities order by seq, id`,
  );
  return r.rows;
}

export async function insertCommunity(
  q: Queryable,
  c: Omit<CommunityRow, 'id'> & { seq: number },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into liaison_communities (code, name, name_en, street_code, lon, lat, seq)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [c.code, c.name, c.name_en, c.street_code, c.lon, c.lat, c.seq],
  );
  return r.rows[0]!.id;
}

export async function communityExists(q: Queryable, id: number): Promise<boolean> {
  return (await q.query(`select 1 from liaison_communities where id = $1`, [id])).rowCount > 0;
}

export async function departmentExists(q: Queryable, id: number): Promise<boolean> {
  return (await q.query(`select 1 from departments where id = $1`, [id])).rowCount > 0;
}

export interface PointRow {
  id: number;
  community_id: number;
  name: string;
  name_en: string;
  address: string;
  lon: number;
  lat: number;
  hours: string;
  hours_en: string;
}

export async function listPoints(q: Queryable): Promise<PointRow[]> {
  const r = await q.query<PointRow>(
    `select id, community_id, name, name_en, address, lon, lat, hours, hours_en from liaison_points order by id`,
  );
  return r.rows;
}

export async function insertPoint(q: Queryable, p: Omit<PointRow, 'id'>): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into liaison_points (community_id, name, name_en, address, lon, lat, hours, hours_en)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [p.community_id, p.name, p.name_en, p.address, p.lon, p.lat, p.hours, p.hours_en],
  );
  return r.rows[0]!.id;
}

export async function pointIn(q: Queryable, pointId: number, communityId: number): Promise<boolean> {
  return (
    (
      await q.query(`select 1 from liaison_points where id = $1 and community_id = $2`, [
        pointId,
        communityId,
      ])
    ).rowCount > 0
  );
}

/** Cadres counted per community, point or department. */
export async function cadresPer(
  q: Queryable,
  column: 'community_id' | 'point_id' | 'department_id',
): Promise<Map<number, number>> {
  const r = await q.query<{ k: number | null; n: string }>(
    `select ${column} as k, count(*)::text as n from liaison_cadres group by ${column}`,
  );
  return new Map(r.rows.filter((x) => x.k !== null).map((x) => [x.k!, Number(x.n)]));
}

export interface CadreRow {
  id: number;
  name: string;
  phone: string;
  department_id: number;
  community_id: number;
  point_id: number | null;
}

export async function cadresOf(q: Queryable, communityId: number): Promise<CadreRow[]> {
  const r = await q.query<CadreRow>(
    `select id, name, phone, department_id, community_id, point_id from liaison_cadres
      where community_id = $1 order by id`,
    [communityId],
  );
  return r.rows;
}

export async function insertCadre(
  q: Queryable,
  c: { name: string; phone: string; departmentId: number; communityId: number; pointId: number | null },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into liaison_cadres (name, phone, department_id, community_id, point_id)
     values ($1, $2, $3, $4, $5) returning id`,
    [c.name, c.phone, c.departmentId, c.communityId, c.pointId],
  );
  return r.rows[0]!.id;
}

/** Many cadres in one statement (the demo's 644). */
export async function insertCadres(
  q: Queryable,
  rows: Array<{
    name: string;
    phone: string;
    departmentId: number;
    communityId: number;
    pointId: number | null;
  }>,
): Promise<void> {
  await q.query(
    `insert into liaison_cadres (name, phone, department_id, community_id, point_id)
     select * from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[])`,
    [
      rows.map((r) => r.name),
      rows.map((r) => r.phone),
      rows.map((r) => r.departmentId),
      rows.map((r) => r.communityId),
      rows.map((r) => r.pointId),
    ],
  );
}

// ---- Approved sites ----

export interface SiteRow {
  id: number;
  code: string;
  kind: string;
  name: string;
  name_en: string;
  operator_name: string;
  street_code: string;
  address: string;
  lon: number;
  lat: number;
  opens: string;
  closes: string;
  conditions: string;
  conditions_en: string;
  permit_no: string;
  valid_from: string;
  valid_to: string;
}

export async function listSites(q: Queryable): Promise<SiteRow[]> {
  const r = await q.query<SiteRow>(
    `select id, code, kind, name, name_en, operator_name, street_code, address, lon, lat, opens, closes, conditions,
            conditions_en, permit_no, valid_from::text as valid_from, valid_to::text as valid_to
       from approved_sites order by code`,
  );
  return r.rows;
}

export async function permitTaken(q: Queryable, permitNo: string): Promise<boolean> {
  return (await q.query(`select 1 from approved_sites where permit_no = $1`, [permitNo])).rowCount > 0;
}

export async function nextSiteCode(q: Queryable): Promise<string> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from approved_sites`);
  let n = Number(r.rows[0]?.n ?? 0) + 1;
  for (;;) {
    const code = `SP-${String(n).padStart(3, '0')}`;
    if ((await q.query(`select 1 from approved_sites where code = $1`, [code])).rowCount === 0) return code;
    n++;
  }
}

export async function insertSite(
  q: Queryable,
  s: {
    code: string;
    kind: string;
    name: string;
    nameEn: string;
    operatorName: string;
    streetCode: string;
    address: string;
    lon: number;
    lat: number;
    opens: string;
    closes: string;
    conditions: string;
    conditionsEn: string;
    permitNo: string;
    validFrom: string;
    validTo: string;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into approved_sites (code, kind, name, name_en, operator_name, street_code, address, lon, lat, opens,
            closes, conditions, conditions_en, permit_no, valid_from, valid_to)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning id`,
    [
      s.code,
      s.kind,
      s.name,
      s.nameEn,
      s.operatorName,
      s.streetCode,
      s.address,
      s.lon,
      s.lat,
      s.opens,
      s.closes,
      s.conditions,
      s.conditionsEn,
      s.permitNo,
      s.validFrom,
      s.validTo,
    ],
  );
  return r.rows[0]!.id;
}
