import { coastLatAt, coastMinLat } from './coast.js';
import { cellKey, latOfRow, lonOfColumn, nearestColumn, nearestRow, type Cell } from './lattice.js';
import { RoadNames, roadStem } from './roadNames.js';
import type { Rng } from './rng.js';
import type { RiverChannel } from './water.js';
import type { Lattice, LineStringGeometry, LonLat, Road } from './types.js';

interface RoadPlan {
  name: string;
  class: Road['class'];
  /** Start and end; the road is laid along the lattice line nearest to them. */
  from: LonLat;
  to: LonLat;
}

/** Arterials through the cores; positions are loosely those of the real roads of the same name. */
const ROADS: readonly RoadPlan[] = [
  { name: '北马路', class: 'A', from: [121.362, 37.5485], to: [121.445, 37.5455] },
  { name: '南大街', class: 'A', from: [121.358, 37.5355], to: [121.45, 37.5345] },
  { name: '胜利路', class: 'B', from: [121.3935, 37.508], to: [121.3945, 37.552] },
  { name: '青年南路', class: 'B', from: [121.4105, 37.507], to: [121.411, 37.55] },
  { name: '环山路', class: 'C', from: [121.37, 37.512], to: [121.44, 37.515] },
  { name: '港城西大街', class: 'A', from: [121.24, 37.522], to: [121.36, 37.524] },
  { name: '观海路', class: 'B', from: [121.445, 37.438], to: [121.447, 37.5] },
  { name: '迎春大街', class: 'A', from: [121.424, 37.471], to: [121.51, 37.469] },
  { name: '港城东大街', class: 'A', from: [121.424, 37.458], to: [121.51, 37.456] },
  { name: '银海路', class: 'C', from: [121.4705, 37.44], to: [121.4715, 37.496] },
  { name: '福海路', class: 'B', from: [121.262, 37.491], to: [121.2625, 37.527] },
  { name: '永达街', class: 'B', from: [121.237, 37.505], to: [121.287, 37.506] },
  { name: '宁海大街', class: 'A', from: [121.573, 37.389], to: [121.627, 37.3895] },
  { name: '文化街', class: 'C', from: [121.6, 37.373], to: [121.6005, 37.412] },
];

/** Roads keep this far (degrees of latitude, ~20 m) inland of the shore. */
const SHORE_MARGIN = 0.0002;

type Axis = 'ns' | 'ew';

/**
 * What runs along a lattice edge. An `ns` edge (k, m) lies on column line k between rows m and
 * m + 1; an `ew` edge (k, m) on row line k between columns m and m + 1.
 */
export type EdgeUse = Road['class'] | 'river';

export interface RoadNetwork {
  roads: Road[];
  /** The road or river along an edge; undefined where a block runs on (inside a campus, say). */
  edgeUse(axis: Axis, k: number, m: number): EdgeUse | undefined;
}

const edgeKey = (axis: Axis, k: number, m: number): number => cellKey(k, m) * 2 + (axis === 'ns' ? 0 : 1);

interface Run {
  axis: Axis;
  k: number;
  m0: number;
  /** Last edge, included. */
  m1: number;
  class: Road['class'];
  name?: string;
  stem?: string;
}

interface NetworkInput {
  lattice: Lattice;
  coast: LineStringGeometry;
  /** The unit grids' cells: every side of each is a street, river or (inside a landmark) nothing. */
  cells: readonly Cell[];
  channels: readonly RiverChannel[];
  /** Edges inside landmarks that span several cells (a campus, a park): no street there. */
  closed: ReadonlySet<number>;
  rng: Rng;
}

export { edgeKey };

/**
 * The street network: the planned arterials laid on the lattice, and a named street along every
 * other lattice line of the gridded cores (classed B/C/D by how far apart such lines are), so each
 * side of each unit grid is a street a person can name.
 */
export function generateRoadNetwork(input: NetworkInput): RoadNetwork {
  const { lattice } = input;
  const uses = new Map<number, EdgeUse>();
  const candidates = new Set<number>();
  for (const { i, j } of input.cells) {
    for (const [axis, k, m] of [
      ['ns', i, j],
      ['ns', i + 1, j],
      ['ew', j, i],
      ['ew', j + 1, i],
    ] as const)
      candidates.add(edgeKey(axis, k, m));
  }
  for (const ch of input.channels) {
    const k = nearestColumn(lattice, ch.lon);
    for (let m = nearestRow(lattice, ch.fromLat); m < nearestRow(lattice, ch.toLat); m++) {
      const key = edgeKey('ns', k, m);
      candidates.delete(key);
      uses.set(key, 'river');
    }
  }

  const planned = ROADS.map((plan) => layPlanned(plan, input, candidates, uses));
  for (const key of input.closed) candidates.delete(key);
  for (const run of planned) {
    for (let m = run.m0; m <= run.m1; m++) {
      const key = edgeKey(run.axis, run.k, m);
      candidates.delete(key);
      uses.set(key, run.class);
    }
  }

  const runs = collectRuns(candidates);
  const names = new RoadNames(
    input.rng.fork('names'),
    ROADS.map((r) => r.name),
  );
  for (const run of planned) run.stem = roadStem(run.name ?? '');
  nameRuns(runs, planned, names);
  for (const run of runs)
    for (let m = run.m0; m <= run.m1; m++) uses.set(edgeKey(run.axis, run.k, m), run.class);

  const roads = [...planned, ...runs].map((run): Road => ({
    name: run.name ?? '',
    class: run.class,
    line: runLine(lattice, run),
  }));
  return { roads, edgeUse: (axis, k, m) => uses.get(edgeKey(axis, k, m)) };
}

/** A planned arterial on its lattice line, cut back from the sea, joined to the streets it meets. */
function layPlanned(
  plan: RoadPlan,
  input: NetworkInput,
  candidates: ReadonlySet<number>,
  uses: ReadonlyMap<number, EdgeUse>,
): Run {
  const { lattice, coast } = input;
  const cos = Math.cos((((plan.from[1] + plan.to[1]) / 2) * Math.PI) / 180);
  const axis: Axis =
    Math.abs(plan.to[0] - plan.from[0]) * cos >= Math.abs(plan.to[1] - plan.from[1]) ? 'ew' : 'ns';
  const along = axis === 'ew' ? 0 : 1;
  const k =
    axis === 'ew'
      ? nearestRow(lattice, (plan.from[1] + plan.to[1]) / 2)
      : nearestColumn(lattice, (plan.from[0] + plan.to[0]) / 2);
  const at = (v: number) => (axis === 'ew' ? nearestColumn(lattice, v) : nearestRow(lattice, v));
  const lo = at(Math.min(plan.from[along] as number, plan.to[along] as number));
  const hi = at(Math.max(plan.from[along] as number, plan.to[along] as number)) - 1;
  const onLand = (m: number): boolean => {
    if (uses.get(edgeKey(axis, k, m)) === 'river')
      throw new Error(`citygen: ${plan.name} runs along a river`);
    if (axis === 'ew') {
      const lat = latOfRow(lattice, k);
      return lat < coastMinLat(coast, lonOfColumn(lattice, m), lonOfColumn(lattice, m + 1)) - SHORE_MARGIN;
    }
    return latOfRow(lattice, m + 1) < coastLatAt(coast, lonOfColumn(lattice, k)) - SHORE_MARGIN;
  };
  // The longest stretch on land.
  let best: [number, number] | null = null;
  for (let m = lo; m <= hi; m++) {
    if (!onLand(m)) continue;
    let end = m;
    while (end + 1 <= hi && onLand(end + 1)) end++;
    if (!best || end - m > best[1] - best[0]) best = [m, end];
    m = end;
  }
  if (!best) throw new Error(`citygen: ${plan.name} lies at sea`);
  let [m0, m1] = best;
  // Streets that continue the arterial's line take its name.
  while (candidates.has(edgeKey(axis, k, m0 - 1))) m0--;
  while (candidates.has(edgeKey(axis, k, m1 + 1))) m1++;
  return { axis, k, m0, m1, class: plan.class, name: plan.name };
}

function collectRuns(edges: ReadonlySet<number>): Run[] {
  const byLine = new Map<string, { axis: Axis; k: number; ms: number[] }>();
  for (const key of edges) {
    const axis: Axis = key % 2 === 0 ? 'ns' : 'ew';
    const cell = Math.floor(key / 2);
    const k = Math.floor(cell / 65536) - 32768;
    const m = (cell % 65536) - 32768;
    const id = `${axis}:${k}`;
    const line = byLine.get(id) ?? { axis, k, ms: [] };
    line.ms.push(m);
    byLine.set(id, line);
  }
  const runs: Run[] = [];
  for (const { axis, k, ms } of byLine.values()) {
    ms.sort((a, b) => a - b);
    let start = ms[0] as number;
    for (let n = 1; n <= ms.length; n++) {
      const m = ms[n];
      const prev = ms[n - 1] as number;
      if (m === prev + 1) continue;
      runs.push({ axis, k, m0: start, m1: prev, class: classOfLine(k) });
      if (m !== undefined) start = m;
    }
  }
  // A fixed order, so the same city always gets the same names.
  return runs.sort((a, b) => (a.axis === b.axis ? a.k - b.k || a.m0 - b.m0 : a.axis === 'ns' ? -1 : 1));
}

/** Every 8th line (~800 m) a secondary road, every 4th a branch road, a street between. */
function classOfLine(k: number): Road['class'] {
  if (k % 8 === 0) return 'B';
  if (k % 4 === 0) return 'C';
  return 'D';
}

/** Northward lines are 路, eastward ones 街 (a secondary one 大街), as in Yantai. */
function ending(run: Run): string {
  if (run.axis === 'ns') return '路';
  return run.class === 'B' ? '大街' : '街';
}

/**
 * Secondary and branch roads take fresh names; a street takes the name of the nearest road below
 * or west of it with its number (胜利路, 胜利一路, 胜利二路 …), the way blocks are counted in Chinese
 * towns; where there is none it takes a fresh name too.
 */
function nameRuns(runs: Run[], planned: readonly Run[], names: RoadNames): void {
  const fresh = (run: Run) => {
    for (;;) {
      const stem = names.freshStem();
      const name = names.take(stem, ending(run));
      if (name) {
        run.stem = stem;
        run.name = name;
        return;
      }
    }
  };
  for (const run of runs) if (run.class !== 'D') fresh(run);
  const named = [...planned, ...runs.filter((r) => r.class !== 'D')].filter(
    (r) => r.stem !== undefined && r.stem.length >= 2,
  );
  for (const run of runs) {
    if (run.class !== 'D') continue;
    let name: string | null = null;
    for (let back = 1; back <= 7 && name === null; back++) {
      const ref = named.find(
        (r) => r.axis === run.axis && r.k === run.k - back && r.m0 <= run.m1 && r.m1 >= run.m0,
      );
      if (ref?.stem) name = names.ordinal(ref.stem, back, ending(run));
    }
    if (name) run.name = name;
    else fresh(run);
  }
}

function runLine(lattice: Lattice, run: Run): LonLat[] {
  if (run.axis === 'ns') {
    const lon = lonOfColumn(lattice, run.k);
    return [
      [lon, latOfRow(lattice, run.m0)],
      [lon, latOfRow(lattice, run.m1 + 1)],
    ];
  }
  const lat = latOfRow(lattice, run.k);
  return [
    [lonOfColumn(lattice, run.m0), lat],
    [lonOfColumn(lattice, run.m1 + 1), lat],
  ];
}
