import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';

/** SQL of municipal facilities, inspections, street-light cases and the out-of-remit register (0033). */

export interface FacilityRow {
  id: number;
  code: string;
  kind: 'road' | 'bridge' | 'manhole' | 'streetlight_cabinet';
  subtype: string;
  name: string;
  name_en: string;
  lon: number;
  lat: number;
  line: Array<[number, number]> | null;
  district_code: string | null;
  device_id: string | null;
  condition: number | null;
  lamps: number | null;
}
export type NewFacility = Omit<FacilityRow, 'id'>;

const FACILITY_COLS = `id, code, kind, subtype, name, name_en, lon, lat, line, district_code, device_id, condition, lamps`;

export async function listFacilities(q: Queryable, kind?: string): Promise<FacilityRow[]> {
  return (
    await q.query<FacilityRow>(
      `select ${FACILITY_COLS} from municipal_facilities where ($1::text is null or kind = $1) order by code`,
      [kind ?? null],
    )
  ).rows.map((r) => ({ ...r, condition: r.condition === null ? null : Number(r.condition) }));
}

export async function getFacility(q: Queryable, id: number): Promise<FacilityRow | null> {
  const r = await q.query<FacilityRow>(`select ${FACILITY_COLS} from municipal_facilities where id = $1`, [
    id,
  ]);
  return r.rows[0] ?? null;
}

export async function countFacilities(q: Queryable): Promise<number> {
  return Number(
    (await q.query<{ n: string }>(`select count(*) as n from municipal_facilities`)).rows[0]?.n ?? 0,
  );
}

export async function insertFacilities(q: Queryable, rows: readonly NewFacility[]): Promise<void> {
  const cols: Array<keyof NewFacility> = [
    'code',
    'kind',
    'subtype',
    'name',
    'name_en',
    'lon',
    'lat',
    'line',
    'district_code',
    'device_id',
    'condition',
    'lamps',
  ];
  await insertRows(
    q,
    'municipal_facilities',
    cols,
    rows.map((r) => cols.map((c) => (c === 'line' ? (r.line ? JSON.stringify(r.line) : null) : r[c]))),
  );
}

export async function updateFacility(
  q: Queryable,
  id: number,
  f: { name: string; name_en: string; subtype: string; lamps: number | null },
): Promise<void> {
  await q.query(
    `update municipal_facilities set name = $2, name_en = $3, subtype = $4, lamps = $5 where id = $1`,
    [id, f.name, f.name_en, f.subtype, f.lamps],
  );
}

export async function setCondition(q: Queryable, id: number, condition: number): Promise<void> {
  await q.query(`update municipal_facilities set condition = $2 where id = $1`, [id, condition]);
}

export interface InspectionRow {
  id: number;
  facility_id: number;
  inspected_at: Date;
  condition: number | null;
  defect: string | null;
  inspector: string | null;
  case_id: number | null;
  case_code: string | null;
}

const normInspection = (r: InspectionRow): InspectionRow => ({
  ...r,
  id: Number(r.id),
  inspected_at: new Date(r.inspected_at),
  condition: r.condition === null ? null : Number(r.condition),
  case_id: r.case_id === null ? null : Number(r.case_id),
});

export async function insertInspection(q: Queryable, r: Omit<InspectionRow, 'id'>): Promise<InspectionRow> {
  const res = await q.query<InspectionRow>(
    `insert into municipal_inspections (facility_id, inspected_at, condition, defect, inspector, case_id, case_code)
     values ($1, $2, $3, $4, $5, $6, $7)
     returning id, facility_id, inspected_at, condition, defect, inspector, case_id, case_code`,
    [r.facility_id, r.inspected_at, r.condition, r.defect, r.inspector, r.case_id, r.case_code],
  );
  return normInspection(res.rows[0]!);
}

export async function insertInspections(
  q: Queryable,
  rows: ReadonlyArray<Omit<InspectionRow, 'id'>>,
): Promise<void> {
  await insertRows(
    q,
    'municipal_inspections',
    ['facility_id', 'inspected_at', 'condition', 'defect', 'inspector', 'case_id', 'case_code'],
    rows.map((r) => [
      r.facility_id,
      r.inspected_at,
      r.condition,
      r.defect,
      r.inspector,
      r.case_id,
      r.case_code,
    ]),
  );
}

export async function inspectionsOf(q: Queryable, facilityId: number): Promise<InspectionRow[]> {
  const r = await q.query<InspectionRow>(
    `select id, facility_id, inspected_at, condition, defect, inspector, case_id, case_code
       from municipal_inspections where facility_id = $1 order by inspected_at desc, id desc limit 50`,
    [facilityId],
  );
  return r.rows.map(normInspection);
}

/** Per facility: the last inspection's time and the latest case a defect opened. */
export async function inspectionSummary(
  q: Queryable,
): Promise<Map<number, { last: Date; case_code: string | null; case_id: number | null }>> {
  const r = await q.query<{
    facility_id: number;
    last: Date;
    case_code: string | null;
    case_id: string | null;
  }>(
    `select facility_id, max(inspected_at) as last,
            (array_agg(case_code order by inspected_at desc) filter (where case_code is not null))[1] as case_code,
            (array_agg(case_id order by inspected_at desc) filter (where case_id is not null))[1] as case_id
       from municipal_inspections group by facility_id`,
  );
  return new Map(
    r.rows.map((x) => [
      x.facility_id,
      {
        last: new Date(x.last),
        case_code: x.case_code,
        case_id: x.case_id === null ? null : Number(x.case_id),
      },
    ]),
  );
}

export async function streetlightCasesOn(
  q: Queryable,
  day: string,
): Promise<Map<string, { case_id: number; case_code: string }>> {
  const r = await q.query<{ device_id: string; case_id: string; case_code: string }>(
    `select device_id, case_id, case_code from streetlight_cases where day = $1::date`,
    [day],
  );
  return new Map(r.rows.map((x) => [x.device_id, { case_id: Number(x.case_id), case_code: x.case_code }]));
}

export async function recordStreetlightCase(
  q: Queryable,
  row: { deviceId: string; day: string; caseId: number; caseCode: string },
): Promise<void> {
  await q.query(
    `insert into streetlight_cases (device_id, day, case_id, case_code) values ($1, $2::date, $3, $4)
     on conflict (device_id, day) do nothing`,
    [row.deviceId, row.day, row.caseId, row.caseCode],
  );
}

// ── Outside the remit ──────────────────────────────────────────────────────────
export interface RemitRow {
  case_id: number;
  case_code: string;
  party_kind: 'developer' | 'property_manager' | 'utility_company' | 'other';
  party_name: string;
  steps: Array<{ at: string; by: string; note: string }>;
  advance: boolean;
  cost_yuan: number;
  approval: 'none' | 'pending' | 'approved' | 'rejected';
  approved_by: string | null;
  recovery: 'none' | 'pending' | 'partial' | 'recovered' | 'written_off';
  recovered_yuan: number;
  opened_at: Date;
  updated_at: Date;
}

const REMIT_COLS = `case_id, case_code, party_kind, party_name, steps, advance, cost_yuan, approval, approved_by,
  recovery, recovered_yuan, opened_at, updated_at`;

const normRemit = (r: RemitRow): RemitRow => ({
  ...r,
  case_id: Number(r.case_id),
  steps: typeof r.steps === 'string' ? (JSON.parse(r.steps) as RemitRow['steps']) : r.steps,
  cost_yuan: Number(r.cost_yuan),
  recovered_yuan: Number(r.recovered_yuan),
  opened_at: new Date(r.opened_at),
  updated_at: new Date(r.updated_at),
});

export async function listRemit(q: Queryable): Promise<RemitRow[]> {
  return (
    await q.query<RemitRow>(`select ${REMIT_COLS} from remit_cases order by opened_at desc, case_id desc`)
  ).rows.map(normRemit);
}

export async function getRemit(q: Queryable, caseId: number): Promise<RemitRow | null> {
  const r = await q.query<RemitRow>(`select ${REMIT_COLS} from remit_cases where case_id = $1`, [caseId]);
  return r.rows[0] ? normRemit(r.rows[0]) : null;
}

export async function insertRemit(q: Queryable, r: Omit<RemitRow, 'updated_at'>): Promise<RemitRow | null> {
  const res = await q.query<RemitRow>(
    `insert into remit_cases (case_id, case_code, party_kind, party_name, steps, advance, cost_yuan, approval,
       approved_by, recovery, recovered_yuan, opened_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
     on conflict (case_id) do nothing returning ${REMIT_COLS}`,
    [
      r.case_id,
      r.case_code,
      r.party_kind,
      r.party_name,
      JSON.stringify(r.steps),
      r.advance,
      r.cost_yuan,
      r.approval,
      r.approved_by,
      r.recovery,
      r.recovered_yuan,
      r.opened_at,
    ],
  );
  return res.rows[0] ? normRemit(res.rows[0]) : null;
}

export async function updateRemit(q: Queryable, r: RemitRow): Promise<RemitRow> {
  const res = await q.query<RemitRow>(
    `update remit_cases set steps = $2, advance = $3, cost_yuan = $4, approval = $5, approved_by = $6,
        recovery = $7, recovered_yuan = $8, updated_at = now()
      where case_id = $1 returning ${REMIT_COLS}`,
    [
      r.case_id,
      JSON.stringify(r.steps),
      r.advance,
      r.cost_yuan,
      r.approval,
      r.approved_by,
      r.recovery,
      r.recovered_yuan,
    ],
  );
  return normRemit(res.rows[0]!);
}
