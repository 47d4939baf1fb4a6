import { rng } from './rng.js';

type LonLat = [number, number];

export interface PointSet {
  lon: Float64Array;
  lat: Float64Array;
  length: number;
}

/**
 * A fixed, deterministic set of points over the city: `insideShare` of them drawn inside a random
 * unit grid (bilinear inside its quadrilateral, away from the edges), the rest uniform over the
 * city's bounding box — at sea, or on land outside the gridded core, or by chance in a grid.
 * Point k is the same for every `count` ≥ k, so smaller samples are prefixes of larger ones.
 */
export function cityPoints(
  grids: readonly { ring: readonly LonLat[] }[],
  bounds: readonly [number, number, number, number],
  count: number,
  { seed = 20240601, insideShare = 0.9 }: { seed?: number; insideShare?: number } = {},
): PointSet {
  const r = rng(seed);
  const lon = new Float64Array(count);
  const lat = new Float64Array(count);
  const [w, s, e, n] = bounds;
  for (let k = 0; k < count; k++) {
    // Always draw three numbers, so the stream stays aligned whichever branch is taken.
    const pick = r();
    const u = r();
    const v = r();
    if (pick < insideShare) {
      const g = grids[Math.floor((pick / insideShare) * grids.length)]!;
      const [a, b, c, d] = g.ring as [LonLat, LonLat, LonLat, LonLat];
      const uu = 0.05 + 0.9 * u;
      const vv = 0.05 + 0.9 * v;
      lon[k] = (1 - vv) * ((1 - uu) * a[0] + uu * b[0]) + vv * ((1 - uu) * d[0] + uu * c[0]);
      lat[k] = (1 - vv) * ((1 - uu) * a[1] + uu * b[1]) + vv * ((1 - uu) * d[1] + uu * c[1]);
    } else {
      lon[k] = w + (e - w) * u;
      lat[k] = s + (n - s) * v;
    }
  }
  return { lon, lat, length: count };
}
