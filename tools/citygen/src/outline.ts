import { cellKey, vertexLonLat, type Cell } from './lattice.js';
import type { Lattice, LonLat, MultiPolygonGeometry } from './types.js';

type Vertex = [number, number];

/** Directions in counter-clockwise order, so "turn left" is the next index. */
const DIRS: readonly Vertex[] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
];

interface Edge {
  from: Vertex;
  dir: number;
}

function vertexKey([i, j]: Vertex): number {
  return cellKey(i, j);
}

/**
 * The outline of a set of lattice cells as a GeoJSON MultiPolygon (one polygon per connected piece,
 * holes included), with straight runs merged. Cells touching only at a corner become separate
 * polygons, which keeps every ring simple.
 */
export function outlineCells(lattice: Lattice, cells: readonly Cell[]): MultiPolygonGeometry {
  const rings = traceRings(cells);
  const outers = rings.filter((r) => signedArea(r) > 0);
  const holes = rings.filter((r) => signedArea(r) < 0);
  const polygons: Vertex[][][] = outers.map((r) => [r]);
  for (const hole of holes) {
    const probe = insideProbe(hole);
    let owner: Vertex[][] | undefined;
    let ownerArea = Infinity;
    for (const polygon of polygons) {
      const outer = polygon[0] as Vertex[];
      const area = signedArea(outer);
      if (area < ownerArea && containsPoint(outer, probe)) {
        owner = polygon;
        ownerArea = area;
      }
    }
    owner?.push(hole);
  }
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((polygon) =>
      polygon.map((ring) => ring.map(([i, j]): LonLat => vertexLonLat(lattice, i, j))),
    ),
  };
}

/** Closed rings of lattice vertices with the cells on their left (outer rings CCW, holes CW). */
function traceRings(cells: readonly Cell[]): Vertex[][] {
  const inSet = new Set(cells.map((c) => cellKey(c.i, c.j)));
  const has = (i: number, j: number): boolean => inSet.has(cellKey(i, j));
  const outgoing = new Map<number, Edge[]>();
  const add = (from: Vertex, dir: number): void => {
    const key = vertexKey(from);
    const list = outgoing.get(key);
    if (list === undefined) outgoing.set(key, [{ from, dir }]);
    else list.push({ from, dir });
  };
  for (const { i, j } of cells) {
    if (!has(i, j - 1)) add([i, j], 0);
    if (!has(i + 1, j)) add([i + 1, j], 1);
    if (!has(i, j + 1)) add([i + 1, j + 1], 2);
    if (!has(i - 1, j)) add([i, j + 1], 3);
  }
  const rings: Vertex[][] = [];
  const starts = [...outgoing.keys()].sort((a, b) => a - b);
  for (const startKey of starts) {
    for (;;) {
      const first = outgoing.get(startKey)?.[0];
      if (first === undefined) break;
      rings.push(walk(first, outgoing));
    }
  }
  return rings;
}

function takeEdge(outgoing: Map<number, Edge[]>, at: Vertex, dir: number): boolean {
  const list = outgoing.get(vertexKey(at));
  const n = list?.findIndex((e) => e.dir === dir) ?? -1;
  if (list === undefined || n < 0) return false;
  list.splice(n, 1);
  if (list.length === 0) outgoing.delete(vertexKey(at));
  return true;
}

function walk(first: Edge, outgoing: Map<number, Edge[]>): Vertex[] {
  const ring: Vertex[] = [first.from];
  takeEdge(outgoing, first.from, first.dir);
  let dir = first.dir;
  let at = step(first.from, dir);
  while (at[0] !== first.from[0] || at[1] !== first.from[1]) {
    // Left first: at a corner shared by two diagonal cells this keeps each cell's ring to itself.
    const next = [1, 0, 3].map((turn) => (dir + turn) % 4).find((d) => takeEdge(outgoing, at, d));
    if (next === undefined) throw new Error(`outline: open ring at ${at.join(',')}`);
    if (next !== dir) ring.push(at);
    dir = next;
    at = step(at, dir);
  }
  if (dir === first.dir && ring.length > 1) ring.shift();
  ring.push(ring[0] as Vertex);
  return ring;
}

function step([i, j]: Vertex, dir: number): Vertex {
  const [di, dj] = DIRS[dir] as Vertex;
  return [i + di, j + dj];
}

function signedArea(ring: readonly Vertex[]): number {
  let sum = 0;
  for (let n = 0; n + 1 < ring.length; n++) {
    const [x0, y0] = ring[n] as Vertex;
    const [x1, y1] = ring[n + 1] as Vertex;
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Centre of the cell on the left of a hole's first edge: inside the polygon that surrounds the hole. */
function insideProbe(hole: readonly Vertex[]): Vertex {
  const [x0, y0] = hole[0] as Vertex;
  const [x1, y1] = hole[1] as Vertex;
  const dx = Math.sign(x1 - x0);
  const dy = Math.sign(y1 - y0);
  return [x0 + dx * 0.5 - dy * 0.5, y0 + dy * 0.5 + dx * 0.5];
}

function containsPoint(ring: readonly Vertex[], [px, py]: Vertex): boolean {
  let inside = false;
  for (let n = 0, m = ring.length - 1; n < ring.length; m = n++) {
    const [xi, yi] = ring[n] as Vertex;
    const [xj, yj] = ring[m] as Vertex;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
