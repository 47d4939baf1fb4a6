import { generateCity, DEMO_PASSWORD, type CityModel } from '@cityloop/citygen';
import type { Db, Queryable } from '../db/db.js';
import { insertRows } from '../db/bulk.js';
import { hashPassword } from '../features/auth/password.js';

/** Whether the database holds a city already (a second start reuses it). */
export async function hasCity(db: Queryable): Promise<boolean> {
  const r = await db.query(`select 1 from districts limit 1`);
  return r.rowCount > 0;
}

/**
 * Loads the deterministic demo city (organisation, grids, departments, demo users, base layers)
 * in one transaction.
 */
export async function seedDemoCity(
  db: Db,
  opts: { scale: 'demo' | 'small'; seed?: number },
): Promise<CityModel> {
  const city = generateCity({ scale: opts.scale, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  // One hash for every demo account: they share the documented demo password anyway.
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.tx(async (q) => {
    await insertRows(
      q,
      'districts',
      ['code', 'name', 'name_en', 'geometry'],
      city.districts.map((d) => [d.code, d.name, d.nameEn, JSON.stringify(d.geometry)]),
    );
    await insertRows(
      q,
      'streets',
      ['code', 'district_code', 'name', 'geometry'],
      city.streets.map((s) => [s.code, s.districtCode, s.name, JSON.stringify(s.geometry)]),
    );
    await insertRows(
      q,
      'communities',
      ['code', 'street_code', 'name', 'geometry'],
      city.communities.map((c) => [c.code, c.streetCode, c.name, JSON.stringify(c.geometry)]),
    );
    await insertRows(
      q,
      'supervision_grids',
      ['code', 'street_code', 'name'],
      city.supervisionGrids.map((s) => [s.code, s.streetCode, s.name]),
    );
    await insertRows(
      q,
      'unit_grids',
      [
        'code',
        'community_code',
        'supervision_grid_code',
        'responsible_body',
        'polygon',
        'min_lon',
        'min_lat',
        'max_lon',
        'max_lat',
        'centroid_lon',
        'centroid_lat',
        'area_m2',
      ],
      city.grids.map((g) => {
        const lons = g.ring.map((p) => p[0]);
        const lats = g.ring.map((p) => p[1]);
        return [
          g.code,
          g.communityCode,
          g.supervisionGridCode,
          g.responsibleBody,
          JSON.stringify([g.ring]),
          Math.min(...lons),
          Math.min(...lats),
          Math.max(...lons),
          Math.max(...lats),
          g.centroid[0],
          g.centroid[1],
          g.areaM2,
        ];
      }),
    );
    await insertRows(
      q,
      'departments',
      [
        'code',
        'name',
        'name_en',
        'kind',
        'district_code',
        'component_categories',
        'event_categories',
        'area_codes',
        'authority',
      ],
      city.departments.map((d) => [
        d.code,
        d.name,
        d.nameEn,
        d.kind,
        d.districtCode,
        d.componentCategories,
        d.eventCategories,
        d.areaCodes,
        d.authority,
      ]),
    );
    const depts = new Map(
      (await q.query<{ id: number; code: string }>(`select id, code from departments`)).rows.map((r) => [
        r.code,
        r.id,
      ]),
    );
    await insertRows(
      q,
      'users',
      [
        'username',
        'display_name',
        'display_name_en',
        'password_hash',
        'roles',
        'jurisdiction_level',
        'jurisdiction_code',
        'department_id',
      ],
      city.users.map((u) => {
        const deptId = u.departmentCode ? (depts.get(u.departmentCode) ?? null) : null;
        return [
          u.username,
          u.displayName,
          u.displayNameEn,
          hash,
          u.roles,
          u.jurisdiction.level,
          u.jurisdiction.code,
          deptId,
        ];
      }),
    );
    const ids = new Map(
      (await q.query<{ id: number; username: string }>(`select id, username from users`)).rows.map((r) => [
        r.username,
        r.id,
      ]),
    );
    await insertRows(
      q,
      'user_supervision_grids',
      ['user_id', 'supervision_grid_code'],
      city.users.flatMap((u) => (u.supervisionGridCodes ?? []).map((c) => [ids.get(u.username)!, c])),
    );
    await insertRows(q, 'map_layers', ['name', 'geojson'], mapLayerRows(city));
  });
  return city;
}

/** The demo city's base map as rows of map_layers (name, GeoJSON text). */
function mapLayerRows(city: CityModel): Array<[string, string]> {
  const line = (coords: unknown) => ({
    type: 'Feature',
    properties: {},
    geometry: { type: 'LineString', coordinates: coords },
  });
  return [
    [
      'coastline',
      JSON.stringify({ type: 'FeatureCollection', features: [line(city.coastline.coordinates)] }),
    ],
    [
      'roads',
      JSON.stringify({
        type: 'FeatureCollection',
        features: city.roads.map((r) => ({
          ...line(r.line),
          properties: { name: r.name, class: r.class },
        })),
      }),
    ],
    [
      'places',
      JSON.stringify({
        type: 'FeatureCollection',
        features: city.places.map((p) => ({
          type: 'Feature',
          properties: { name: p.name, kind: p.kind, note: p.note },
          geometry: { type: 'Point', coordinates: p.position },
        })),
      }),
    ],
    ...baseMapLayers(city),
    ['center', JSON.stringify(city.city.centre)],
    ['bounds', JSON.stringify(city.bounds)],
  ];
}

/**
 * A demo database made before the base map had water, land use and buildings gets the current
 * base map on start (the same deterministic city), instead of an empty map until its data is
 * deleted. Returns whether it did.
 */
export async function upgradeDemoBaseMap(db: Db, opts: { scale: 'demo' | 'small' }): Promise<boolean> {
  const has = await db.query(`select 1 from map_layers where name = 'buildings'`);
  if (has.rowCount > 0) return false;
  const city = generateCity({ scale: opts.scale });
  // Only the demo city itself: a city's own data (other districts) keeps its own map.
  const stored = (await db.query<{ code: string }>(`select code from districts order by code`)).rows;
  const demo = city.districts.map((d) => d.code).sort();
  if (stored.length !== demo.length || stored.some((r, i) => r.code !== demo[i])) return false;
  const rows = mapLayerRows(city);
  await db.tx(async (q) => {
    await q.query(`delete from map_layers where name = any($1::text[])`, [rows.map(([name]) => name)]);
    await insertRows(q, 'map_layers', ['name', 'geojson'], rows);
  });
  return true;
}

const polygon = (ring: unknown, properties: Record<string, unknown>) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Polygon', coordinates: [ring] },
});

/**
 * The rest of the generated base map — water, land use, buildings and lanes — stored once, as the
 * map feature cuts its vector tiles from them (they are never sent whole to a browser).
 */
function baseMapLayers(city: CityModel): Array<[string, string]> {
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const { baseMap } = city;
  return [
    [
      'water',
      fc([
        polygon(baseMap.sea, { kind: 'sea' }),
        ...baseMap.rivers.map((r) => polygon(r.ring, { kind: 'river', name: r.name })),
      ]),
    ],
    [
      'waterways',
      fc(
        baseMap.rivers.map((r) => ({
          type: 'Feature',
          properties: { name: r.name },
          geometry: { type: 'LineString', coordinates: r.centreline },
        })),
      ),
    ],
    [
      'landuse',
      fc(baseMap.landUse.map((l) => polygon(l.ring, { kind: l.kind, ...(l.name ? { name: l.name } : {}) }))),
    ],
    ['buildings', fc(baseMap.buildings.map((b) => polygon(b.ring, { kind: b.kind })))],
    [
      'lanes',
      fc(
        baseMap.lanes.map((l) => ({
          type: 'Feature',
          properties: {},
          geometry: { type: 'LineString', coordinates: l.line },
        })),
      ),
    ],
  ];
}
