import {
  categoriesOfKind,
  isValidSupervisionGridCode,
  parseComponentCode,
  parseGridCode,
  type CategoryKind,
} from '@cityloop/domain';
import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  cityStats,
  coastLatAt,
  departmentsHandling,
  generateCity,
  generateComponents,
  type CityModel,
  type LonLat,
  type UnitGrid,
} from './index.js';

const small = generateCity({ seed: 11, scale: 'small' });
const CENTRE: LonLat = [121.4, 37.54];

/** The lattice column/row of a grid, read off its south-west corner. */
function cellOf(city: CityModel, grid: UnitGrid): [number, number] {
  const [w, s] = grid.ring[0] ?? [NaN, NaN];
  return [
    Math.round((w - city.lattice.originLon) / city.lattice.dLon),
    Math.round((s - city.lattice.originLat) / city.lattice.dLat),
  ];
}

function gridBox(grid: UnitGrid): [number, number, number, number] {
  const lons = grid.ring.map((p) => p[0]);
  const lats = grid.ring.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** Whether any point of the box's northern edge touches or crosses the shore. */
function touchesSea(city: CityModel, w: number, e: number, n: number): boolean {
  if (coastLatAt(city.coastline, w) <= n || coastLatAt(city.coastline, e) <= n) return true;
  return city.coastline.coordinates.some(([lon, lat]) => lon > w && lon < e && lat <= n);
}

/** Grids are exactly lattice cells and no two share a cell, so they cannot overlap. */
function expectLatticeCellsWithoutOverlap(city: CityModel): void {
  const seen = new Set<string>();
  const { dLon, dLat } = city.lattice;
  for (const grid of city.grids) {
    const [i, j] = cellOf(city, grid);
    const key = `${i},${j}`;
    expect(seen.has(key), `${grid.code} shares cell ${key}`).toBe(false);
    seen.add(key);
    const [w, s, e, n] = gridBox(grid);
    expect(grid.ring).toHaveLength(5);
    expect(grid.ring[0]).toEqual(grid.ring[4]);
    expect(Math.abs(e - w - dLon)).toBeLessThan(1e-6);
    expect(Math.abs(n - s - dLat)).toBeLessThan(1e-6);
    expect(Math.abs(w - (city.lattice.originLon + i * dLon))).toBeLessThan(1e-6);
    expect(Math.abs(s - (city.lattice.originLat + j * dLat))).toBeLessThan(1e-6);
  }
}

function expectCodesValidAndNested(city: CityModel): void {
  const communities = new Map(city.communities.map((c) => [c.code, c]));
  const codes = new Set<string>();
  for (const grid of city.grids) {
    const parts = parseGridCode(grid.code);
    expect(codes.has(grid.code)).toBe(false);
    codes.add(grid.code);
    expect(parts.community).toBe(grid.communityCode);
    expect(parts.street).toBe(grid.streetCode);
    expect(parts.district).toBe(grid.districtCode);
    expect(parts.streetKind).toBe('subdistrict');
    expect(communities.get(grid.communityCode)?.streetCode).toBe(grid.streetCode);
  }
}

function expectSupervisionPartition(city: CityModel): void {
  const counts = new Map<string, number>();
  for (const grid of city.grids)
    counts.set(grid.supervisionGridCode, (counts.get(grid.supervisionGridCode) ?? 0) + 1);
  expect(new Set(city.supervisionGrids.map((s) => s.code)).size).toBe(city.supervisionGrids.length);
  for (const sg of city.supervisionGrids) {
    expect(isValidSupervisionGridCode(sg.code)).toBe(true);
    expect(sg.code.startsWith(`${sg.streetCode}J`)).toBe(true);
    expect(counts.get(sg.code)).toBe(sg.unitGridCount);
  }
  const streetOf = new Map(city.supervisionGrids.map((s) => [s.code, s.streetCode]));
  for (const grid of city.grids) expect(streetOf.get(grid.supervisionGridCode)).toBe(grid.streetCode);
  expect(city.supervisionGrids.reduce((sum, s) => sum + s.unitGridCount, 0)).toBe(city.grids.length);
}

function expectCoresCovered(city: CityModel): void {
  const { originLon, originLat, dLon, dLat } = city.lattice;
  for (const district of city.districts) {
    const [w, s, e, n] = district.core;
    const cells = new Set(
      city.grids.filter((g) => g.districtCode === district.code).map((g) => cellOf(city, g).join(',')),
    );
    const [i0, i1] = [Math.round((w - originLon) / dLon), Math.round((e - originLon) / dLon)];
    const [j0, j1] = [Math.round((s - originLat) / dLat), Math.round((n - originLat) / dLat)];
    expect(cells.size).toBeGreaterThan(0);
    let inCore = 0;
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        if (cells.has(`${i},${j}`)) {
          inCore++;
          continue;
        }
        const top = originLat + (j + 1) * dLat;
        expect(touchesSea(city, originLon + i * dLon, originLon + (i + 1) * dLon, top), `gap ${i},${j}`).toBe(
          true,
        );
      }
    }
    expect(inCore, `grids of ${district.code} outside its core`).toBe(cells.size);
  }
}

function expectAllOnLand(city: CityModel): void {
  for (const grid of city.grids) {
    const [w, , e, n] = gridBox(grid);
    expect(touchesSea(city, w, e, n), grid.code).toBe(false);
  }
}

describe('generateCity', () => {
  it('gives a deep-equal city for the same seed', () => {
    expect(generateCity({ seed: 11, scale: 'small' })).toEqual(small);
  });

  it('gives other names and another layout for another seed', () => {
    const other = generateCity({ seed: 12, scale: 'small' });
    expect(other.communities.map((c) => c.name)).not.toEqual(small.communities.map((c) => c.name));
    expect(other.coastline).not.toEqual(small.coastline);
    expect(other.communities.map((c) => c.geometry)).not.toEqual(small.communities.map((c) => c.geometry));
  });

  it('keeps a small city small but with the centre and several districts', () => {
    expect(small.grids.length).toBeGreaterThanOrEqual(300);
    expect(small.grids.length).toBeLessThanOrEqual(800);
    expect(new Set(small.grids.map((g) => g.districtCode)).size).toBeGreaterThanOrEqual(2);
  });

  it('codes every grid validly, uniquely and under its community', () => {
    expectCodesValidAndNested(small);
    for (const community of small.communities)
      expect(community.code.startsWith(community.streetCode)).toBe(true);
    for (const street of small.streets) expect(street.code.startsWith(street.districtCode)).toBe(true);
  });

  it('puts every grid on one lattice cell of its own, so no two grids overlap', () => {
    expectLatticeCellsWithoutOverlap(small);
  });

  it('covers each district core without gaps, except where the sea cuts in', () => {
    expectCoresCovered(small);
  });

  it('keeps every grid south of a coastline that runs west to east', () => {
    expectAllOnLand(small);
    const lons = small.coastline.coordinates.map((p) => p[0]);
    expect(lons.every((lon, k) => k === 0 || lon > (lons[k - 1] ?? Infinity))).toBe(true);
  });

  it('puts the city centre in exactly one grid, in 芝罘区', () => {
    const holding = small.grids.filter((g) => {
      const [w, s, e, n] = gridBox(g);
      return CENTRE[0] >= w && CENTRE[0] <= e && CENTRE[1] >= s && CENTRE[1] <= n;
    });
    expect(holding).toHaveLength(1);
    expect(holding[0]?.districtCode).toBe('370602');
  });

  it('partitions the unit grids into supervision grids within one street', () => {
    expectSupervisionPartition(small);
  });

  it('names streets and communities uniquely within their parents', () => {
    for (const district of small.districts) {
      const names = small.streets.filter((s) => s.districtCode === district.code).map((s) => s.name);
      expect(new Set(names).size).toBe(names.length);
    }
    for (const street of small.streets) {
      const names = small.communities.filter((c) => c.streetCode === street.code).map((c) => c.name);
      expect(names.length).toBeGreaterThanOrEqual(3);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('outlines areas as closed multipolygons with outer rings counter-clockwise', () => {
    for (const area of [
      ...small.districts,
      ...small.streets,
      ...small.communities,
      ...small.supervisionGrids,
    ]) {
      for (const polygon of area.geometry.coordinates) {
        const outer = polygon[0] ?? [];
        expect(outer.length).toBeGreaterThanOrEqual(5);
        expect(outer[0]).toEqual(outer[outer.length - 1]);
        let twiceArea = 0;
        for (let k = 0; k + 1 < outer.length; k++) {
          const [x0, y0] = outer[k] ?? [0, 0];
          const [x1, y1] = outer[k + 1] ?? [0, 0];
          twiceArea += x0 * y1 - x1 * y0;
        }
        expect(twiceArea).toBeGreaterThan(0);
      }
    }
  });
});

describe('departments and users', () => {
  it('hands every taxonomy category to at least one department', () => {
    for (const kind of ['component', 'event'] as CategoryKind[]) {
      for (const category of categoriesOfKind(kind)) {
        for (const district of small.districts) {
          const handlers = departmentsHandling(small.departments, kind, category.code, district.code);
          expect(handlers.length, `${kind} ${category.code} in ${district.code}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('has one sanitation and one enforcement department per district', () => {
    for (const district of small.districts) {
      const own = small.departments.filter((d) => d.districtCode === district.code);
      expect(own.map((d) => d.kind).sort()).toEqual(['enforcement', 'sanitation']);
    }
  });

  it('gives every demo account an ASCII username and a valid place to act', () => {
    const usernames = small.users.map((u) => u.username);
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(usernames.every((u) => /^[a-z0-9.-]+$/.test(u))).toBe(true);
    for (const name of [
      'admin',
      'operator',
      'dispatcher',
      'zhifu.dispatcher',
      'water.handler',
      'sanitation.zhifu',
    ]) {
      expect(usernames).toContain(name);
    }
    const departments = new Set(small.departments.map((d) => d.code));
    for (const user of small.users.filter((u) => u.jurisdiction.level === 'department')) {
      expect(departments.has(user.departmentCode ?? '')).toBe(true);
    }
    expect(DEMO_PASSWORD).toBe('cityloop');
  });

  it('assigns the main inspector to the supervision grid at the centre', () => {
    const inspector = small.users.find((u) => u.username === 'inspector');
    const centre = small.grids.find((g) => {
      const [w, s, e, n] = gridBox(g);
      return CENTRE[0] > w && CENTRE[0] < e && CENTRE[1] > s && CENTRE[1] < n;
    });
    expect(inspector?.supervisionGridCodes).toContain(centre?.supervisionGridCode);
    expect(inspector?.jurisdiction).toEqual({
      level: 'street',
      code: centre?.streetCode,
      departmentId: null,
    });
    const sg = small.supervisionGrids.find((s) => s.code === centre?.supervisionGridCode);
    expect(sg?.inspectors).toContain('inspector');
  });
});

describe('generateComponents', () => {
  const components = generateComponents(small);

  it('is deterministic', () => {
    expect(generateComponents(small)).toEqual(components);
    expect(generateComponents(small, { seed: 99 })).not.toEqual(components);
  });

  it('codes components validly and uniquely by district and category', () => {
    const codes = new Set<string>();
    for (const c of components) {
      const parts = parseComponentCode(c.code);
      expect(parts.category).toBe(c.category);
      expect(c.gridCode.startsWith(parts.district)).toBe(true);
      expect(codes.has(c.code)).toBe(false);
      codes.add(c.code);
    }
  });

  it('places each component inside its grid and gives it a maintainer for its district', () => {
    const grids = new Map(small.grids.map((g) => [g.code, g]));
    for (const c of components) {
      const grid = grids.get(c.gridCode);
      if (grid === undefined) throw new Error(`no grid ${c.gridCode}`);
      const [w, s, e, n] = gridBox(grid);
      expect(c.position[0] > w && c.position[0] < e && c.position[1] > s && c.position[1] < n).toBe(true);
      const handlers = departmentsHandling(small.departments, 'component', c.category, grid.districtCode);
      expect(handlers.map((d) => d.code)).toContain(c.maintainerDeptCode);
      expect(c.changeDate >= c.censusDate).toBe(true);
    }
  });

  it('averages about perGrid components per grid', () => {
    const perGrid = components.length / small.grids.length;
    expect(perGrid).toBeGreaterThan(3.5);
    expect(perGrid).toBeLessThan(4.5);
    expect(generateComponents(small, { perGrid: 1 }).length).toBeLessThan(components.length / 2);
  });
});

describe('the demo-scale city', () => {
  it('has ~10,000 sound grids in 5–12 streets per district', () => {
    // No timing assertion: how long generation takes depends on the machine and its load.
    const city = generateCity();
    const components = generateComponents(city);

    expect(city.grids.length).toBeGreaterThanOrEqual(9_000);
    expect(city.grids.length).toBeLessThanOrEqual(12_000);
    for (const district of city.districts) {
      const streets = city.streets.filter((s) => s.districtCode === district.code).length;
      expect(streets).toBeGreaterThanOrEqual(5);
      expect(streets).toBeLessThanOrEqual(12);
    }
    for (const street of city.streets) {
      const communities = city.communities.filter((c) => c.streetCode === street.code).length;
      expect(communities).toBeGreaterThanOrEqual(3);
      expect(communities).toBeLessThanOrEqual(10);
    }
    expectCodesValidAndNested(city);
    expectLatticeCellsWithoutOverlap(city);
    expectSupervisionPartition(city);
    expectCoresCovered(city);
    expectAllOnLand(city);
    // The shore really cuts into the cores at this scale, so the two checks above bite.
    const coreCells = city.districts.reduce((sum, d) => {
      const [w, s, e, n] = d.core;
      return sum + Math.round((e - w) / city.lattice.dLon) * Math.round((n - s) / city.lattice.dLat);
    }, 0);
    expect(coreCells).toBeGreaterThan(city.grids.length);
    expect(components.length).toBeGreaterThan(30_000);
    expect(new Set(components.map((c) => c.code)).size).toBe(components.length);
    expect(cityStats(city, components).grids).toBe(city.grids.length);
  }, 30_000);
});
