import type { Queryable } from '../../db/db.js';

export interface AreaOutline {
  code: string;
  name: string;
  name_en?: string | null;
  geometry: unknown;
}

/** The stored layers the map draws only as vector tiles, never sent whole: see map.tiles.ts. */
export const TILE_ONLY_LAYERS = ['water', 'waterways', 'landuse', 'buildings', 'lanes'];

/** The outlines of the districts, streets and communities, and the light stored base-map layers. */
export async function baseLayers(q: Queryable): Promise<{
  districts: AreaOutline[];
  streets: AreaOutline[];
  communities: AreaOutline[];
  layers: Array<{ name: string; geojson: unknown }>;
}> {
  const [d, s, c, extra] = await Promise.all([
    q.query<AreaOutline>(`select code, name, name_en, geometry from districts order by code`),
    q.query<AreaOutline>(`select code, name, geometry from streets order by code`),
    q.query<AreaOutline>(`select code, name, geometry from communities order by code`),
    q.query<{ name: string; geojson: unknown }>(
      `select name, geojson from map_layers where name <> all($1::text[]) order by name`,
      [TILE_ONLY_LAYERS],
    ),
  ]);
  return { districts: d.rows, streets: s.rows, communities: c.rows, layers: extra.rows };
}

/** The stored layers vector tiles are cut from, and when each last changed. */
export async function tileLayers(
  q: Queryable,
  names: readonly string[],
): Promise<Array<{ name: string; geojson: unknown; updated: string }>> {
  const r = await q.query<{ name: string; geojson: unknown; updated: string }>(
    `select name, geojson, updated_at::text as updated from map_layers where name = any($1::text[]) order by name`,
    [names],
  );
  return r.rows;
}
