import { cellAt, cellKey, latOfRow, lonOfColumn, round7, type Cell } from './lattice.js';
import type { PlacePlan } from './landmarks.js';
import type { EdgeUse, RoadNetwork } from './roads.js';
import { edgeKey } from './roads.js';
import type { Rng } from './rng.js';
import type { RiverChannel } from './water.js';
import type { Building, BuildingKind, Lane, LandUse, Lattice, LonLat } from './types.js';

const M_PER_DEG_LAT = 111_320;

/** Half the width of what runs along a block's side, in metres: the block keeps clear of it. */
const HALF_WIDTH: Record<Exclude<EdgeUse, 'river'>, number> = { A: 16, B: 12, C: 9, D: 6 };
/** Buildings stand this far back from the kerb. */
const SETBACK_M = 3;
/** The green strip along a river. */
const BANK_M = 10;

type BlockUse = 'residential' | 'oldtown' | 'commercial' | 'school' | 'park' | 'industrial' | 'plaza';

const USES: ReadonlyArray<readonly [BlockUse, number]> = [
  ['residential', 0.55],
  ['oldtown', 0.12],
  ['commercial', 0.12],
  ['park', 0.07],
  ['school', 0.05],
  ['plaza', 0.04],
  ['industrial', 0.05],
];

/** A block's buildable rectangle in metres east and north of its cell's south-west corner. */
interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Blocks {
  buildings: Building[];
  lanes: Lane[];
  landUse: LandUse[];
}

interface BlockInput {
  lattice: Lattice;
  cells: readonly Cell[];
  network: RoadNetwork;
  channels: readonly RiverChannel[];
  footprints: readonly PlacePlan[];
  rng: Rng;
}

/** The cells a landmark takes: those of its footprint that are unit grids. */
export function footprintCells(lattice: Lattice, plan: PlacePlan, cells: ReadonlySet<number>): Cell[] {
  const fp = plan.footprint;
  if (!fp) return [];
  const c = cellAt(lattice, plan.position);
  const i0 = c.i - Math.floor((fp.cols - 1) / 2);
  const j0 = c.j - Math.floor((fp.rows - 1) / 2);
  const out: Cell[] = [];
  for (let j = j0; j < j0 + fp.rows; j++)
    for (let i = i0; i < i0 + fp.cols; i++) if (cells.has(cellKey(i, j))) out.push({ i, j });
  return out;
}

/** Edges between two cells of the same landmark: its grounds run on, so no street is laid there. */
export function closedEdges(footprint: readonly Cell[]): Set<number> {
  const inside = new Set(footprint.map((c) => cellKey(c.i, c.j)));
  const closed = new Set<number>();
  for (const { i, j } of footprint) {
    if (inside.has(cellKey(i + 1, j))) closed.add(edgeKey('ns', i + 1, j));
    if (inside.has(cellKey(i, j + 1))) closed.add(edgeKey('ew', j + 1, i));
  }
  return closed;
}

/**
 * What stands in each block between the streets: housing estates in rows facing south with a lane
 * between them, old-town courtyards, shops and offices, schools with a pitch, small parks, squares
 * and works; the landmarks' grounds where they are.
 */
export function generateBlocks(input: BlockInput): Blocks {
  const { lattice, network } = input;
  const out: Blocks = { buildings: [], lanes: [], landUse: [] };
  const cellSet = new Set(input.cells.map((c) => cellKey(c.i, c.j)));
  const taken = new Map<number, PlacePlan>();
  for (const plan of input.footprints) {
    const cells = footprintCells(lattice, plan, cellSet);
    for (const c of cells) taken.set(cellKey(c.i, c.j), plan);
    if (cells.length > 0) landmarkGrounds(input, plan, cells, out);
  }
  const channelOf = new Map(input.channels.map((ch) => [ch.lon, ch]));

  for (const cell of input.cells) {
    const { i, j } = cell;
    const lon0 = lonOfColumn(lattice, i);
    const lat0 = latOfRow(lattice, j);
    const kx = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
    const w = (lonOfColumn(lattice, i + 1) - lon0) * kx;
    const h = (latOfRow(lattice, j + 1) - lat0) * M_PER_DEG_LAT;
    const toLonLat = (x: number, y: number): LonLat => [
      round7(lon0 + x / kx),
      round7(lat0 + y / M_PER_DEG_LAT),
    ];
    const ring = (r: Rect): LonLat[] => [
      toLonLat(r.x0, r.y0),
      toLonLat(r.x1, r.y0),
      toLonLat(r.x1, r.y1),
      toLonLat(r.x0, r.y1),
      toLonLat(r.x0, r.y0),
    ];
    const margin = (use: EdgeUse | undefined, lon: number | null): number => {
      if (use === undefined) return 0;
      if (use === 'river') {
        const ch = lon === null ? undefined : channelOf.get(lon);
        return (ch?.widthM ?? 30) / 2 + BANK_M + SETBACK_M;
      }
      return HALF_WIDTH[use] + SETBACK_M;
    };
    const west = network.edgeUse('ns', i, j);
    const east = network.edgeUse('ns', i + 1, j);
    const rect: Rect = {
      x0: margin(west, lon0),
      x1: w - margin(east, lonOfColumn(lattice, i + 1)),
      y0: margin(network.edgeUse('ew', j, i), null),
      y1: h - margin(network.edgeUse('ew', j + 1, i), null),
    };
    // River banks: a green strip between the water and the block.
    for (const [use, lon, x] of [
      [west, lon0, 0],
      [east, lonOfColumn(lattice, i + 1), w],
    ] as const) {
      if (use !== 'river') continue;
      const half = (channelOf.get(lon)?.widthM ?? 30) / 2;
      const [a, b] = x === 0 ? [half, half + BANK_M] : [w - half - BANK_M, w - half];
      out.landUse.push({ kind: 'bank', name: null, ring: ring({ x0: a, x1: b, y0: 0, y1: h }) });
    }
    const rng = input.rng.fork(`${i},${j}`);
    const landmark = taken.get(cellKey(i, j));
    const emit: Emit = {
      building: (kind, r) => out.buildings.push({ kind, ring: ring(r) }),
      lane: (pts) => out.lanes.push({ line: pts.map(([x, y]) => toLonLat(x, y)) }),
      land: (kind, r, name = null) => out.landUse.push({ kind, name, ring: ring(r) }),
    };
    if (landmark) landmarkBlock(landmark, rect, w, h, rng, emit);
    else BUILDERS[rng.weighted(USES)]({ r: rect, w, h, rng, emit });
  }
  return out;
}

interface Emit {
  building(kind: BuildingKind, r: Rect): void;
  lane(points: Array<[number, number]>): void;
  land(kind: LandUse['kind'], r: Rect, name?: string | null): void;
}

/** A block's buildable rectangle, its cell's size in metres, its random stream and where to put things. */
interface BlockContext {
  r: Rect;
  w: number;
  h: number;
  rng: Rng;
  emit: Emit;
}

type Builder = (block: BlockContext) => void;

const BUILDERS: Record<BlockUse, Builder> = {
  residential({ r, h, rng, emit }) {
    // A lane through the middle from street to street; rows of slabs either side facing south.
    const mid = (r.x0 + r.x1) / 2 + rng.range(-6, 6);
    emit.lane([
      [mid, 0],
      [mid, h],
    ]);
    const depth = rng.range(11, 14);
    const gap = rng.range(14, 20);
    const rows = Math.max(1, Math.floor((r.y1 - r.y0 + gap) / (depth + gap)));
    const spare = r.y1 - r.y0 - rows * depth - (rows - 1) * gap;
    for (let n = 0; n < rows; n++) {
      const y0 = r.y0 + spare / 2 + n * (depth + gap);
      for (const [a, b] of [
        [r.x0, mid - 5],
        [mid + 5, r.x1],
      ] as const) {
        if (b - a < 12 || rng.chance(0.08)) continue;
        // Long rows are two buildings with a passage between.
        if (b - a > 42) {
          const cut = a + (b - a) / 2;
          emit.building('residential', { x0: a, x1: cut - 3, y0, y1: y0 + depth });
          emit.building('residential', { x0: cut + 3, x1: b, y0, y1: y0 + depth });
        } else emit.building('residential', { x0: a, x1: b, y0, y1: y0 + depth });
      }
    }
  },
  oldtown({ r, w, rng, emit }) {
    // Courtyard houses on a 3 × 3 plan with a lane across.
    const midY = (r.y0 + r.y1) / 2;
    emit.lane([
      [0, midY],
      [w, midY],
    ]);
    const cw = (r.x1 - r.x0) / 3;
    for (const [ya, yb] of [
      [r.y0, midY - 3],
      [midY + 3, r.y1],
    ] as const) {
      for (let n = 0; n < 3; n++) {
        const xa = r.x0 + n * cw;
        if (rng.chance(0.1)) continue;
        const inset = rng.range(1.5, 3.5);
        emit.building('residential', { x0: xa + inset, x1: xa + cw - inset, y0: ya + inset, y1: yb - inset });
      }
    }
  },
  commercial({ r, rng, emit }) {
    const insetX = rng.range(4, 12);
    const insetY = rng.range(4, 12);
    if (rng.chance(0.5)) {
      emit.building('commercial', {
        x0: r.x0 + insetX,
        x1: r.x1 - insetX,
        y0: r.y0 + insetY,
        y1: r.y1 - insetY,
      });
    } else {
      const cut = r.x0 + (r.x1 - r.x0) * rng.range(0.45, 0.6);
      emit.building('commercial', { x0: r.x0 + insetX, x1: cut - 4, y0: r.y0 + insetY, y1: r.y1 - insetY });
      emit.building('commercial', {
        x0: cut + 4,
        x1: r.x1 - insetX,
        y0: r.y0 + insetY,
        y1: r.y1 - 2 * insetY,
      });
      emit.land('plaza', { x0: cut + 4, x1: r.x1 - insetX, y0: r.y1 - 2 * insetY + 3, y1: r.y1 - 2 });
    }
  },
  school({ r, rng, emit }) {
    emit.land('campus', r);
    const split = r.y0 + (r.y1 - r.y0) * 0.55;
    emit.land('pitch', { x0: r.x0 + 6, x1: r.x1 - 6, y0: r.y0 + 5, y1: split - 4 });
    emit.building('public', {
      x0: r.x0 + 5,
      x1: r.x1 - rng.range(5, 25),
      y0: split + 4,
      y1: Math.min(r.y1 - 4, split + 18),
    });
  },
  park({ r, rng, emit }) {
    emit.land('park', r);
    emit.lane([
      [r.x0, r.y0 + rng.range(10, 30)],
      [r.x1, r.y1 - rng.range(10, 30)],
    ]);
  },
  plaza({ r, rng, emit }) {
    emit.land('plaza', r);
    const bw = rng.range(20, 35);
    emit.building('public', { x0: r.x1 - bw - 4, x1: r.x1 - 4, y0: r.y1 - 24, y1: r.y1 - 4 });
  },
  industrial({ r, w, rng, emit }) {
    emit.lane([
      [0, (r.y0 + r.y1) / 2],
      [w, (r.y0 + r.y1) / 2],
    ]);
    const midY = (r.y0 + r.y1) / 2;
    emit.building('industrial', { x0: r.x0 + 4, x1: r.x1 - rng.range(4, 20), y0: midY + 5, y1: r.y1 - 4 });
    emit.building('industrial', { x0: r.x0 + rng.range(4, 20), x1: r.x1 - 4, y0: r.y0 + 4, y1: midY - 5 });
  },
};

/** The part of a landmark's grounds in one cell. */
function landmarkBlock(plan: PlacePlan, r: Rect, w: number, h: number, rng: Rng, emit: Emit): void {
  switch (plan.footprint?.use) {
    case 'park':
      emit.lane([
        [r.x0, (r.y0 + r.y1) / 2 + rng.range(-15, 15)],
        [r.x1, (r.y0 + r.y1) / 2 + rng.range(-15, 15)],
      ]);
      return;
    case 'plaza':
      return;
    case 'hall':
      emit.building('commercial', { x0: r.x0 + 8, x1: r.x1 - 8, y0: r.y0 + 10, y1: r.y1 - 10 });
      return;
    default: {
      // A campus: buildings around a court, now and then a pitch.
      if (rng.chance(0.3)) {
        emit.land('pitch', { x0: r.x0 + 8, x1: r.x1 - 8, y0: r.y0 + 10, y1: r.y1 - 10 });
        return;
      }
      emit.building('public', { x0: r.x0 + 6, x1: r.x1 - 6, y0: r.y1 - 22, y1: r.y1 - 6 });
      emit.building('public', { x0: r.x0 + 6, x1: r.x0 + 22, y0: r.y0 + 8, y1: r.y1 - 30 });
      emit.lane([
        [w / 2, 0],
        [w / 2, h],
      ]);
    }
  }
}

/** A landmark's grounds as one named area over all its cells, inside the streets around it. */
function landmarkGrounds(input: BlockInput, plan: PlacePlan, cells: readonly Cell[], out: Blocks): void {
  const { lattice } = input;
  const use = plan.footprint?.use;
  const kind: LandUse['kind'] = use === 'park' ? 'park' : use === 'plaza' ? 'plaza' : 'campus';
  const is = cells.map((c) => c.i);
  const js = cells.map((c) => c.j);
  const [i0, i1, j0, j1] = [Math.min(...is), Math.max(...is) + 1, Math.min(...js), Math.max(...js) + 1];
  const lat = latOfRow(lattice, j0);
  const kx = M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
  const inset = (HALF_WIDTH.D + SETBACK_M) / 2;
  const [w, e] = [lonOfColumn(lattice, i0) + inset / kx, lonOfColumn(lattice, i1) - inset / kx];
  const [s, n] = [lat + inset / M_PER_DEG_LAT, latOfRow(lattice, j1) - inset / M_PER_DEG_LAT];
  const ring: LonLat[] = [
    [round7(w), round7(s)],
    [round7(e), round7(s)],
    [round7(e), round7(n)],
    [round7(w), round7(n)],
    [round7(w), round7(s)],
  ];
  out.landUse.push({ kind, name: plan.name, ring });
}
