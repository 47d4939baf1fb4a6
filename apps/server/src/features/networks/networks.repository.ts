import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';

/** A segment as stored, without its geometry. */
export interface SegmentRow {
  id: string;
  network: string;
  kind: string;
  material: string;
  diameter_mm: number;
  install_year: number;
  pressure_class: string | null;
  depth_m: number | null;
  owner: string;
  state: string;
  failures: number;
  district_code: string | null;
  length_m: number;
}

export interface SegmentWithGeometry extends SegmentRow {
  geometry: { type: 'LineString'; coordinates: Array<[number, number]> };
}

export interface NewSegment extends Omit<SegmentRow, 'state'> {
  state?: string;
  grid_code: string | null;
  geometry: { type: 'LineString'; coordinates: Array<[number, number]> };
}

const COLUMNS =
  'id, network, kind, material, diameter_mm, install_year, pressure_class, depth_m, owner, state, failures, district_code, length_m';

/**
 * The longest a stored segment may reach north–south (degrees): the box query narrows by
 * min_lat within this margin of the view, so longer lines are cut before they are stored.
 */
export const MAX_SEGMENT_SPAN_DEG = 0.01;

export async function count(q: Queryable): Promise<number> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from pipe_segments`);
  return Number(r.rows[0]?.n ?? 0);
}

export async function insert(q: Queryable, rows: NewSegment[]): Promise<void> {
  await insertRows(
    q,
    'pipe_segments',
    [
      'id',
      'network',
      'kind',
      'material',
      'diameter_mm',
      'install_year',
      'pressure_class',
      'depth_m',
      'owner',
      'state',
      'failures',
      'district_code',
      'grid_code',
      'length_m',
      'geometry',
      'min_lon',
      'min_lat',
      'max_lon',
      'max_lat',
    ],
    rows.map((s) => {
      const xs = s.geometry.coordinates.map((c) => c[0]);
      const ys = s.geometry.coordinates.map((c) => c[1]);
      return [
        s.id,
        s.network,
        s.kind,
        s.material,
        s.diameter_mm,
        s.install_year,
        s.pressure_class,
        s.depth_m,
        s.owner,
        s.state ?? 'in_service',
        s.failures,
        s.district_code,
        s.grid_code,
        s.length_m,
        JSON.stringify(s.geometry),
        Math.min(...xs),
        Math.min(...ys),
        Math.max(...xs),
        Math.max(...ys),
      ];
    }),
    { batch: 2000 },
  );
}

export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** Segments of a network whose box meets the view, with attribute filters; at most `limit`. */
export async function inBox(
  q: Queryable,
  network: string,
  box: Box,
  f: { material?: string | undefined; maxInstallYear?: number | undefined },
  limit: number,
): Promise<SegmentWithGeometry[]> {
  const params: unknown[] = [
    network,
    box.minLat - MAX_SEGMENT_SPAN_DEG,
    box.maxLat,
    box.minLat,
    box.minLon,
    box.maxLon,
  ];
  const where = [
    `network = $1`,
    `min_lat between $2 and $3`,
    `max_lat >= $4`,
    `max_lon >= $5`,
    `min_lon <= $6`,
  ];
  if (f.material) {
    params.push(f.material);
    where.push(`material = $${params.length}`);
  }
  if (f.maxInstallYear !== undefined) {
    params.push(f.maxInstallYear);
    where.push(`install_year <= $${params.length}`);
  }
  params.push(limit);
  const r = await q.query<SegmentWithGeometry>(
    `select ${COLUMNS}, geometry from pipe_segments where ${where.join(' and ')} order by id limit $${params.length}`,
    params,
  );
  return r.rows;
}

/** Every segment of the networks named (attributes only), for the aging report and candidates. */
export async function attributes(q: Queryable, networks: readonly string[]): Promise<SegmentRow[]> {
  const r = await q.query<SegmentRow>(
    `select ${COLUMNS} from pipe_segments where network = any($1::text[]) and state <> 'abandoned' order by id`,
    [networks],
  );
  return r.rows;
}

/** A segment as the network graph reads it: ends, size, material and the grid it lies in. */
export interface GraphRow {
  id: string;
  diameter_mm: number;
  material: string;
  length_m: number;
  grid_code: string | null;
  geometry: { type: 'LineString'; coordinates: Array<[number, number]> };
}

/** Every segment of one network in service, with its geometry (the graph of the network). */
export async function forGraph(q: Queryable, network: string): Promise<GraphRow[]> {
  const r = await q.query<GraphRow>(
    `select id, diameter_mm, material, length_m, grid_code, geometry from pipe_segments
      where network = $1 and state = 'in_service' order by id`,
    [network],
  );
  return r.rows;
}

/** Which of these ids are already stored. */
export async function existing(q: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await q.query<{ id: string }>(`select id from pipe_segments where id = any($1::text[])`, [ids]);
  return new Set(r.rows.map((x) => x.id));
}
