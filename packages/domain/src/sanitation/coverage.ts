/**
 * Coverage (机扫率): the share of a section's length that a working vehicle drove along during
 * the section's scheduled window. Pure: the server reads the day's track points and sections and
 * calls `computeCoverage`.
 *
 * How: each section is cut into bins of BIN_M metres; a vehicle's track is the line between two
 * consecutive points of one device no more than MAX_GAP_MS apart, both working (brush down or
 * water on); the track is sampled every STEP_M metres, and every bin within TOLERANCE_M of a
 * sample taken inside the section's window is covered. Covered length = covered bins × bin length.
 */

export const BIN_M = 10;
export const STEP_M = 5;
/** A vehicle's GPS and the road's centre line: a carriageway is about 2 × 7.5 m. */
export const TOLERANCE_M = 15;
/** Two points further apart in time are not one pass (a dead zone, a stop with the terminal off). */
export const MAX_GAP_MS = 60_000;

export interface CoverageSection {
  id: number;
  line: ReadonlyArray<readonly [number, number]>;
  /** The window as instants (epoch ms) on the day computed. */
  fromMs: number;
  toMs: number;
}

/** One device's points, sorted by time. */
export interface Track {
  t: ArrayLike<number>;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  working: ArrayLike<number>;
}

export interface SectionCoverage {
  id: number;
  lengthM: number;
  coveredM: number;
}

const M_PER_DEG_LAT = 111_320;
const CELL_M = 50;

export function computeCoverage(
  sections: readonly CoverageSection[],
  tracks: Iterable<Track>,
): SectionCoverage[] {
  const lat0 = sections[0]?.line[0]?.[1] ?? 0;
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  const x = (lon: number) => lon * mPerDegLon;
  const y = (lat: number) => lat * M_PER_DEG_LAT;

  // Bins: centre (x, y), owning section; a grid of CELL_M cells indexes them.
  const binX: number[] = [];
  const binY: number[] = [];
  const binSection: number[] = [];
  const firstBin: number[] = [];
  const lengths: number[] = [];
  const binLen: number[] = [];
  const cells = new Map<number, number[]>();
  const cellKey = (cx: number, cy: number) => cx * 1_000_003 + cy;
  sections.forEach((s, si) => {
    firstBin.push(binX.length);
    const pts = s.line.map(([lo, la]) => [x(lo), y(la)] as const);
    let total = 0;
    for (let i = 1; i < pts.length; i++)
      total += Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]);
    lengths.push(total);
    const n = Math.max(1, Math.round(total / BIN_M));
    binLen.push(total / n);
    // Walk the polyline placing bin centres at (k + 0.5) × total / n.
    let seg = 1;
    let segStart = 0;
    for (let k = 0; k < n; k++) {
      const d = ((k + 0.5) * total) / n;
      while (seg < pts.length - 1) {
        const len = Math.hypot(pts[seg]![0] - pts[seg - 1]![0], pts[seg]![1] - pts[seg - 1]![1]);
        if (segStart + len >= d) break;
        segStart += len;
        seg++;
      }
      const a = pts[Math.min(seg - 1, pts.length - 1)] ?? [0, 0];
      const b = pts[Math.min(seg, pts.length - 1)] ?? a;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const f = len > 0 ? Math.min(1, (d - segStart) / len) : 0;
      const bx = a[0] + (b[0] - a[0]) * f;
      const by = a[1] + (b[1] - a[1]) * f;
      const idx = binX.length;
      binX.push(bx);
      binY.push(by);
      binSection.push(si);
      const key = cellKey(Math.floor(bx / CELL_M), Math.floor(by / CELL_M));
      const list = cells.get(key);
      if (list) list.push(idx);
      else cells.set(key, [idx]);
    }
  });
  const covered = new Uint8Array(binX.length);
  const tol2 = TOLERANCE_M * TOLERANCE_M;

  const mark = (px: number, py: number, t: number) => {
    const cx = Math.floor(px / CELL_M);
    const cy = Math.floor(py / CELL_M);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const list = cells.get(cellKey(cx + dx, cy + dy));
        if (!list) continue;
        for (const b of list) {
          if (covered[b]) continue;
          const ddx = binX[b]! - px;
          const ddy = binY[b]! - py;
          if (ddx * ddx + ddy * ddy > tol2) continue;
          const s = sections[binSection[b]!]!;
          if (t >= s.fromMs && t < s.toMs) covered[b] = 1;
        }
      }
  };

  for (const tr of tracks) {
    const n = tr.t.length;
    for (let i = 0; i < n; i++) {
      if (!(tr.working[i]! >= 0.5)) continue;
      const ax = x(tr.lon[i]!);
      const ay = y(tr.lat[i]!);
      const ta = tr.t[i]!;
      mark(ax, ay, ta);
      const j = i + 1;
      if (j >= n || !(tr.working[j]! >= 0.5)) continue;
      const tb = tr.t[j]!;
      if (tb - ta > MAX_GAP_MS) continue;
      const bx = x(tr.lon[j]!);
      const by = y(tr.lat[j]!);
      const steps = Math.floor(Math.hypot(bx - ax, by - ay) / STEP_M);
      for (let k = 1; k <= steps; k++) {
        const f = k / (steps + 1);
        mark(ax + (bx - ax) * f, ay + (by - ay) * f, ta + (tb - ta) * f);
      }
    }
  }

  return sections.map((s, si) => {
    const from = firstBin[si]!;
    const to = si + 1 < sections.length ? firstBin[si + 1]! : binX.length;
    let n = 0;
    for (let b = from; b < to; b++) n += covered[b]!;
    const lengthM = lengths[si]!;
    return { id: s.id, lengthM, coveredM: Math.min(lengthM, n * binLen[si]!) };
  });
}
