import type { BBox, Lattice, LonLat } from './types.js';

/** A lattice cell by its column (i, west→east) and row (j, south→north). */
export interface Cell {
  i: number;
  j: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const DEG = Math.PI / 180;
/** ~100 m north–south. */
export const CELL_DLAT = 0.0009;
/** ~100 m east–west at the city's latitude, so cells are close to square. */
export const CELL_DLON = Number((CELL_DLAT / Math.cos(37.5 * DEG)).toFixed(7));

/** Cell (0, 0) is centred on `centre`, so the centre never falls on a grid boundary. */
export function latticeAround(centre: LonLat): Lattice {
  const [lon, lat] = centre;
  return {
    originLon: round7(lon - CELL_DLON / 2),
    originLat: round7(lat - CELL_DLAT / 2),
    dLon: CELL_DLON,
    dLat: CELL_DLAT,
  };
}

/** ~1 cm; rounding every vertex the same way keeps shared edges of neighbouring cells identical. */
export function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}

export function lonOfColumn(lattice: Lattice, i: number): number {
  return round7(lattice.originLon + i * lattice.dLon);
}

export function latOfRow(lattice: Lattice, j: number): number {
  return round7(lattice.originLat + j * lattice.dLat);
}

/** Lattice vertex (i, j) in lon/lat. */
export function vertexLonLat(lattice: Lattice, i: number, j: number): LonLat {
  return [lonOfColumn(lattice, i), latOfRow(lattice, j)];
}

export function cellBBox(lattice: Lattice, cell: Cell): BBox {
  return [
    lonOfColumn(lattice, cell.i),
    latOfRow(lattice, cell.j),
    lonOfColumn(lattice, cell.i + 1),
    latOfRow(lattice, cell.j + 1),
  ];
}

/** Closed counter-clockwise ring: SW, SE, NE, NW, SW. */
export function cellRing(lattice: Lattice, cell: Cell): LonLat[] {
  const [w, s, e, n] = cellBBox(lattice, cell);
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

export function cellCentroid(lattice: Lattice, cell: Cell): LonLat {
  const [w, s, e, n] = cellBBox(lattice, cell);
  return [round7((w + e) / 2), round7((s + n) / 2)];
}

/** Area on a sphere; at 100 m the cell is flat enough that a rectangle at its mid-latitude is exact to <0.01 %. */
export function cellAreaM2(lattice: Lattice, cell: Cell): number {
  const [w, s, e, n] = cellBBox(lattice, cell);
  const height = (n - s) * DEG * EARTH_RADIUS_M;
  const width = (e - w) * DEG * EARTH_RADIUS_M * Math.cos(((s + n) / 2) * DEG);
  return Math.round(width * height * 10) / 10;
}

/** The cell holding a point (points on a boundary belong to the cell east/north of it). */
export function cellAt(lattice: Lattice, [lon, lat]: LonLat): Cell {
  let i = Math.floor((lon - lattice.originLon) / lattice.dLon);
  let j = Math.floor((lat - lattice.originLat) / lattice.dLat);
  // Rounded vertices can sit a hair off the float quotient; settle on the rounded edges.
  if (lon < lonOfColumn(lattice, i)) i -= 1;
  else if (lon >= lonOfColumn(lattice, i + 1)) i += 1;
  if (lat < latOfRow(lattice, j)) j -= 1;
  else if (lat >= latOfRow(lattice, j + 1)) j += 1;
  return { i, j };
}

/** Column index of the lattice line nearest to `lon`. */
export function nearestColumn(lattice: Lattice, lon: number): number {
  return Math.round((lon - lattice.originLon) / lattice.dLon);
}

export function nearestRow(lattice: Lattice, lat: number): number {
  return Math.round((lat - lattice.originLat) / lattice.dLat);
}

/** A dense numeric key; cities span far fewer than 2^15 cells each way. */
export function cellKey(i: number, j: number): number {
  return (i + 32768) * 65536 + (j + 32768);
}

export function cellOfKey(key: number): Cell {
  return { i: Math.floor(key / 65536) - 32768, j: (key % 65536) - 32768 };
}
