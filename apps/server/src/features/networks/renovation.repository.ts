import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';
import type { SegmentWithGeometry } from './networks.repository.js';

/** One stored segment with its geometry and grid, or null. */
export async function segmentById(
  q: Queryable,
  id: string,
): Promise<(SegmentWithGeometry & { grid_code: string | null }) | null> {
  const r = await q.query<SegmentWithGeometry & { grid_code: string | null }>(
    `select id, network, kind, material, diameter_mm, install_year, pressure_class, depth_m, owner, state,
            failures, district_code, grid_code, length_m, geometry
       from pipe_segments where id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export interface FailureRow {
  kind: 'burst' | 'leak' | 'repair';
  day: string;
}

export async function failuresOf(q: Queryable, segmentId: string): Promise<FailureRow[]> {
  const r = await q.query<FailureRow>(
    `select kind, to_char(day, 'YYYY-MM-DD') as day from pipe_failures where segment_id = $1 order by day desc, id desc`,
    [segmentId],
  );
  return r.rows;
}

export async function countFailures(q: Queryable): Promise<number> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from pipe_failures`);
  return Number(r.rows[0]?.n ?? 0);
}

export async function insertFailures(
  q: Queryable,
  rows: Array<{ segment_id: string; kind: string; day: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await insertRows(
    q,
    'pipe_failures',
    ['segment_id', 'kind', 'day'],
    rows.map((r) => [r.segment_id, r.kind, r.day]),
    { batch: 2000 },
  );
}

export interface NearCase {
  id: string;
  code: string;
  category: string;
  kind: string;
  state: string;
  lon: number;
  lat: number;
  day: string;
}

/** Cases of some categories whose point lies in a box (the segment's, widened). */
export async function casesInBox(
  q: Queryable,
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
  categories: string[],
  timeZone: string,
): Promise<NearCase[]> {
  const r = await q.query<NearCase>(
    `select id::text as id, code, category, kind, state, lon, lat,
            to_char(reported_at at time zone $6, 'YYYY-MM-DD') as day
       from cases
      where lat between $1 and $2 and lon between $3 and $4 and category = any($5::text[])
      order by reported_at desc limit 200`,
    [box.minLat, box.maxLat, box.minLon, box.maxLon, categories, timeZone],
  );
  return r.rows;
}

export interface NearAlarm {
  device_id: string;
  metric: string;
  state: string;
  lon: number;
  lat: number;
  day: string;
}

/** Alarms of devices standing in a box (the segment's, widened). */
export async function alarmsInBox(
  q: Queryable,
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
  timeZone: string,
): Promise<NearAlarm[]> {
  const r = await q.query<NearAlarm>(
    `select a.device_id, a.metric, a.state, d.lon, d.lat,
            to_char(a.raised_at at time zone $5, 'YYYY-MM-DD') as day
       from alarms a join devices d on d.id = a.device_id
      where d.lat between $1 and $2 and d.lon between $3 and $4
      order by a.raised_at desc limit 200`,
    [box.minLat, box.maxLat, box.minLon, box.maxLon, timeZone],
  );
  return r.rows;
}

export interface ProgrammeRow {
  id: number;
  year: number;
  network: string;
  name: string | null;
  materials: string[];
  target_m: number;
}

export interface ProgrammeSegmentRow {
  programme_id: number;
  segment_id: string;
  length_m: number;
  cost_fen: string;
  done_day: string | null;
}

export async function countProgrammes(q: Queryable): Promise<number> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from renovation_programmes`);
  return Number(r.rows[0]?.n ?? 0);
}

export async function programmes(
  q: Queryable,
  f: { year?: number | undefined; network?: string | undefined; id?: number | undefined },
): Promise<ProgrammeRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.year !== undefined) where.push(`year = $${params.push(f.year)}`);
  if (f.network !== undefined) where.push(`network = $${params.push(f.network)}`);
  if (f.id !== undefined) where.push(`id = $${params.push(f.id)}`);
  const r = await q.query<ProgrammeRow>(
    `select id, year, network, name, materials, target_m from renovation_programmes
      ${where.length ? `where ${where.join(' and ')}` : ''}
      order by year desc, array_position(array['heating','water','gas','drainage'], network), id`,
    params,
  );
  return r.rows;
}

export async function programmeSegments(q: Queryable, ids: number[]): Promise<ProgrammeSegmentRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<ProgrammeSegmentRow>(
    `select programme_id, segment_id, length_m, cost_fen::text as cost_fen,
            to_char(done_day, 'YYYY-MM-DD') as done_day
       from renovation_segments where programme_id = any($1::int[]) order by programme_id, segment_id`,
    [ids],
  );
  return r.rows;
}

/** Every segment already in some programme. */
export async function takenSegments(q: Queryable): Promise<Set<string>> {
  const r = await q.query<{ segment_id: string }>(`select segment_id from renovation_segments`);
  return new Set(r.rows.map((x) => x.segment_id));
}

/** The programme a segment is in, with its renewal day. */
export async function programmeOf(
  q: Queryable,
  segmentId: string,
): Promise<{ id: number; year: number; name: string | null; done_day: string | null } | null> {
  const r = await q.query<{ id: number; year: number; name: string | null; done_day: string | null }>(
    `select p.id, p.year, p.name, to_char(s.done_day, 'YYYY-MM-DD') as done_day
       from renovation_segments s join renovation_programmes p on p.id = s.programme_id
      where s.segment_id = $1`,
    [segmentId],
  );
  return r.rows[0] ?? null;
}

export async function insertProgramme(
  q: Queryable,
  p: { year: number; network: string; name: string | null; materials: string[]; target_m: number },
  segments: Array<{ segment_id: string; length_m: number; cost_fen: number; done_day: string | null }>,
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into renovation_programmes (year, network, name, materials, target_m)
     values ($1, $2, $3, $4::text[], $5) returning id`,
    [p.year, p.network, p.name, p.materials, p.target_m],
  );
  const id = r.rows[0]!.id;
  if (segments.length) {
    await insertRows(
      q,
      'renovation_segments',
      ['programme_id', 'segment_id', 'length_m', 'cost_fen', 'done_day'],
      segments.map((s) => [id, s.segment_id, s.length_m, s.cost_fen, s.done_day]),
      { batch: 2000 },
    );
  }
  return id;
}

/** Marks segments of a programme done on a day; returns the ids that are in the programme. */
export async function markDone(
  q: Queryable,
  programmeId: number,
  segmentIds: string[],
  day: string,
): Promise<string[]> {
  const r = await q.query<{ segment_id: string }>(
    `update renovation_segments set done_day = $3::date
      where programme_id = $1 and segment_id = any($2::text[]) returning segment_id`,
    [programmeId, segmentIds, day],
  );
  return r.rows.map((x) => x.segment_id);
}

/** District names (zh, and en where set) by code. */
export async function districtNames(
  q: Queryable,
): Promise<Map<string, { name: string; nameEn: string | null }>> {
  const r = await q.query<{ code: string; name: string; name_en: string | null }>(
    `select code, name, name_en from districts`,
  );
  return new Map(r.rows.map((d) => [d.code, { name: d.name, nameEn: d.name_en }]));
}
