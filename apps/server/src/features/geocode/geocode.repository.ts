import type { Queryable } from '../../db/db.js';

export interface AreaRow {
  code: string;
  name: string;
  geometry: unknown;
}

export interface LayerFeature {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
}

/** Districts, streets and communities with their outlines. */
export async function areas(
  q: Queryable,
): Promise<{ districts: AreaRow[]; streets: AreaRow[]; communities: AreaRow[] }> {
  const [d, s, c] = await Promise.all([
    q.query<AreaRow>(`select code, name, geometry from districts order by code`),
    q.query<AreaRow>(`select code, name, geometry from streets order by code`),
    q.query<AreaRow>(`select code, name, geometry from communities order by code`),
  ]);
  return { districts: d.rows, streets: s.rows, communities: c.rows };
}

/** The features of one stored base-map layer (roads, places); none when the city has no such layer. */
export async function layerFeatures(q: Queryable, name: string): Promise<LayerFeature[]> {
  const r = await q.query<{ geojson: { features?: LayerFeature[] } | null }>(
    `select geojson from map_layers where name = $1`,
    [name],
  );
  return r.rows[0]?.geojson?.features ?? [];
}
