import { DEMO_DISTRICTS, gridCodeOf, supervisionGridCodeOf } from '@cityloop/domain';
import { boxOnLand } from './coast.js';
import {
  cellAreaM2,
  cellAt,
  cellBBox,
  cellCentroid,
  cellKey,
  cellRing,
  latOfRow,
  lonOfColumn,
  nearestColumn,
  nearestRow,
  type Cell,
} from './lattice.js';
import type { NameBook } from './names.js';
import { outlineCells } from './outline.js';
import { mergeStrays, splitIntoBlocks } from './partition.js';
import type { Rng } from './rng.js';
import type {
  BBox,
  CityDistrict,
  CityScale,
  Community,
  Lattice,
  LineStringGeometry,
  LonLat,
  Street,
  SupervisionGrid,
  UnitGrid,
} from './types.js';

/** Urban cores per scale, [west, south, east, north]; snapped to the lattice. Zhifu's holds the centre. */
const CORES: Record<CityScale, Readonly<Record<string, BBox>>> = {
  demo: {
    '370602': [121.356, 37.506, 121.452, 37.566],
    '370613': [121.432, 37.446, 121.505, 37.496],
    '370611': [121.236, 37.49, 121.288, 37.528],
    '370612': [121.578, 37.375, 121.622, 37.412],
  },
  small: {
    '370602': [121.3935, 37.5345, 121.4065, 37.559],
    '370613': [121.485, 37.486, 121.496, 37.499],
    '370611': [121.254, 37.505, 121.2655, 37.514],
    '370612': [121.594, 37.385, 121.6055, 37.394],
  },
};

/** Grids per supervision grid: ~50 unit grids for a pair of inspectors is the usual load. */
const GRIDS_PER_SUPERVISION_GRID = 50;

/** A named body that looks after the grids around a point (e.g. a pilot compound). */
export interface AnchoredBody {
  name: string;
  position: LonLat;
  /** Grids this many cells around the anchor, within the same community, take the body. */
  reach: number;
}

export interface Layout {
  districts: CityDistrict[];
  streets: Street[];
  communities: Community[];
  grids: UnitGrid[];
  supervisionGrids: SupervisionGrid[];
}

interface Context {
  lattice: Lattice;
  coast: LineStringGeometry;
  scale: CityScale;
  rng: Rng;
  names: NameBook;
  anchored: readonly AnchoredBody[];
}

const clamp = (x: number, min: number, max: number): number => Math.min(max, Math.max(min, x));

/** Districts → streets → communities → unit grids, plus the supervision grids over them. */
export function layOutCity(ctx: Context): Layout {
  const layout: Layout = { districts: [], streets: [], communities: [], grids: [], supervisionGrids: [] };
  const claimed = new Set<number>();
  for (const district of DEMO_DISTRICTS) {
    const plan = CORES[ctx.scale][district.code];
    if (plan === undefined) continue;
    const { core, cells } = coreCells(ctx, plan);
    for (const c of cells) {
      const key = cellKey(c.i, c.j);
      if (claimed.has(key)) throw new Error(`citygen: core of ${district.code} overlaps another district`);
      claimed.add(key);
    }
    layout.districts.push({
      code: district.code,
      name: district.name,
      nameEn: district.nameEn,
      core,
      geometry: outlineCells(ctx.lattice, cells),
    });
    layOutStreets(ctx, layout, district.code, cells);
  }
  return layout;
}

function coreCells(ctx: Context, [w, s, e, n]: BBox): { core: BBox; cells: Cell[] } {
  const { lattice, coast } = ctx;
  const i0 = nearestColumn(lattice, w);
  const i1 = nearestColumn(lattice, e) - 1;
  const j0 = nearestRow(lattice, s);
  const j1 = nearestRow(lattice, n) - 1;
  const cells: Cell[] = [];
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const [west, , east, north] = cellBBox(lattice, { i, j });
      if (boxOnLand(coast, west, east, north)) cells.push({ i, j });
    }
  }
  const core: BBox = [
    lonOfColumn(lattice, i0),
    latOfRow(lattice, j0),
    lonOfColumn(lattice, i1 + 1),
    latOfRow(lattice, j1 + 1),
  ];
  return { core, cells };
}

function streetCount(scale: CityScale, cells: number, rng: Rng): number {
  if (scale === 'small') return clamp(Math.round(cells / 80), 2, 4);
  return clamp(Math.round(cells / 450) + rng.int(-1, 1), 5, 12);
}

function communityCount(scale: CityScale, cells: number, rng: Rng): number {
  const wanted = scale === 'small' ? Math.round(cells / 25) : Math.round(cells / 90) + rng.int(-1, 1);
  // A community numbers its grids with 3 digits.
  return Math.min(cells, Math.max(clamp(wanted, 3, 10), Math.ceil(cells / 999)));
}

function layOutStreets(ctx: Context, layout: Layout, districtCode: string, cells: Cell[]): void {
  const blocks = mergeStrays(splitIntoBlocks(cells, streetCount(ctx.scale, cells.length, ctx.rng), ctx.rng));
  const names = ctx.names.streetNames(districtCode, blocks.length);
  blocks.forEach((block, n) => {
    const code = `${districtCode}${String(n + 1).padStart(3, '0')}`;
    const name = names[n] ?? `第${n + 1}街道`;
    const street: Street = {
      code,
      name,
      kind: 'subdistrict',
      districtCode,
      officeName: `${name}办事处`,
      geometry: outlineCells(ctx.lattice, block),
    };
    layout.streets.push(street);
    const supervisionOf = layOutSupervisionGrids(ctx, layout, street, block);
    layOutCommunities(ctx, layout, street, block, supervisionOf);
  });
}

function layOutSupervisionGrids(
  ctx: Context,
  layout: Layout,
  street: Street,
  cells: Cell[],
): Map<number, string> {
  const wanted = clamp(Math.round(cells.length / GRIDS_PER_SUPERVISION_GRID), 1, 99);
  const blocks = mergeStrays(splitIntoBlocks(cells, wanted, ctx.rng));
  const supervisionOf = new Map<number, string>();
  blocks.forEach((block, n) => {
    const code = supervisionGridCodeOf(street.code, n + 1);
    layout.supervisionGrids.push({
      code,
      name: `${street.name}第${n + 1}监督网格`,
      streetCode: street.code,
      districtCode: street.districtCode,
      unitGridCount: block.length,
      inspectors: [],
      geometry: outlineCells(ctx.lattice, block),
    });
    for (const c of block) supervisionOf.set(cellKey(c.i, c.j), code);
  });
  return supervisionOf;
}

function layOutCommunities(
  ctx: Context,
  layout: Layout,
  street: Street,
  cells: Cell[],
  supervisionOf: Map<number, string>,
): void {
  const blocks = mergeStrays(
    splitIntoBlocks(cells, communityCount(ctx.scale, cells.length, ctx.rng), ctx.rng),
  );
  blocks.forEach((block, n) => {
    const community: Community = {
      code: `${street.code}${String(n + 1).padStart(3, '0')}`,
      name: ctx.names.communityName(),
      streetCode: street.code,
      districtCode: street.districtCode,
      geometry: outlineCells(ctx.lattice, block),
    };
    layout.communities.push(community);
    const bodies = responsibleBodies(ctx, street, community, block);
    // Grids are numbered along rows from the north-west corner, the way a map is read.
    const ordered = [...block].sort((a, b) => b.j - a.j || a.i - b.i);
    ordered.forEach((cell, seq) => {
      const key = cellKey(cell.i, cell.j);
      const supervisionGridCode = supervisionOf.get(key);
      if (supervisionGridCode === undefined)
        throw new Error('citygen: a grid outside every supervision grid');
      layout.grids.push({
        code: gridCodeOf(community.code, seq + 1),
        communityCode: community.code,
        streetCode: street.code,
        districtCode: street.districtCode,
        ring: cellRing(ctx.lattice, cell),
        centroid: cellCentroid(ctx.lattice, cell),
        areaM2: cellAreaM2(ctx.lattice, cell),
        responsibleBody: bodies.get(key) ?? street.officeName,
        supervisionGridCode,
      });
    });
  });
}

/** Grids whose responsible body is not the street office: a few compounds per community. */
function responsibleBodies(
  ctx: Context,
  street: Street,
  community: Community,
  cells: Cell[],
): Map<number, string> {
  const inCommunity = new Set(cells.map((c) => cellKey(c.i, c.j)));
  const bodies = new Map<number, string>();
  const claim = (centre: Cell, halfW: number, halfH: number, name: string): void => {
    for (let dj = -halfH; dj <= halfH; dj++) {
      for (let di = -halfW; di <= halfW; di++) {
        const key = cellKey(centre.i + di, centre.j + dj);
        if (inCommunity.has(key)) bodies.set(key, name);
      }
    }
  };
  const compounds = cells.length < 20 ? 0 : ctx.rng.int(0, 2);
  for (let n = 0; n < compounds; n++) {
    const name = ctx.names.responsibleBody(street.districtCode, community.name);
    claim(ctx.rng.pick(cells), ctx.rng.int(0, 2), ctx.rng.int(0, 1), name);
  }
  for (const anchor of ctx.anchored) {
    const cell = cellAt(ctx.lattice, anchor.position);
    if (inCommunity.has(cellKey(cell.i, cell.j))) claim(cell, anchor.reach, anchor.reach, anchor.name);
  }
  return bodies;
}
