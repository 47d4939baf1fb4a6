import type { Material, Network, NetworkKind, PressureClass } from '@cityloop/domain/infrastructure/networks';

/** A road of the base map's `roads` layer: A arterial … D street. */
export interface RoadLine {
  class: string;
  line: Array<[number, number]>;
}

export interface DemoSegment {
  id: string;
  network: Network;
  kind: NetworkKind;
  material: Material;
  diameterMm: number;
  installYear: number;
  pressureClass: PressureClass | null;
  depthM: number;
  owner: string;
  failures: number;
  districtCode: string | null;
  gridCode: string | null;
  lengthM: number;
  line: Array<[number, number]>;
}

/** A seeded PRNG (mulberry32), so the same city gets the same networks on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, weighted: Array<[T, number]>): T => {
  let x = r() * weighted.reduce((a, [, w]) => a + w, 0);
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
};
const between = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Which pipes run under which class of road, with their survey table code (CJJ 61) and offset. */
interface Run {
  network: Network;
  kind: NetworkKind;
  code: string;
  /** Metres from the road's centre line (positive: left of its direction). */
  offsetM: number;
  classes: Partial<Record<string, [number, number]>>;
  owner: string;
  depth: [number, number];
}

const RUNS: Run[] = [
  {
    network: 'water',
    kind: 'supply',
    code: 'JS',
    offsetM: 6,
    classes: { A: [600, 1000], B: [300, 500], C: [200, 300], D: [100, 150] },
    owner: '烟台市自来水有限公司',
    depth: [1.2, 1.8],
  },
  {
    network: 'drainage',
    kind: 'storm',
    code: 'YS',
    offsetM: -4,
    classes: { A: [1200, 1600], B: [800, 1000], C: [500, 600] },
    owner: '烟台市市政排水管理中心',
    depth: [2, 3.5],
  },
  {
    network: 'drainage',
    kind: 'sewage',
    code: 'WS',
    offsetM: -9,
    classes: { A: [800, 1000], B: [500, 600], C: [300, 400] },
    owner: '烟台市市政排水管理中心',
    depth: [2.5, 4],
  },
  {
    network: 'heating',
    kind: 'supply',
    code: 'RL',
    offsetM: 11,
    classes: { A: [500, 800], B: [300, 400], C: [150, 200] },
    owner: '烟台市热力有限公司',
    depth: [1.5, 2.5],
  },
  {
    network: 'gas',
    kind: 'supply',
    code: 'RQ',
    offsetM: 15,
    classes: { A: [300, 400], B: [200, 300], C: [110, 160] },
    owner: '烟台市燃气有限公司',
    depth: [0.9, 1.5],
  },
];

/** When a district's networks were first laid: the old town (芝罘) first, the new districts last. */
const FIRST_YEAR: Record<string, number> = { '370602': 1968, '370611': 1982, '370612': 1984, '370613': 1994 };
const LAST_YEAR = 2025;

/** The material a pipe laid in a year gets: grey cast iron in old districts, PE and ductile iron in new. */
function materialOf(r: Rand, network: Network, kind: NetworkKind, year: number, diameter: number): Material {
  switch (network) {
    case 'water':
      if (year < 1990)
        return pick<Material>(r, [
          ['grey_cast_iron', 55],
          ['cement', 15],
          ['asbestos_cement', 5],
          ['steel', 25],
        ]);
      if (year < 2005)
        return pick<Material>(r, [
          ['ductile_iron', 45],
          ['grey_cast_iron', 15],
          ['steel', 20],
          [diameter <= 150 ? 'galvanized_steel' : 'ductile_iron', 5],
          [diameter <= 300 ? 'pvc' : 'ductile_iron', 15],
        ]);
      return diameter <= 300
        ? pick<Material>(r, [
            ['pe', 55],
            ['ductile_iron', 45],
          ])
        : 'ductile_iron';
    case 'gas':
      if (year < 2000)
        return pick<Material>(r, [
          ['grey_cast_iron', 60],
          ['steel', 40],
        ]);
      return diameter >= 300
        ? 'steel'
        : pick<Material>(r, [
            ['pe', 70],
            ['steel', 30],
          ]);
    case 'heating':
      return 'steel';
    case 'drainage':
      if (year < 1990)
        return pick<Material>(r, [
          ['plain_concrete', 60],
          ['reinforced_concrete', 40],
        ]);
      if (year < 2005)
        return diameter <= 400
          ? pick<Material>(r, [
              ['reinforced_concrete', 70],
              ['pvc', 30],
            ])
          : 'reinforced_concrete';
      return diameter <= 800
        ? pick<Material>(r, [
            ['hdpe', 55],
            ['reinforced_concrete', 45],
          ])
        : 'reinforced_concrete';
  }
  return kind === 'supply' ? 'steel' : 'reinforced_concrete';
}

const M_PER_DEG_LAT = 111_320;

/** Length of a line in metres (equirectangular: segments are a few hundred metres). */
export function lineLengthM(line: Array<[number, number]>): number {
  let m = 0;
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1]!;
    const [x1, y1] = line[i]!;
    const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
    m += Math.hypot((x1 - x0) * k * M_PER_DEG_LAT, (y1 - y0) * M_PER_DEG_LAT);
  }
  return m;
}

/** A road cut into pieces of at most `maxM` metres (a pipe between two manholes or valves). */
function pieces(line: Array<[number, number]>, maxM: number): Array<[[number, number], [number, number]]> {
  const out: Array<[[number, number], [number, number]]> = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const n = Math.max(1, Math.ceil(lineLengthM([a, b]) / maxM));
    for (let j = 0; j < n; j++) {
      const p = (t: number): [number, number] => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      out.push([p(j / n), p((j + 1) / n)]);
    }
  }
  return out;
}

function offset([a, b]: [[number, number], [number, number]], metres: number): Array<[number, number]> {
  const k = Math.cos((a[1] * Math.PI) / 180);
  const dx = (b[0] - a[0]) * k;
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const ox = ((-dy / len) * metres) / M_PER_DEG_LAT / k;
  const oy = ((dx / len) * metres) / M_PER_DEG_LAT;
  const r = (v: number) => Math.round(v * 1e7) / 1e7;
  return [
    [r(a[0] + ox), r(a[1] + oy)],
    [r(b[0] + ox), r(b[1] + oy)],
  ];
}

/**
 * The demo city's pipe networks along its roads: under each road its water main, storm and sewage
 * drains, heating and gas pipes by the road's class, cut into pieces of ≤ 200 m. A road's pipes are
 * laid in works of a few pieces sharing a year and material, older in the old town.
 */
export function generateNetworks(
  roads: readonly RoadLine[],
  gridAt: (lon: number, lat: number) => string | null,
  seed = 22,
): DemoSegment[] {
  const out: DemoSegment[] = [];
  const serial = new Map<string, number>();
  roads.forEach((road, ri) => {
    const cut = pieces(road.line, 200);
    for (const [ni, run] of RUNS.entries()) {
      const size = run.classes[road.class];
      if (!size) continue;
      const r = rng(seed * 1_000_003 + ri * 16 + ni);
      const diameter = Math.round(between(r, size[0], size[1]) / 50) * 50 || size[0];
      let works = 0;
      let year = 0;
      let material: Material = 'steel';
      for (const piece of cut) {
        const line = offset(piece, run.offsetM);
        const mid: [number, number] = [(line[0]![0] + line[1]![0]) / 2, (line[0]![1] + line[1]![1]) / 2];
        const gridCode = gridAt(mid[0], mid[1]);
        const district = gridCode ? gridCode.slice(0, 6) : null;
        if (works <= 0) {
          works = between(r, 2, 8);
          const first = FIRST_YEAR[district ?? ''] ?? 1985;
          // Older years more likely in every district: the network grew with the city.
          year = first + Math.floor((LAST_YEAR - first) * Math.pow(r(), 1.3));
          material = materialOf(r, run.network, run.kind, year, diameter);
        }
        works--;
        const age = LAST_YEAR - year;
        const brittle = ['grey_cast_iron', 'cement', 'asbestos_cement', 'plain_concrete'].includes(material);
        const pFail = Math.min(0.9, (age / 60) * (brittle ? 1.2 : 0.4));
        let failures = 0;
        while (failures < 6 && r() < pFail * 0.6) failures++;
        const prefix = `${run.code}${district ?? '000000'}`;
        const n = (serial.get(prefix) ?? 0) + 1;
        serial.set(prefix, n);
        out.push({
          id: `${prefix}${String(n).padStart(6, '0')}`,
          network: run.network,
          kind: run.kind,
          material,
          diameterMm: diameter,
          installYear: year,
          pressureClass:
            run.network === 'gas' ? (road.class === 'A' ? 'SHB' : road.class === 'B' ? 'MA' : 'MB') : null,
          depthM: Math.round((run.depth[0] + (run.depth[1] - run.depth[0]) * r()) * 10) / 10,
          owner: run.owner,
          failures,
          districtCode: district,
          gridCode,
          lengthM: Math.round(lineLengthM(line) * 10) / 10,
          line,
        });
      }
    }
  });
  return out;
}
