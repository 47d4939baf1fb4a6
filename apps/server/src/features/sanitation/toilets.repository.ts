import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';

/** SQL of public toilets, their checks and linked reports (0033_waste_municipal.sql). */

export interface ToiletRow {
  id: number;
  code: string;
  name: string;
  name_en: string;
  lon: number;
  lat: number;
  district_code: string | null;
  grade: number;
  opens: number;
  closes: number;
  state: 'open' | 'closed' | 'repair';
  sensor: boolean;
}
export type NewToilet = Omit<ToiletRow, 'id'>;

export async function listToilets(q: Queryable): Promise<ToiletRow[]> {
  return (
    await q.query<ToiletRow>(
      `select id, code, name, name_en, lon, lat, district_code, grade, opens, closes, state, sensor
         from public_toilets order by code`,
    )
  ).rows;
}

export async function countToilets(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: string }>(`select count(*) as n from public_toilets`)).rows[0]?.n ?? 0);
}

export async function insertToilets(q: Queryable, rows: readonly NewToilet[]): Promise<void> {
  const cols: Array<keyof NewToilet> = [
    'code',
    'name',
    'name_en',
    'lon',
    'lat',
    'district_code',
    'grade',
    'opens',
    'closes',
    'state',
    'sensor',
  ];
  await insertRows(
    q,
    'public_toilets',
    cols,
    rows.map((r) => cols.map((c) => r[c])),
  );
}

export interface CheckRow {
  id: number;
  toilet_id: number;
  checked_at: Date;
  score: number;
  note: string | null;
  inspector: string | null;
  case_id: number | null;
  case_code: string | null;
}

export async function insertCheck(q: Queryable, r: Omit<CheckRow, 'id'>): Promise<CheckRow> {
  const res = await q.query<CheckRow>(
    `insert into toilet_checks (toilet_id, checked_at, score, note, inspector, case_id, case_code)
     values ($1, $2, $3, $4, $5, $6, $7)
     returning id, toilet_id, checked_at, score, note, inspector, case_id, case_code`,
    [r.toilet_id, r.checked_at, r.score, r.note, r.inspector, r.case_id, r.case_code],
  );
  return norm(res.rows[0]!);
}

export async function insertChecks(q: Queryable, rows: ReadonlyArray<Omit<CheckRow, 'id'>>): Promise<void> {
  await insertRows(
    q,
    'toilet_checks',
    ['toilet_id', 'checked_at', 'score', 'note', 'inspector', 'case_id', 'case_code'],
    rows.map((r) => [r.toilet_id, r.checked_at, r.score, r.note, r.inspector, r.case_id, r.case_code]),
  );
}

const norm = (r: CheckRow): CheckRow => ({
  ...r,
  id: Number(r.id),
  checked_at: new Date(r.checked_at),
  case_id: r.case_id === null ? null : Number(r.case_id),
});

/** Each toilet's latest check. */
export async function latestChecks(q: Queryable): Promise<Map<number, CheckRow>> {
  const r = await q.query<CheckRow>(
    `select distinct on (toilet_id) id, toilet_id, checked_at, score, note, inspector, case_id, case_code
       from toilet_checks order by toilet_id, checked_at desc, id desc`,
  );
  return new Map(r.rows.map((row) => [row.toilet_id, norm(row)]));
}

export async function checksOf(q: Queryable, toiletId: number, limit = 30): Promise<CheckRow[]> {
  const r = await q.query<CheckRow>(
    `select id, toilet_id, checked_at, score, note, inspector, case_id, case_code
       from toilet_checks where toilet_id = $1 order by checked_at desc, id desc limit $2`,
    [toiletId, limit],
  );
  return r.rows.map(norm);
}

export async function linkReport(
  q: Queryable,
  toiletId: number,
  caseId: number,
  caseCode: string,
): Promise<void> {
  await q.query(
    `insert into toilet_reports (toilet_id, case_id, case_code) values ($1, $2, $3) on conflict do nothing`,
    [toiletId, caseId, caseCode],
  );
}

export async function reportsOf(
  q: Queryable,
  toiletId: number | null,
): Promise<Array<{ toilet_id: number; case_id: number; case_code: string; reported_at: Date }>> {
  const r = await q.query<{ toilet_id: number; case_id: string; case_code: string; reported_at: Date }>(
    `select toilet_id, case_id, case_code, reported_at from toilet_reports
      where ($1::int is null or toilet_id = $1) order by reported_at desc`,
    [toiletId],
  );
  return r.rows.map((x) => ({ ...x, case_id: Number(x.case_id), reported_at: new Date(x.reported_at) }));
}
