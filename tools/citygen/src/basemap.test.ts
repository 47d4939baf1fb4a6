import { describe, expect, it } from 'vitest';
import { coastLatAt, generateCity, type CityModel, type LonLat } from './index.js';

const small = generateCity({ seed: 11, scale: 'small' });
const demo = generateCity({ scale: 'demo' });

const key = (p: LonLat) => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;

/** Every lattice edge a named road runs along, as "lon,lat|lon,lat" of its two ends. */
function roadEdges(city: CityModel): Set<string> {
  const { dLon, dLat } = city.lattice;
  const edges = new Set<string>();
  for (const road of city.roads) {
    for (let n = 1; n < road.line.length; n++) {
      const [a, b] = [road.line[n - 1]!, road.line[n]!];
      const ns = a[0] === b[0];
      const steps = Math.round(ns ? Math.abs(b[1] - a[1]) / dLat : Math.abs(b[0] - a[0]) / dLon);
      for (let s = 0; s < steps; s++) {
        const p: LonLat = ns
          ? [a[0], Math.min(a[1], b[1]) + s * dLat]
          : [Math.min(a[0], b[0]) + s * dLon, a[1]];
        const q: LonLat = ns ? [p[0], p[1] + dLat] : [p[0] + dLon, p[1]];
        edges.add(`${key(p)}|${key(q)}`);
      }
    }
  }
  return edges;
}

function signedArea(ring: readonly LonLat[]): number {
  let sum = 0;
  for (let n = 1; n < ring.length; n++) sum += ring[n - 1]![0] * ring[n]![1] - ring[n]![0] * ring[n - 1]![1];
  return sum / 2;
}

describe('the base map', () => {
  it('runs a named street along nearly every side of every unit grid', () => {
    for (const city of [small, demo]) {
      const edges = roadEdges(city);
      let sides = 0;
      let named = 0;
      for (const g of city.grids) {
        const [sw, se, ne, nw] = g.ring as [LonLat, LonLat, LonLat, LonLat];
        for (const [a, b] of [
          [sw, se],
          [sw, nw],
          [nw, ne],
          [se, ne],
        ] as const) {
          sides++;
          if (edges.has(`${key(a)}|${key(b)}`)) named++;
        }
      }
      // The rest are river banks and the inside of parks and campuses.
      expect(named / sides, city.scale).toBeGreaterThan(0.95);
    }
  });

  it('gives every road its own name and a hierarchy from arterials to streets', () => {
    for (const city of [small, demo]) {
      const names = city.roads.map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
      expect(
        names.every((n) => /^[\u4e00-\u9fa5]{2,8}$/.test(n)),
        names.join(),
      ).toBe(true);
      for (const cls of ['A', 'B', 'C', 'D']) expect(city.roads.some((r) => r.class === cls)).toBe(true);
    }
    // The planned arterials keep their names (the gazetteer and the demo devices use them).
    for (const name of ['北马路', '南大街', '胜利路', '观海路', '宁海大街'])
      expect(demo.roads.some((r) => r.name === name)).toBe(true);
    expect(demo.roads.length).toBeGreaterThan(400);
  });

  it('keeps buildings inside their blocks, clear of the streets', () => {
    const { dLon, dLat, originLon, originLat } = demo.lattice;
    expect(demo.baseMap.buildings.length).toBeGreaterThan(30_000);
    const fromLine = (v: number, o: number, d: number) => {
      const f = ((((v - o) / d) % 1) + 1) % 1;
      return Math.min(f, 1 - f);
    };
    const bad: string[] = [];
    for (const b of demo.baseMap.buildings) {
      const lons = b.ring.map((p) => p[0]);
      const lats = b.ring.map((p) => p[1]);
      const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
      const oneCell =
        Math.floor((w - originLon) / dLon) === Math.floor((e - originLon) / dLon) &&
        Math.floor((s - originLat) / dLat) === Math.floor((n - originLat) / dLat);
      // At least ~5 m (the narrowest street's half width, less a little) from every lattice line.
      const clear =
        Math.min(fromLine(w, originLon, dLon), fromLine(e, originLon, dLon)) > 0.05 &&
        Math.min(fromLine(s, originLat, dLat), fromLine(n, originLat, dLat)) > 0.05;
      if (!(e > w && n > s && signedArea(b.ring) > 0 && oneCell && clear)) bad.push(JSON.stringify(b.ring));
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('draws rivers that reach the sea, the sea north of the coast, and named parks and hills', () => {
    const { rivers, sea, landUse } = demo.baseMap;
    expect(rivers.map((r) => r.name)).toEqual(['夹河', '西南河', '逛荡河', '沁水河']);
    for (const r of rivers) {
      const mouth = r.centreline[r.centreline.length - 1]!;
      expect(mouth[1]).toBeGreaterThan(coastLatAt(demo.coastline, mouth[0]));
      expect(signedArea(r.ring)).toBeGreaterThan(0);
    }
    expect(signedArea(sea)).toBeGreaterThan(0);
    for (const name of ['大南山', '烟台山公园', '烟台大学'])
      expect(landUse.some((l) => l.name === name)).toBe(true);
    expect(landUse.filter((l) => l.kind === 'park').length).toBeGreaterThan(100);
  });

  it('is the same city for the same seed', () => {
    const again = generateCity({ seed: 11, scale: 'small' });
    expect(again.roads).toEqual(small.roads);
    expect(again.baseMap).toEqual(small.baseMap);
  });
});
