import type { Queryable } from '../../db/db.js';

export interface AreaOutline {
  code: string;
  name: string;
  name_en?: string | null;
  geometry: unknown;
}

/** The outlines of the districts, streets and communities, and the stored base-map layers. */
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
    q.query<{ name: string; geojson: unknown }>(`select name, geojson from map_layers order by name`),
  ]);
  return { districts: d.rows, streets: s.rows, communities: c.rows, layers: extra.rows };
}
