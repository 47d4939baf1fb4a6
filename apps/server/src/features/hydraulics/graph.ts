import Flatbush from 'flatbush';

/**
 * A pipe network as a graph: segments are edges, their ends snapped together within a tolerance
 * (the register's lines run beside the roads, so the pipes of crossing roads end a few metres
 * apart) are the nodes. Stored in flat arrays with a compressed adjacency, so a traversal over
 * 200,000 segments allocates nothing per step.
 */

export interface GraphSegment {
  id: string;
  line: ReadonlyArray<readonly [number, number]>;
  diameterMm: number;
  lengthM: number;
  material: string;
  gridCode: string | null;
  /** A joint added by the graph (pipes of crossing roads), not a register segment. */
  virtual?: boolean;
}

export interface PipeGraph {
  /** Node coordinates, lon/lat interleaved. */
  coords: Float64Array;
  nodeCount: number;
  /** Per edge (segment index): its two nodes. */
  from: Int32Array;
  to: Int32Array;
  segments: readonly GraphSegment[];
  /** Compressed adjacency: the edges at node n are adjEdges[adjStart[n] .. adjStart[n + 1]). */
  adjStart: Int32Array;
  adjEdges: Int32Array;
}

const M_PER_DEG = 111_320;

/**
 * Builds the graph, joining ends closer than `toleranceM` metres. A dead end within `joinM` of
 * another pipe's end is joined to it by a virtual segment: the register's pipes of two crossing
 * roads are connected at the crossing, and their pieces end near it.
 */
export function buildGraph(input: readonly GraphSegment[], toleranceM = 20, joinM = 0): PipeGraph {
  const segments = [...input];
  const lat0 = segments[0]?.line[0]?.[1] ?? 37.5;
  const kx = Math.cos((lat0 * Math.PI) / 180) * M_PER_DEG;
  const cell = toleranceM;
  const buckets = new Map<string, number[]>();
  const xs: number[] = [];
  const ys: number[] = [];
  const lonlat: number[] = [];
  const nodeAt = (lon: number, lat: number): number => {
    const x = lon * kx;
    const y = lat * M_PER_DEG;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    let best = -1;
    let bestD = toleranceM * toleranceM;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const b = buckets.get(`${cx + dx}:${cy + dy}`);
        if (!b) continue;
        for (const n of b) {
          const d = (xs[n]! - x) ** 2 + (ys[n]! - y) ** 2;
          if (d <= bestD) {
            bestD = d;
            best = n;
          }
        }
      }
    if (best >= 0) return best;
    const n = xs.length;
    xs.push(x);
    ys.push(y);
    lonlat.push(lon, lat);
    const key = `${cx}:${cy}`;
    const b = buckets.get(key);
    if (b) b.push(n);
    else buckets.set(key, [n]);
    return n;
  };
  const from = new Int32Array(segments.length);
  const to = new Int32Array(segments.length);
  segments.forEach((s, i) => {
    const a = s.line[0]!;
    const b = s.line[s.line.length - 1]!;
    from[i] = nodeAt(a[0], a[1]);
    to[i] = nodeAt(b[0], b[1]);
  });
  if (joinM > 0) {
    const deg = new Int32Array(xs.length);
    const edgeOf = new Int32Array(xs.length);
    for (let i = 0; i < segments.length; i++) {
      deg[from[i]!]!++;
      deg[to[i]!]!++;
      edgeOf[from[i]!] = i;
      edgeOf[to[i]!] = i;
    }
    const grid = new Map<string, number[]>();
    const key = (x: number, y: number) => `${Math.floor(x / joinM)}:${Math.floor(y / joinM)}`;
    for (let n = 0; n < xs.length; n++) {
      const k = key(xs[n]!, ys[n]!);
      const b = grid.get(k);
      if (b) b.push(n);
      else grid.set(k, [n]);
    }
    const extraFrom: number[] = [];
    const extraTo: number[] = [];
    const joined = new Set<string>();
    for (let n = 0; n < xs.length; n++) {
      if (deg[n] !== 1) continue;
      const own = edgeOf[n]!;
      const cx = Math.floor(xs[n]! / joinM);
      const cy = Math.floor(ys[n]! / joinM);
      let best = -1;
      let bestD = joinM * joinM;
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const m of grid.get(`${cx + dx}:${cy + dy}`) ?? []) {
            if (m === n || m === from[own] || m === to[own]) continue;
            const d = (xs[m]! - xs[n]!) ** 2 + (ys[m]! - ys[n]!) ** 2;
            if (d < bestD) {
              bestD = d;
              best = m;
            }
          }
      if (best < 0) continue;
      const pair = n < best ? `${n}:${best}` : `${best}:${n}`;
      if (joined.has(pair)) continue;
      joined.add(pair);
      const s = segments[own]!;
      segments.push({
        id: `~J${extraFrom.length + 1}`,
        line: [
          [lonlat[2 * n]!, lonlat[2 * n + 1]!],
          [lonlat[2 * best]!, lonlat[2 * best + 1]!],
        ],
        diameterMm: s.diameterMm,
        lengthM: Math.max(1, Math.round(Math.sqrt(bestD) * 10) / 10),
        material: s.material,
        gridCode: s.gridCode,
        virtual: true,
      });
      extraFrom.push(n);
      extraTo.push(best);
    }
    // Pipes of crossing roads: two straight pieces that cross are joined at their nearer ends.
    const index = new Flatbush(Math.max(1, segments.length));
    const ends = (i: number) => [from[i]!, to[i]!] as const;
    for (let i = 0; i < from.length; i++) {
      const [a, b] = ends(i);
      index.add(
        Math.min(xs[a]!, xs[b]!),
        Math.min(ys[a]!, ys[b]!),
        Math.max(xs[a]!, xs[b]!),
        Math.max(ys[a]!, ys[b]!),
      );
    }
    for (let i = from.length; i < segments.length; i++) index.add(0, 0, 0, 0);
    index.finish();
    for (let i = 0; i < from.length; i++) {
      const [a, b] = ends(i);
      const hits = index.search(
        Math.min(xs[a]!, xs[b]!),
        Math.min(ys[a]!, ys[b]!),
        Math.max(xs[a]!, xs[b]!),
        Math.max(ys[a]!, ys[b]!),
      );
      for (const j of hits) {
        if (j <= i || j >= from.length) continue;
        const [c, d] = ends(j);
        if (a === c || a === d || b === c || b === d) continue;
        const t = crossing(xs[a]!, ys[a]!, xs[b]!, ys[b]!, xs[c]!, ys[c]!, xs[d]!, ys[d]!);
        if (t === null) continue;
        const n = t[0] < 0.5 ? a : b;
        const m = t[1] < 0.5 ? c : d;
        const pair = n < m ? `${n}:${m}` : `${m}:${n}`;
        if (joined.has(pair)) continue;
        joined.add(pair);
        const s = segments[i]!.diameterMm <= segments[j]!.diameterMm ? segments[i]! : segments[j]!;
        segments.push({
          id: `~J${extraFrom.length + 1}`,
          line: [
            [lonlat[2 * n]!, lonlat[2 * n + 1]!],
            [lonlat[2 * m]!, lonlat[2 * m + 1]!],
          ],
          diameterMm: s.diameterMm,
          lengthM: Math.max(1, Math.round(Math.hypot(xs[m]! - xs[n]!, ys[m]! - ys[n]!) * 10) / 10),
          material: s.material,
          gridCode: s.gridCode,
          virtual: true,
        });
        extraFrom.push(n);
        extraTo.push(m);
      }
    }
    if (extraFrom.length > 0) {
      const f = new Int32Array(segments.length);
      const t = new Int32Array(segments.length);
      f.set(from);
      t.set(to);
      f.set(extraFrom, from.length);
      t.set(extraTo, to.length);
      return finish(segments, f, t, xs.length, lonlat);
    }
  }
  return finish(segments, from, to, xs.length, lonlat);
}

/** Where segment ab crosses cd: the fractions along each, or null when they do not cross. */
function crossing(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): [number, number] | null {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < 1e-9) return null;
  const t = ((cx - ax) * sy - (cy - ay) * sx) / den;
  const u = ((cx - ax) * ry - (cy - ay) * rx) / den;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [t, u] : null;
}

function finish(
  segments: readonly GraphSegment[],
  from: Int32Array,
  to: Int32Array,
  nodeCount: number,
  lonlat: number[],
): PipeGraph {
  const degree = new Int32Array(nodeCount + 1);
  for (let i = 0; i < segments.length; i++) {
    degree[from[i]!]!++;
    if (to[i] !== from[i]) degree[to[i]!]!++;
  }
  const adjStart = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) adjStart[n + 1] = adjStart[n]! + degree[n]!;
  const fill = adjStart.slice(0, nodeCount);
  const adjEdges = new Int32Array(adjStart[nodeCount]!);
  for (let i = 0; i < segments.length; i++) {
    adjEdges[fill[from[i]!]!++] = i;
    if (to[i] !== from[i]) adjEdges[fill[to[i]!]!++] = i;
  }
  return { coords: Float64Array.from(lonlat), nodeCount, from, to, segments, adjStart, adjEdges };
}

export const degreeOf = (g: PipeGraph, n: number) => g.adjStart[n + 1]! - g.adjStart[n]!;
export const otherEnd = (g: PipeGraph, edge: number, n: number) =>
  g.from[edge] === n ? g.to[edge]! : g.from[edge]!;

/** The node nearest a point (metres, equirectangular), or -1 for an empty graph. */
export function nearestNode(g: PipeGraph, lon: number, lat: number): { node: number; distanceM: number } {
  const kx = Math.cos((lat * Math.PI) / 180);
  let best = -1;
  let bestD = Infinity;
  for (let n = 0; n < g.nodeCount; n++) {
    const d = ((g.coords[2 * n]! - lon) * kx) ** 2 + (g.coords[2 * n + 1]! - lat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return { node: best, distanceM: Math.sqrt(bestD) * M_PER_DEG };
}

/**
 * Nodes reached from the sources without using the edges marked closed (a breadth-first search
 * over the adjacency). `seen` is returned as 1 per reached node, and the edges reached likewise.
 */
export function reach(
  g: PipeGraph,
  sources: readonly number[],
  closed?: Uint8Array,
): { nodes: Uint8Array; edges: Uint8Array } {
  const nodes = new Uint8Array(g.nodeCount);
  const edges = new Uint8Array(g.segments.length);
  const queue = new Int32Array(g.nodeCount);
  let head = 0;
  let tail = 0;
  for (const s of sources) {
    if (s < 0 || nodes[s]) continue;
    nodes[s] = 1;
    queue[tail++] = s;
  }
  while (head < tail) {
    const n = queue[head++]!;
    for (let k = g.adjStart[n]!; k < g.adjStart[n + 1]!; k++) {
      const e = g.adjEdges[k]!;
      if (closed && closed[e]) continue;
      edges[e] = 1;
      const m = g.from[e] === n ? g.to[e]! : g.from[e]!;
      if (!nodes[m]) {
        nodes[m] = 1;
        queue[tail++] = m;
      }
    }
  }
  return { nodes, edges };
}

export interface Isolation {
  /** Segments inside the valves closed (the work zone), the chosen one first. */
  zone: number[];
  /** The valves to close: a node where three or more pipes meet (or a source), and the pipe into the zone. */
  valves: Array<{ node: number; edge: number }>;
}

/**
 * The valves to close for work on one segment. The register holds no valve positions yet, so the
 * usual layout is assumed: a valve on every branch where three or more pipes meet, and at every
 * source; a run of pipes between two such junctions is shut as one.
 */
export function isolate(g: PipeGraph, edge: number, valveNodes: Uint8Array): Isolation {
  const inZone = new Uint8Array(g.segments.length);
  const zone = [edge];
  inZone[edge] = 1;
  const valves: Isolation['valves'] = [];
  for (let i = 0; i < zone.length; i++) {
    const e = zone[i]!;
    for (const n of [g.from[e]!, g.to[e]!]) {
      if (valveNodes[n]) {
        valves.push({ node: n, edge: e });
        continue;
      }
      for (let k = g.adjStart[n]!; k < g.adjStart[n + 1]!; k++) {
        const f = g.adjEdges[k]!;
        if (!inZone[f]) {
          inZone[f] = 1;
          zone.push(f);
        }
      }
    }
  }
  return { zone, valves };
}
