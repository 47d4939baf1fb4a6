import type { CityModel, ComponentRecord } from './types.js';

export interface DistrictStats {
  code: string;
  name: string;
  streets: number;
  communities: number;
  grids: number;
  supervisionGrids: number;
  areaKm2: number;
}

export interface CityStats {
  seed: number;
  scale: CityModel['scale'];
  districts: number;
  streets: number;
  communities: number;
  grids: number;
  supervisionGrids: number;
  departments: number;
  users: number;
  roads: number;
  places: number;
  areaKm2: number;
  perDistrict: DistrictStats[];
  components?: number;
  componentsByState?: Record<string, number>;
}

const km2 = (m2: number): number => Math.round(m2 / 10_000) / 100;

/** Counts for logs and the CLI. */
export function cityStats(city: CityModel, components?: readonly ComponentRecord[]): CityStats {
  const stats: CityStats = {
    seed: city.seed,
    scale: city.scale,
    districts: city.districts.length,
    streets: city.streets.length,
    communities: city.communities.length,
    grids: city.grids.length,
    supervisionGrids: city.supervisionGrids.length,
    departments: city.departments.length,
    users: city.users.length,
    roads: city.roads.length,
    places: city.places.length,
    areaKm2: km2(city.grids.reduce((sum, g) => sum + g.areaM2, 0)),
    perDistrict: city.districts.map((d) => {
      const grids = city.grids.filter((g) => g.districtCode === d.code);
      return {
        code: d.code,
        name: d.name,
        streets: city.streets.filter((s) => s.districtCode === d.code).length,
        communities: city.communities.filter((c) => c.districtCode === d.code).length,
        grids: grids.length,
        supervisionGrids: city.supervisionGrids.filter((s) => s.districtCode === d.code).length,
        areaKm2: km2(grids.reduce((sum, g) => sum + g.areaM2, 0)),
      };
    }),
  };
  if (components !== undefined) {
    stats.components = components.length;
    const byState: Record<string, number> = {};
    for (const c of components) byState[c.state] = (byState[c.state] ?? 0) + 1;
    stats.componentsByState = byState;
  }
  return stats;
}
