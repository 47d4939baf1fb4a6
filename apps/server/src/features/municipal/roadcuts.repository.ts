import type { Queryable } from '../../db/db.js';

/** SQL of road-cut permits (占道挖掘) and the cuts found without one (0037). */

export interface PermitRow {
  id: number;
  code: string;
  road_id: number;
  road_name: string;
  road_name_en: string;
  applicant: string;
  applicant_kind: 'utility_company' | 'developer' | 'telecom' | 'other';
  purpose: string;
  lon: number;
  lat: number;
  length_m: number;
  width_m: number;
  start_day: string;
  end_day: string;
  reinstate_by: string;
  state: 'applied' | 'approved' | 'rejected' | 'reinstated' | 'check_failed';
  applied_by: string | null;
  applied_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  checked_by: string | null;
  checked_at: Date | null;
  check_note: string | null;
  case_id: number | null;
  case_code: string | null;
}
export type NewPermit = Omit<
  PermitRow,
  'id' | 'road_name' | 'road_name_en' | 'applied_at' | 'code' | 'case_id' | 'case_code'
> & { code?: string; applied_at?: Date };

const COLS = `p.id, p.code, p.road_id, f.name as road_name, f.name_en as road_name_en, p.applicant,
  p.applicant_kind, p.purpose, p.lon, p.lat, p.length_m, p.width_m,
  to_char(p.start_day, 'YYYY-MM-DD') as start_day, to_char(p.end_day, 'YYYY-MM-DD') as end_day,
  to_char(p.reinstate_by, 'YYYY-MM-DD') as reinstate_by, p.state, p.applied_by, p.applied_at,
  p.decided_by, p.decided_at, p.decision_note, p.checked_by, p.checked_at, p.check_note, p.case_id, p.case_code`;

const norm = (r: PermitRow): PermitRow => ({
  ...r,
  id: Number(r.id),
  road_id: Number(r.road_id),
  lon: Number(r.lon),
  lat: Number(r.lat),
  length_m: Number(r.length_m),
  width_m: Number(r.width_m),
  applied_at: new Date(r.applied_at),
  decided_at: r.decided_at === null ? null : new Date(r.decided_at),
  checked_at: r.checked_at === null ? null : new Date(r.checked_at),
  case_id: r.case_id === null ? null : Number(r.case_id),
});

export async function listPermits(q: Queryable): Promise<PermitRow[]> {
  const r = await q.query<PermitRow>(
    `select ${COLS} from road_cut_permits p join municipal_facilities f on f.id = p.road_id
     order by p.start_day desc, p.code desc`,
  );
  return r.rows.map(norm);
}

export async function getPermit(q: Queryable, id: number, lock = false): Promise<PermitRow | null> {
  const r = await q.query<PermitRow>(
    `select ${COLS} from road_cut_permits p join municipal_facilities f on f.id = p.road_id
     where p.id = $1${lock ? ' for update of p' : ''}`,
    [id],
  );
  return r.rows[0] ? norm(r.rows[0]) : null;
}

export async function countPermits(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: string }>(`select count(*) as n from road_cut_permits`)).rows[0]?.n ?? 0);
}

/** Inserts a permit; its code is JL<year>-<id, 4 digits> unless given. */
export async function insertPermit(q: Queryable, p: NewPermit): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into road_cut_permits (code, road_id, applicant, applicant_kind, purpose, lon, lat, length_m,
       width_m, start_day, end_day, reinstate_by, state, applied_by, applied_at, decided_by, decided_at,
       decision_note, checked_by, checked_at, check_note)
     values (coalesce($1, 'tmp-' || clock_timestamp()::text || '-' || random()::text), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
       $13, $14, coalesce($15, now()), $16, $17, $18, $19, $20, $21)
     returning id`,
    [
      p.code ?? null,
      p.road_id,
      p.applicant,
      p.applicant_kind,
      p.purpose,
      p.lon,
      p.lat,
      p.length_m,
      p.width_m,
      p.start_day,
      p.end_day,
      p.reinstate_by,
      p.state,
      p.applied_by,
      p.applied_at ?? null,
      p.decided_by,
      p.decided_at,
      p.decision_note,
      p.checked_by,
      p.checked_at,
      p.check_note,
    ],
  );
  const id = Number(r.rows[0]!.id);
  if (!p.code)
    await q.query(
      `update road_cut_permits set code = 'JL' || to_char(start_day, 'YYYY') || '-' || lpad(id::text, 4, '0')
       where id = $1`,
      [id],
    );
  return id;
}

export async function decidePermit(
  q: Queryable,
  id: number,
  d: { state: 'approved' | 'rejected'; by: string | null; note: string | null },
): Promise<void> {
  await q.query(
    `update road_cut_permits set state = $2, decided_by = $3, decided_at = now(), decision_note = $4
     where id = $1`,
    [id, d.state, d.by, d.note],
  );
}

export async function checkPermit(
  q: Queryable,
  id: number,
  c: {
    state: 'reinstated' | 'check_failed';
    by: string | null;
    note: string | null;
    caseId: number | null;
    caseCode: string | null;
  },
): Promise<void> {
  await q.query(
    `update road_cut_permits set state = $2, checked_by = $3, checked_at = now(), check_note = $4,
       case_id = coalesce($5, case_id), case_code = coalesce($6, case_code)
     where id = $1`,
    [id, c.state, c.by, c.note, c.caseId, c.caseCode],
  );
}

export interface FindingRow {
  id: number;
  road_id: number | null;
  lon: number;
  lat: number;
  note: string;
  found_by: string | null;
  found_at: Date;
  case_id: number;
  case_code: string;
}

const normFinding = (r: FindingRow): FindingRow => ({
  ...r,
  id: Number(r.id),
  road_id: r.road_id === null ? null : Number(r.road_id),
  lon: Number(r.lon),
  lat: Number(r.lat),
  found_at: new Date(r.found_at),
  case_id: Number(r.case_id),
});

export async function listFindings(q: Queryable): Promise<FindingRow[]> {
  const r = await q.query<FindingRow>(
    `select id, road_id, lon, lat, note, found_by, found_at, case_id, case_code from road_cut_findings
     order by found_at desc, id desc`,
  );
  return r.rows.map(normFinding);
}

export async function insertFinding(q: Queryable, f: Omit<FindingRow, 'id'>): Promise<FindingRow> {
  const r = await q.query<FindingRow>(
    `insert into road_cut_findings (road_id, lon, lat, note, found_by, found_at, case_id, case_code)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     returning id, road_id, lon, lat, note, found_by, found_at, case_id, case_code`,
    [f.road_id, f.lon, f.lat, f.note, f.found_by, f.found_at, f.case_id, f.case_code],
  );
  return normFinding(r.rows[0]!);
}
