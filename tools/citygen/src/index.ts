import { DEMO_CITY } from '@cityloop/domain';
import { generateCoastline } from './coast.js';
import { generateDepartments } from './departments.js';
import { closedEdges, footprintCells, generateBlocks } from './blocks.js';
import { FOOTPRINTED, generateHills, generatePlaces, ANCHORED_BODIES } from './landmarks.js';
import { cellAt, cellKey, latticeAround, type Cell } from './lattice.js';
import { generateRoadNetwork } from './roads.js';
import { generateRivers, riverChannels, seaRing } from './water.js';
import { layOutCity } from './layout.js';
import { NameBook } from './names.js';
import { Rng } from './rng.js';

export { Rng };
import type { BBox, CityModel, CityScale, UnitGrid } from './types.js';
import { generateUsers } from './users.js';

export type * from './types.js';
export { generateComponents } from './components.js';
export { departmentsHandling, districtSlug } from './departments.js';
export { coastLatAt, coastMinLat } from './coast.js';
export { cellAt, latticeAround, CELL_DLAT, CELL_DLON } from './lattice.js';
export { cityStats, type CityStats, type DistrictStats } from './stats.js';
export { DEMO_PASSWORD } from './users.js';
export { placeNameEn } from './placeNames.js';

export const DEFAULT_SEED = 370600;

export interface GenerateCityOptions {
  seed?: number;
  /** 'demo' (~10,000 grids) by default; 'small' (~500 grids) for fast tests. */
  scale?: CityScale;
}

/**
 * The synthetic demo city modelled on Yantai: districts, streets, communities, ~100 m unit grids on
 * one lattice, supervision grids, roads, places, departments and demo users. The same seed and
 * scale give a deep-equal model.
 */
export function generateCity(options: GenerateCityOptions = {}): CityModel {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 'demo';
  // Independent streams, so a change to (say) road wiggles does not reshuffle the grid layout.
  const root = new Rng(seed);
  const lattice = latticeAround(DEMO_CITY.centre);
  const coastline = generateCoastline(root.fork('coast'));
  const names = new NameBook(root.fork('names'));
  const layout = layOutCity({
    lattice,
    coast: coastline,
    scale,
    rng: root.fork('layout'),
    names,
    anchored: ANCHORED_BODIES,
  });
  const centreGrid = gridAt(layout.grids, lattice, DEMO_CITY.centre);
  if (centreGrid === undefined) throw new Error('citygen: no unit grid holds the city centre');
  const departments = generateDepartments(layout.districts);
  const users = generateUsers({
    districts: layout.districts,
    departments,
    supervisionGrids: layout.supervisionGrids,
    grids: layout.grids,
    centreGridCode: centreGrid.code,
    rng: root.fork('users'),
    names,
  });
  const cells: Cell[] = layout.grids.map((g) => cellAt(lattice, g.centroid));
  const cellSet = new Set(cells.map((c) => cellKey(c.i, c.j)));
  const rivers = generateRivers(lattice, coastline);
  const channels = riverChannels(rivers);
  const closed = new Set<number>();
  for (const plan of FOOTPRINTED)
    for (const key of closedEdges(footprintCells(lattice, plan, cellSet))) closed.add(key);
  const network = generateRoadNetwork({
    lattice,
    coast: coastline,
    cells,
    channels,
    closed,
    rng: root.fork('roads'),
  });
  const blocks = generateBlocks({
    lattice,
    cells,
    network,
    channels,
    footprints: FOOTPRINTED,
    rng: root.fork('blocks'),
  });
  return {
    seed,
    scale,
    city: { ...DEMO_CITY, centre: [...DEMO_CITY.centre] },
    lattice,
    coastline,
    bounds: boundsOf(layout.grids),
    ...layout,
    roads: network.roads,
    places: generatePlaces(lattice, layout.grids),
    baseMap: {
      lanes: blocks.lanes,
      buildings: blocks.buildings,
      landUse: [...generateHills(), ...blocks.landUse],
      rivers,
      sea: seaRing(coastline),
    },
    departments,
    users,
  };
}

function gridAt(
  grids: readonly UnitGrid[],
  lattice: CityModel['lattice'],
  point: [number, number],
): UnitGrid | undefined {
  const target = cellAt(lattice, point);
  const key = cellKey(target.i, target.j);
  return grids.find((g) => {
    const cell = cellAt(lattice, g.centroid);
    return cellKey(cell.i, cell.j) === key;
  });
}

function boundsOf(grids: readonly UnitGrid[]): BBox {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const grid of grids) {
    for (const [lon, lat] of grid.ring) {
      w = Math.min(w, lon);
      s = Math.min(s, lat);
      e = Math.max(e, lon);
      n = Math.max(n, lat);
    }
  }
  return [w, s, e, n];
}
