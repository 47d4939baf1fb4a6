import type { Rng } from './rng.js';
import type { LineStringGeometry, LonLat } from './types.js';
import { round7 } from './lattice.js';

/**
 * The shore of the demo city, west to east: 套子湾 north of Fushan, the old port north of Zhifu,
 * then the coast turns south-east past Laishan towards Muping. The sea is north of the line.
 */
const SHORE: readonly LonLat[] = [
  [121.1, 37.6],
  [121.18, 37.592],
  [121.24, 37.578],
  [121.28, 37.571],
  [121.31, 37.567],
  [121.34, 37.562],
  [121.37, 37.5585],
  [121.4, 37.557],
  [121.425, 37.5545],
  [121.44, 37.549],
  [121.452, 37.536],
  [121.462, 37.516],
  [121.475, 37.503],
  [121.49, 37.495],
  [121.51, 37.488],
  [121.54, 37.476],
  [121.57, 37.462],
  [121.6, 37.434],
  [121.625, 37.421],
  [121.66, 37.42],
  [121.72, 37.414],
  [121.8, 37.41],
];

/** Spacing of the wiggles along the shore, degrees of longitude. */
const STEP = 0.0035;

/**
 * A wiggly shore through SHORE. Longitudes strictly increase, so "south of the coast" means
 * "below the line at the same longitude".
 */
export function generateCoastline(rng: Rng): LineStringGeometry {
  const coordinates: LonLat[] = [];
  for (let k = 0; k + 1 < SHORE.length; k++) {
    const [lon0, lat0] = SHORE[k] as LonLat;
    const [lon1, lat1] = SHORE[k + 1] as LonLat;
    const steps = Math.max(1, Math.round((lon1 - lon0) / STEP));
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      const lon = lon0 + (lon1 - lon0) * t;
      const wiggle = k === 0 && s === 0 ? 0 : rng.range(-0.0016, 0.0016);
      coordinates.push([round7(lon), round7(lat0 + (lat1 - lat0) * t + wiggle)]);
    }
  }
  const last = SHORE[SHORE.length - 1] as LonLat;
  coordinates.push([round7(last[0]), round7(last[1])]);
  return { type: 'LineString', coordinates };
}

/** Latitude of the shore at `lon` (clamped to the line's ends). */
export function coastLatAt(coast: LineStringGeometry, lon: number): number {
  const pts = coast.coordinates;
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first === undefined || last === undefined) throw new Error('empty coastline');
  if (lon <= first[0]) return first[1];
  if (lon >= last[0]) return last[1];
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((pts[mid] as LonLat)[0] <= lon) lo = mid;
    else hi = mid;
  }
  const [x0, y0] = pts[lo] as LonLat;
  const [x1, y1] = pts[hi] as LonLat;
  return y0 + ((y1 - y0) * (lon - x0)) / (x1 - x0);
}

/** Lowest latitude of the shore over [west, east]: a straight line's minimum is at an end or a vertex. */
export function coastMinLat(coast: LineStringGeometry, west: number, east: number): number {
  let min = Math.min(coastLatAt(coast, west), coastLatAt(coast, east));
  for (const [lon, lat] of coast.coordinates) {
    if (lon > west && lon < east && lat < min) min = lat;
  }
  return min;
}

/** Whether the whole box [west, south, east, north] lies on land. */
export function boxOnLand(coast: LineStringGeometry, west: number, east: number, north: number): boolean {
  return north < coastMinLat(coast, west, east);
}
