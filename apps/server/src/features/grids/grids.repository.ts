import type { Position } from 'geojson';
import type { Queryable } from '../../db/db.js';

export interface GridRow {
  code: string;
  community_code: string;
  supervision_grid_code: string | null;
  responsible_body: string | null;
  polygon: Position[][];
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  centroid_lon: number;
  centroid_lat: number;
  area_m2: number;
  version: number;
}

export interface NameRow {
  code: string;
  name: string;
  parent: string | null;
}

export async function loadAllGrids(q: Queryable): Promise<GridRow[]> {
  const r = await q.query<GridRow>(
    `select code, community_code, supervision_grid_code, responsible_body, polygon, min_lon, min_lat, max_lon,
            max_lat, centroid_lon, centroid_lat, area_m2, version
     from unit_grids where valid_to is null or valid_to > current_date order by code`,
  );
  return r.rows;
}

/** Names of every district, street, community and supervision grid (small tables). */
export async function loadNames(
  q: Queryable,
): Promise<Record<'district' | 'street' | 'community' | 'supervision', NameRow[]>> {
  const [d, s, c, sg] = await Promise.all([
    q.query<NameRow>(`select code, name, null as parent from districts`),
    q.query<NameRow>(`select code, name, district_code as parent from streets`),
    q.query<NameRow>(`select code, name, street_code as parent from communities`),
    q.query<NameRow>(`select code, name, street_code as parent from supervision_grids`),
  ]);
  return { district: d.rows, street: s.rows, community: c.rows, supervision: sg.rows };
}

export async function getGridForUpdate(q: Queryable, code: string): Promise<GridRow | null> {
  const r = await q.query<GridRow>(`select * from unit_grids where code = $1 for update`, [code]);
  return r.rows[0] ?? null;
}

export async function updateGrid(
  q: Queryable,
  code: string,
  fields: { responsibleBody: string | null; supervisionGridCode: string | null },
): Promise<void> {
  await q.query(
    `update unit_grids set responsible_body = $2, supervision_grid_code = $3, version = version + 1, updated_at = now()
     where code = $1`,
    [code, fields.responsibleBody, fields.supervisionGridCode],
  );
}

export interface GridInsert {
  code: string;
  communityCode: string;
  supervisionGridCode: string | null;
  responsibleBody: string | null;
  polygon: Position[][];
  bbox: [number, number, number, number];
  centroid: [number, number];
  areaM2: number;
}

/** Multi-row upsert; an imported grid that exists already gets a new version. */
export async function upsertGrids(q: Queryable, rows: GridInsert[]): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const tuples = rows.map((g) => {
    const base = params.length;
    params.push(
      g.code,
      g.communityCode,
      g.supervisionGridCode,
      g.responsibleBody,
      JSON.stringify(g.polygon),
      g.bbox[0],
      g.bbox[1],
      g.bbox[2],
      g.bbox[3],
      g.centroid[0],
      g.centroid[1],
      g.areaM2,
    );
    return `(${Array.from({ length: 12 }, (_, i) => `$${base + i + 1}`).join(',')})`;
  });
  await q.query(
    `insert into unit_grids(code, community_code, supervision_grid_code, responsible_body, polygon,
        min_lon, min_lat, max_lon, max_lat, centroid_lon, centroid_lat, area_m2)
     values ${tuples.join(',')}
     on conflict (code) do update set community_code = excluded.community_code,
        supervision_grid_code = excluded.supervision_grid_code, responsible_body = excluded.responsible_body,
        polygon = excluded.polygon, min_lon = excluded.min_lon, min_lat = excluded.min_lat,
        max_lon = excluded.max_lon, max_lat = excluded.max_lat, centroid_lon = excluded.centroid_lon,
        centroid_lat = excluded.centroid_lat, area_m2 = excluded.area_m2,
        version = unit_grids.version + 1, updated_at = now()`,
    params,
  );
}

export async function communityGeometries(q: Queryable, codes: string[]): Promise<Map<string, unknown>> {
  const r = await q.query<{ code: string; geometry: unknown }>(
    `select code, geometry from communities where code = any($1::text[])`,
    [codes],
  );
  return new Map(r.rows.map((x) => [x.code, x.geometry]));
}

export async function supervisionGridExists(q: Queryable, code: string): Promise<boolean> {
  const r = await q.query(`select 1 from supervision_grids where code = $1`, [code]);
  return r.rowCount > 0;
}

export async function existingSupervisionGrids(q: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const r = await q.query<{ code: string }>(
    `select code from supervision_grids where code = any($1::text[])`,
    [codes],
  );
  return new Set(r.rows.map((x) => x.code));
}
