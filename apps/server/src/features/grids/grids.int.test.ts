import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

describe('point → grid', () => {
  it('finds the Yantai city centre in a grid of 芝罘区 with its street, community and supervision grid', async () => {
    const res = await t.app.inject({ url: '/api/grids/at?lon=121.40&lat=37.54' });
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g.code).toMatch(/^370602\d{9}$/);
    expect(g.district).toEqual({ code: '370602', name: '芝罘区', nameEn: 'Zhifu District' });
    expect(g.street.code).toBe(g.code.slice(0, 9));
    expect(g.community.code).toBe(g.code.slice(0, 12));
    expect(g.street.name).not.toBe('');
    expect(g.community.name).not.toBe('');
    expect(g.supervisionGrid?.code).toBeTruthy();
    expect(g.responsibleBody).not.toBe('');
  });

  it('answers 404 with a message for a point outside the city (the sea north of Zhifu)', async () => {
    const res = await t.app.inject({ url: '/api/grids/at?lon=121.40&lat=37.70' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'grid.not_found', message: '该位置不在本市单元网格内' });
  });

  it('refuses coordinates that are not numbers or out of range', async () => {
    expect((await t.app.inject({ url: '/api/grids/at?lon=abc&lat=37.5' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/grids/at?lon=121.4&lat=137' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/grids/at?lon=121.4' })).statusCode).toBe(400);
  });

  it('converts GCJ-02 input (Chinese web maps) to WGS-84 before looking up', async () => {
    const wgs = (await t.app.inject({ url: '/api/grids/at?lon=121.40&lat=37.54' })).json();
    // The same place as a GCJ-02 map shows it: offset by several hundred metres.
    const [x, y] = gcoord.transform([121.4, 37.54], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    expect(Math.abs(x - 121.4) + Math.abs(y - 37.54)).toBeGreaterThan(0.003);
    const gcj = await t.app.inject({ url: `/api/grids/at?lon=${x}&lat=${y}&crs=gcj02` });
    expect(gcj.statusCode).toBe(200);
    expect(gcj.json().code).toBe(wgs.code);
  });
});

describe('grid maintenance', () => {
  it('an admin edit is audited, versioned, visible at once and announced on the event bus', async () => {
    const at = (await t.app.inject({ url: '/api/grids/at?lon=121.40&lat=37.54' })).json();
    const events: string[] = [];
    const off = t.app.platform.bus.subscribe((e) => events.push(`${e.type}:${String(e.data.code)}`));
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${at.code}`,
      headers: { cookie: admin },
      payload: { responsibleBody: '御金台小区物业' },
    });
    expect(res.statusCode).toBe(200);
    // Across nodes the bus is PostgreSQL NOTIFY: delivery is asynchronous.
    await expect.poll(() => events, { timeout: 5000 }).toContain(`grid.updated:${at.code}`);
    off();
    expect(res.json()).toMatchObject({ responsibleBody: '御金台小区物业', version: at.version + 1 });
    expect((await t.app.inject({ url: '/api/grids/at?lon=121.40&lat=37.54' })).json().responsibleBody).toBe(
      '御金台小区物业',
    );
    const log = (
      await t.app.inject({ url: `/api/audit?entity=unit_grid&q=${at.code}`, headers: { cookie: admin } })
    ).json();
    expect(log.items[0]).toMatchObject({ username: 'admin', action: 'update', entityId: at.code });
    expect(log.items[0].after.responsibleBody).toBe('御金台小区物业');
  });

  it('refuses an unknown supervision grid and changes nothing', async () => {
    const at = (await t.app.inject({ url: '/api/grids/at?lon=121.40&lat=37.54' })).json();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/grids/${at.code}`,
      headers: { cookie: admin },
      payload: { supervisionGridCode: 'NOPE' },
    });
    expect(res.statusCode).toBe(400);
    expect(
      (await t.app.inject({ url: `/api/grids/${at.code}`, headers: { cookie: admin } })).json().version,
    ).toBe(at.version);
  });

  it('serves the grids in a box as GeoJSON for the map', async () => {
    const res = await t.app.inject({
      url: '/api/grids?bbox=121.39,37.53,121.41,37.55',
      headers: { cookie: admin },
    });
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(10);
    expect(fc.features[0].properties.code).toMatch(/^\d{15}$/);
  });

  it('offers offline base layers: districts, streets, communities, coastline and roads', async () => {
    const res = (await t.app.inject({ url: '/api/map/layers' })).json();
    expect(res.layers.districts.features.length).toBeGreaterThanOrEqual(2);
    expect(res.layers.coastline.features[0].geometry.type).toBe('LineString');
    expect(res.layers.roads.features.length).toBeGreaterThan(0);
    expect(res.tiles).toEqual([]);
    expect(res.vectorTiles.url).toMatch(/^\/api\/map\/tiles\//);
  });
});
