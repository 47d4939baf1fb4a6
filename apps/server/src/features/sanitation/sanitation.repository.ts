import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';

/** SQL of sanitation: cleaning sections and the vehicles' routes and shifts (0027_sanitation.sql). */

export interface SectionRow {
  id: number;
  code: string;
  road_name: string;
  part: number;
  road_class: string;
  grade: number;
  sweeping_per_day: number;
  washing_per_day: number;
  mechanised: boolean;
  window_start: number;
  window_end: number;
  contractor: string;
  contractor_en: string;
  department_id: number | null;
  district_code: string | null;
  length_m: number;
  line: Array<[number, number]>;
}

export type NewSection = Omit<SectionRow, 'id'>;

export async function listSections(q: Queryable): Promise<SectionRow[]> {
  return (
    await q.query<SectionRow>(
      `select id, code, road_name, part, road_class, grade, sweeping_per_day, washing_per_day, mechanised,
              window_start, window_end, contractor, contractor_en, department_id, district_code, length_m, line
         from sanitation_sections order by code`,
    )
  ).rows;
}

export async function countSections(q: Queryable): Promise<number> {
  return Number(
    (await q.query<{ n: string }>(`select count(*) as n from sanitation_sections`)).rows[0]?.n ?? 0,
  );
}

export async function insertSections(q: Queryable, rows: readonly NewSection[]): Promise<void> {
  const cols: Array<keyof NewSection> = [
    'code',
    'road_name',
    'part',
    'road_class',
    'grade',
    'sweeping_per_day',
    'washing_per_day',
    'mechanised',
    'window_start',
    'window_end',
    'contractor',
    'contractor_en',
    'department_id',
    'district_code',
    'length_m',
    'line',
  ];
  await insertRows(
    q,
    'sanitation_sections',
    cols,
    rows.map((r) => cols.map((c) => (c === 'line' ? JSON.stringify(r.line) : r[c]))),
  );
}

export interface VehicleRow {
  device_id: string;
  contractor: string;
  contractor_en: string;
  shift_start: number;
  shift_end: number;
  route: Array<[number, number]>;
}

export async function listVehicles(q: Queryable): Promise<VehicleRow[]> {
  return (
    await q.query<VehicleRow>(
      `select device_id, contractor, contractor_en, shift_start, shift_end, route
         from sanitation_vehicles order by device_id`,
    )
  ).rows;
}

export async function insertVehicles(q: Queryable, rows: readonly VehicleRow[]): Promise<void> {
  await insertRows(
    q,
    'sanitation_vehicles',
    ['device_id', 'contractor', 'contractor_en', 'shift_start', 'shift_end', 'route'],
    rows.map((r) => [
      r.device_id,
      r.contractor,
      r.contractor_en,
      r.shift_start,
      r.shift_end,
      JSON.stringify(r.route),
    ]),
    { suffix: 'on conflict (device_id) do nothing' },
  );
}

/** The demo city's roads as the base map stores them (map_layers 'roads', GeoJSON). */
export async function baseMapRoads(
  q: Queryable,
): Promise<Array<{ name: string; class: string; line: Array<[number, number]> }>> {
  const r = await q.query<{ geojson: unknown }>(`select geojson from map_layers where name = 'roads'`);
  const raw = r.rows[0]?.geojson;
  const fc = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    features?: Array<{
      properties?: { name?: string; class?: string };
      geometry?: { coordinates?: unknown };
    }>;
  } | null;
  return (fc?.features ?? []).flatMap((f) => {
    const line = f.geometry?.coordinates;
    if (!Array.isArray(line) || line.length < 2 || !f.properties?.name || !f.properties.class) return [];
    return [{ name: f.properties.name, class: f.properties.class, line: line as Array<[number, number]> }];
  });
}

/** Each district's sanitation office (环卫处), by district code. */
export async function sanitationOffices(q: Queryable): Promise<Map<string, number>> {
  const r = await q.query<{ id: number; district_code: string }>(
    `select id, district_code from departments where kind = 'sanitation' and district_code is not null order by id`,
  );
  return new Map(r.rows.map((row) => [row.district_code, row.id]));
}

export interface MissedCaseRow {
  section_id: number;
  case_id: number;
  case_code: string;
}

export async function missedCasesOn(q: Queryable, day: string): Promise<MissedCaseRow[]> {
  return (
    await q.query<MissedCaseRow>(
      `select section_id, case_id, case_code from sanitation_missed_cases where day = $1::date`,
      [day],
    )
  ).rows.map((r) => ({ ...r, case_id: Number(r.case_id) }));
}

export async function recordMissedCase(
  q: Queryable,
  row: { day: string; sectionId: number; caseId: number; caseCode: string; share: number },
): Promise<void> {
  await q.query(
    `insert into sanitation_missed_cases (day, section_id, case_id, case_code, share)
     values ($1::date, $2, $3, $4, $5) on conflict (day, section_id) do nothing`,
    [row.day, row.sectionId, row.caseId, row.caseCode, row.share],
  );
}
