import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';

/** SQL of waste collection, transfer and sorting (0033_waste_municipal.sql). */

export interface FacilityRow {
  id: number;
  code: string;
  kind: 'collection_point' | 'restaurant' | 'transfer_station' | 'treatment_plant';
  stream: 'mixed' | 'kitchen' | 'recyclable' | 'hazardous' | 'other';
  name: string;
  name_en: string;
  lon: number;
  lat: number;
  district_code: string | null;
  capacity_t: number | null;
}
export type NewFacility = Omit<FacilityRow, 'id'>;

export async function listFacilities(q: Queryable): Promise<FacilityRow[]> {
  return (
    await q.query<FacilityRow>(
      `select id, code, kind, stream, name, name_en, lon, lat, district_code, capacity_t
         from waste_facilities order by code`,
    )
  ).rows;
}

export async function countFacilities(q: Queryable): Promise<number> {
  return Number((await q.query<{ n: string }>(`select count(*) as n from waste_facilities`)).rows[0]?.n ?? 0);
}

export async function insertFacilities(q: Queryable, rows: readonly NewFacility[]): Promise<void> {
  const cols: Array<keyof NewFacility> = [
    'code',
    'kind',
    'stream',
    'name',
    'name_en',
    'lon',
    'lat',
    'district_code',
    'capacity_t',
  ];
  await insertRows(
    q,
    'waste_facilities',
    cols,
    rows.map((r) => cols.map((c) => r[c])),
  );
}

export interface WeighingRow {
  id: number;
  facility_id: number;
  truck: string;
  stream: FacilityRow['stream'];
  weighed_at: Date;
  gross_kg: number;
  tare_kg: number;
}
export type NewWeighingRow = Omit<WeighingRow, 'id'> & { recorded_by: string | null };

export async function weighingsBetween(q: Queryable, from: Date, to: Date): Promise<WeighingRow[]> {
  return (
    await q.query<WeighingRow>(
      `select id, facility_id, truck, stream, weighed_at, gross_kg, tare_kg from waste_weighings
        where weighed_at >= $1 and weighed_at < $2 order by weighed_at, id`,
      [from, to],
    )
  ).rows.map((r) => ({ ...r, id: Number(r.id), weighed_at: new Date(r.weighed_at) }));
}

export async function insertWeighings(q: Queryable, rows: readonly NewWeighingRow[]): Promise<number[]> {
  if (rows.length === 1) {
    const r = rows[0]!;
    const res = await q.query<{ id: string }>(
      `insert into waste_weighings (facility_id, truck, stream, weighed_at, gross_kg, tare_kg, recorded_by)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [r.facility_id, r.truck, r.stream, r.weighed_at, r.gross_kg, r.tare_kg, r.recorded_by],
    );
    return [Number(res.rows[0]!.id)];
  }
  await insertRows(
    q,
    'waste_weighings',
    ['facility_id', 'truck', 'stream', 'weighed_at', 'gross_kg', 'tare_kg', 'recorded_by'],
    rows.map((r) => [r.facility_id, r.truck, r.stream, r.weighed_at, r.gross_kg, r.tare_kg, r.recorded_by]),
  );
  return [];
}

export interface CompoundRow {
  id: number;
  code: string;
  name: string;
  name_en: string;
  community: string;
  community_en: string;
  district_code: string | null;
  households: number;
  participating: number;
  pilot: boolean;
  lon: number;
  lat: number;
}
export type NewCompound = Omit<CompoundRow, 'id'>;

export async function listCompounds(q: Queryable): Promise<CompoundRow[]> {
  return (
    await q.query<CompoundRow>(
      `select id, code, name, name_en, community, community_en, district_code, households, participating, pilot, lon, lat
         from sorting_compounds order by code`,
    )
  ).rows;
}

export async function insertCompounds(q: Queryable, rows: readonly NewCompound[]): Promise<void> {
  const cols: Array<keyof NewCompound> = [
    'code',
    'name',
    'name_en',
    'community',
    'community_en',
    'district_code',
    'households',
    'participating',
    'pilot',
    'lon',
    'lat',
  ];
  await insertRows(
    q,
    'sorting_compounds',
    cols,
    rows.map((r) => cols.map((c) => r[c])),
  );
}

export interface NewInspectionRow {
  compound_id: number;
  inspected_on: string;
  checked: number;
  correct: number;
  note: string | null;
  inspector: string | null;
}

export async function insertInspections(q: Queryable, rows: readonly NewInspectionRow[]): Promise<void> {
  await insertRows(
    q,
    'sorting_inspections',
    ['compound_id', 'inspected_on', 'checked', 'correct', 'note', 'inspector'],
    rows.map((r) => [r.compound_id, r.inspected_on, r.checked, r.correct, r.note, r.inspector]),
  );
}

/** Per compound over [from, to] (dates): inspections, bags checked, bags correctly sorted. */
export async function inspectionSums(
  q: Queryable,
  from: string,
  to: string,
): Promise<Array<{ compound_id: number; n: number; checked: number; correct: number }>> {
  return (
    await q.query<{ compound_id: number; n: string; checked: string; correct: string }>(
      `select compound_id, count(*) as n, sum(checked) as checked, sum(correct) as correct
         from sorting_inspections where inspected_on between $1::date and $2::date group by compound_id`,
      [from, to],
    )
  ).rows.map((r) => ({
    compound_id: r.compound_id,
    n: Number(r.n),
    checked: Number(r.checked),
    correct: Number(r.correct),
  }));
}
