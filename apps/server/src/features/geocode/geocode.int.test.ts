import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metresBetween } from '@cityloop/domain';
import type { GeocodeCandidate, ReverseGeocodeResult } from '@cityloop/domain/api';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

async function search(q: string): Promise<GeocodeCandidate[]> {
  const res = await t.app.inject({ url: `/api/geocode?q=${encodeURIComponent(q)}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { candidates: GeocodeCandidate[] }).candidates;
}

/** The grid the grid lookup gives for a point (null outside the gridded city). */
async function gridAt(lon: number, lat: number): Promise<string | null> {
  const res = await t.app.inject({ url: `/api/grids/at?lon=${lon}&lat=${lat}` });
  return res.statusCode === 200 ? (res.json() as { code: string }).code : null;
}

/** The demo city's roads as the base map stores them. */
async function road(name: string): Promise<Array<[number, number]>> {
  const layers = (await t.app.inject({ url: '/api/map/layers' })).json() as {
    layers: {
      roads: {
        features: Array<{ properties: { name: string }; geometry: { coordinates: Array<[number, number]> } }>;
      };
    };
  };
  return layers.layers.roads.features.find((f) => f.properties.name === name)!.geometry.coordinates;
}

describe('GET /api/geocode', () => {
  it('finds a road by its name, or the start of it, with the grid at its point', async () => {
    for (const q of ['北马路', '北马']) {
      const [first] = await search(q);
      expect(first, q).toMatchObject({ name: '北马路', kind: 'road' });
      expect(first!.gridCode).toBe(await gridAt(first!.lon, first!.lat));
    }
  });

  it('resolves the crossing of two roads to the point where they meet', async () => {
    const [first] = await search('北马路与胜利路交叉口');
    expect(first).toMatchObject({ name: '北马路与胜利路交叉口', kind: 'intersection' });
    // 胜利路 runs north–south at about 121.394, 北马路 east–west at about 37.547.
    expect(first!.lon).toBeCloseTo(121.394, 2);
    expect(first!.lat).toBeCloseTo(37.547, 2);
    expect(first!.gridCode).toBe(await gridAt(first!.lon, first!.lat));
    expect((await search('胜利路和北马路'))[0]).toMatchObject({ kind: 'intersection' });
  });

  it('places a house number along its road, and none past the road’s end', async () => {
    const [first] = await search('南大街25号');
    expect(first).toMatchObject({ name: '南大街25号', kind: 'address' });
    const line = await road('南大街');
    expect(metresBetween(line[0]!, [first!.lon, first!.lat])).toBeCloseTo(120, -1);
    expect((await search('南大街99999号')).some((c) => c.kind === 'address')).toBe(false);
  });

  it('finds communities and landmarks, and answers nothing for a name the city does not have', async () => {
    expect((await search('御金台'))[0]).toMatchObject({ name: '御金台小区', kind: 'landmark' });
    expect(await search('不存在的地方')).toEqual([]);
  });

  it('refuses an empty or overlong query with a 400', async () => {
    for (const q of ['', 'x'.repeat(101)])
      expect((await t.app.inject({ url: `/api/geocode?q=${q}` })).statusCode).toBe(400);
  });
});

describe('GET /api/geocode/reverse', () => {
  it('gives the house number on the nearest road and the point’s grid and areas', async () => {
    // 33 m north of 北马路, in the middle of a block: the streets either side are 50 m away.
    const line = await road('北马路');
    const lat = line[0]![1]! + 0.0003;
    const mid = (line[0]![0]! + line[line.length - 1]![0]!) / 2;
    const grid = (await t.app.inject({ url: `/api/grids/at?lon=${mid}&lat=${lat}` })).json() as {
      polygon: Array<Array<[number, number]>>;
    };
    const lons = grid.polygon[0]!.map((p) => p[0]);
    const lon = (Math.min(...lons) + Math.max(...lons)) / 2;
    const res = await t.app.inject({ url: `/api/geocode/reverse?lon=${lon}&lat=${lat}` });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as ReverseGeocodeResult;
    expect(r.kind).toBe('address');
    expect(r.name).toMatch(/^北马路\d+号$/);
    expect(r.distanceM).toBeGreaterThan(20);
    expect(r.distanceM).toBeLessThan(50);
    expect(r.gridCode).toBe(await gridAt(lon, lat));
    if (r.gridCode) expect(r.district).toBeTruthy();
  });
});
