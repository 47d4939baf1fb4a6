import { coastLatAt } from './coast.js';
import { lonOfColumn, nearestColumn, round7 } from './lattice.js';
import type { Lattice, LineStringGeometry, LonLat, River } from './types.js';

interface RiverPlan {
  name: string;
  widthM: number;
  /** Where the river rises and bends, south to north, before it runs straight to the sea. */
  upstream: LonLat[];
  /** Through the town it runs in a channel along the lattice column nearest this longitude. */
  channelLon: number;
}

/**
 * The rivers of the demo city, loosely where the real ones reach the sea: 夹河 between Fushan and
 * Zhifu into 套子湾, 西南河 through Zhifu, 逛荡河 through Laishan, 沁水河 through Muping.
 */
const RIVERS: readonly RiverPlan[] = [
  {
    name: '夹河',
    widthM: 110,
    upstream: [
      [121.331, 37.38],
      [121.322, 37.42],
      [121.327, 37.455],
      [121.319, 37.49],
    ],
    channelLon: 121.3155,
  },
  {
    name: '西南河',
    widthM: 24,
    upstream: [
      [121.364, 37.468],
      [121.368, 37.488],
    ],
    channelLon: 121.372,
  },
  {
    name: '逛荡河',
    widthM: 34,
    upstream: [
      [121.472, 37.405],
      [121.466, 37.428],
    ],
    channelLon: 121.4625,
  },
  {
    name: '沁水河',
    widthM: 40,
    upstream: [
      [121.622, 37.335],
      [121.615, 37.358],
    ],
    channelLon: 121.611,
  },
];

const M_PER_DEG_LAT = 111_320;
const mPerDegLon = (lat: number): number => M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);

/** Where a river runs straight along a lattice column: no street there, banks on both sides. */
export interface RiverChannel {
  name: string;
  lon: number;
  fromLat: number;
  toLat: number;
  widthM: number;
}

export function generateRivers(lattice: Lattice, coast: LineStringGeometry): River[] {
  return RIVERS.map((plan) => {
    const lon = lonOfColumn(lattice, nearestColumn(lattice, plan.channelLon));
    const last = plan.upstream[plan.upstream.length - 1] as LonLat;
    // The channel starts a little north of the last bend and ends just past the shore, so the
    // water meets the sea.
    const start: LonLat = [lon, round7(last[1] + 0.004)];
    const mouth: LonLat = [lon, round7(coastLatAt(coast, lon) + 0.0008)];
    const centreline: LonLat[] = [...plan.upstream.map(([x, y]): LonLat => [x, y]), start, mouth];
    return {
      name: plan.name,
      centreline,
      widthM: plan.widthM,
      ring: bufferLine(centreline, plan.widthM / 2),
    };
  });
}

/** The straight, channelled reach of each river. */
export function riverChannels(rivers: readonly River[]): RiverChannel[] {
  return rivers.map((r) => {
    const n = r.centreline.length;
    const [lon, fromLat] = r.centreline[n - 2] as LonLat;
    const [, toLat] = r.centreline[n - 1] as LonLat;
    return { name: r.name, lon, fromLat, toLat, widthM: r.widthM };
  });
}

/**
 * A closed counter-clockwise ring `half` metres either side of a line (mitred joins, square
 * ends): enough for rivers drawn from a handful of points.
 */
export function bufferLine(line: readonly LonLat[], half: number): LonLat[] {
  const left: LonLat[] = [];
  const right: LonLat[] = [];
  for (let k = 0; k < line.length; k++) {
    const p = line[k] as LonLat;
    const prev = line[Math.max(0, k - 1)] as LonLat;
    const next = line[Math.min(line.length - 1, k + 1)] as LonLat;
    const kx = mPerDegLon(p[1]);
    let dx = (next[0] - prev[0]) * kx;
    let dy = (next[1] - prev[1]) * M_PER_DEG_LAT;
    const len = Math.hypot(dx, dy) || 1;
    dx /= len;
    dy /= len;
    // Left normal of the direction of travel.
    const nx = -dy;
    const ny = dx;
    left.push([round7(p[0] + (nx * half) / kx), round7(p[1] + (ny * half) / M_PER_DEG_LAT)]);
    right.push([round7(p[0] - (nx * half) / kx), round7(p[1] - (ny * half) / M_PER_DEG_LAT)]);
  }
  // Up the right bank, back down the left: the water stays on the left, counter-clockwise.
  const ring = [...right, ...left.reverse()];
  ring.push(ring[0] as LonLat);
  return ring;
}

/** The sea north of the coast as one counter-clockwise ring reaching well past the city. */
export function seaRing(coast: LineStringGeometry): LonLat[] {
  const pts = coast.coordinates;
  const first = pts[0] as LonLat;
  const last = pts[pts.length - 1] as LonLat;
  const top = Math.max(...pts.map((p) => p[1])) + 0.4;
  const ring: LonLat[] = [
    [round7(first[0] - 0.4), first[1]],
    ...pts.map(([x, y]): LonLat => [x, y]),
    [round7(last[0] + 0.4), last[1]],
    [round7(last[0] + 0.4), round7(top)],
    [round7(first[0] - 0.4), round7(top)],
  ];
  ring.push(ring[0] as LonLat);
  return ring;
}
