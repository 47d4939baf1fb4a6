import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { upgradeDemoBaseMap } from '../../seed/demoCity.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

interface Layers {
  vectorTiles: { url: string; maxZoom: number };
  tiles: unknown[];
  layers: Record<
    string,
    { features: Array<{ properties: Record<string, unknown>; geometry: { coordinates: number[][] } }> }
  >;
}

const layers = async () => (await t.app.inject({ url: '/api/map/layers' })).json() as Layers;

/** The tile of a zoom level holding a point (Web Mercator, as Leaflet and every tile service). */
function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  ];
}

async function tile(z: number, x: number, y: number): Promise<VectorTile> {
  const res = await t.app.inject({ url: `/api/map/tiles/${z}/${x}/${y}.pbf` });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
  return new VectorTile(new PbfReader(res.rawPayload));
}

function names(vt: VectorTile, layer: string): string[] {
  const l = vt.layers[layer];
  const out: string[] = [];
  for (let i = 0; l && i < l.length; i++) {
    const name = l.feature(i).properties.name;
    if (typeof name === 'string') out.push(name);
  }
  return out;
}

describe('GET /api/map/layers', () => {
  it('names the vector tiles by version and sends no buildings or lanes whole', async () => {
    const l = await layers();
    expect(l.vectorTiles.url).toMatch(/^\/api\/map\/tiles\/\{z\}\/\{x\}\/\{y\}\.pbf\?v=[0-9a-f]{12}$/);
    expect(l.vectorTiles.maxZoom).toBe(16);
    expect(l.tiles).toEqual([]);
    expect(l.layers.roads!.features.length).toBeGreaterThan(20);
    for (const heavy of ['buildings', 'lanes', 'landuse', 'water']) expect(l.layers[heavy]).toBeUndefined();
  });
});

describe('GET /api/map/tiles/{z}/{x}/{y}.pbf', () => {
  it('gives a street-zoom tile with the named street there, buildings, lanes and water', async () => {
    const road = (await layers()).layers.roads!.features.find((f) => f.properties.class === 'D')!;
    const [a, b] = road.geometry.coordinates as [number[], number[]];
    const [x, y] = tileAt((a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2, 16);
    const vt = await tile(16, x, y);
    expect(names(vt, 'roads')).toContain(road.properties.name);
    expect(vt.layers.buildings?.length).toBeGreaterThan(0);
    expect(vt.layers.lanes?.length).toBeGreaterThan(0);
  });

  it('gives a city-zoom tile only its arterials, no buildings, and the sea', async () => {
    const [x, y] = tileAt(121.4, 37.54, 9);
    const vt = await tile(9, x, y);
    const l = vt.layers.roads!;
    const classes = new Set(Array.from({ length: l.length }, (_, i) => l.feature(i).properties.class));
    expect([...classes]).toEqual(['A']);
    expect(vt.layers.buildings).toBeUndefined();
    expect(vt.layers.water?.length).toBeGreaterThan(0);
  });

  it('answers an empty tile where the city has nothing', async () => {
    const res = await t.app.inject({ url: '/api/map/tiles/10/0/0.pbf' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(0);
  });

  it('refuses coordinates that name no tile with a 400', async () => {
    for (const path of [
      '17/0/0',
      '-1/0/0',
      '3/8/0',
      '3/0/8',
      '16/70000/1',
      'a/1/1',
      '1.5/0/0',
      '2/1/x',
      '0x2/1/1',
    ]) {
      const res = await t.app.inject({ url: `/api/map/tiles/${path}.pbf` });
      expect(res.statusCode, path).toBe(400);
      expect(res.json().error.code, path).toBe('validation.failed');
    }
    expect((await t.app.inject({ url: '/api/map/tiles/3/0/0.png' })).statusCode).toBe(404);
  });
});

describe('TILE_URL', () => {
  it('hands the browser each template with its coordinate system: 高德 GCJ-02, 天地图 and OSM WGS-84', async () => {
    const amap = 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&style=8&x={x}&y={y}&z={z}';
    const tdt = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
    const osm = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
    const other = await makeTestApp({ TILE_URL: `${amap} ${tdt} ${osm}` });
    try {
      const res = (await other.app.inject({ url: '/api/map/layers' })).json() as Layers;
      expect(res.tiles).toEqual([
        { url: amap, crs: 'gcj02', subdomains: '1234', maxZoom: 18 },
        { url: tdt, crs: 'wgs84', subdomains: '01234567', maxZoom: 18 },
        { url: osm, crs: 'wgs84', subdomains: 'abc', maxZoom: 19 },
      ]);
      const csp = String((await other.app.inject({ url: '/api/health' })).headers['content-security-policy']);
      for (const host of [
        'https://*.is.autonavi.com',
        'https://*.tianditu.gov.cn',
        'https://tile.openstreetmap.org',
      ])
        expect(csp).toContain(host);
    } finally {
      await other.close();
    }
  });
});

describe('a demo database from before the full base map', () => {
  it('gets water, land use and buildings on start, once, and only if it is the demo city', async () => {
    const t2 = await makeTestApp();
    try {
      const db = t2.app.platform.db;
      const names = async () =>
        (await db.query<{ name: string }>(`select name from map_layers order by name`)).rows.map(
          (r) => r.name,
        );
      const full = await names();
      // As a database made by the earlier city generator: outlines, roads and places only.
      await db.query(
        `delete from map_layers where name in ('water', 'waterways', 'landuse', 'buildings', 'lanes')`,
      );
      // Another city's districts: its map is its own and stays as it is.
      await db.query(
        `insert into districts (code, name, geometry) select '999999', '别的区', geometry from districts limit 1`,
      );
      expect(await upgradeDemoBaseMap(db, { scale: 'small' })).toBe(false);
      await db.query(`delete from districts where code = '999999'`);

      expect(await upgradeDemoBaseMap(db, { scale: 'small' })).toBe(true);
      expect(await names()).toEqual(full);
      expect(await upgradeDemoBaseMap(db, { scale: 'small' })).toBe(false);
    } finally {
      await t2.close();
    }
  });
});
