import { metresBetween } from '../geo.js';

/** [lon, lat], WGS-84. */
export type LonLat = readonly [number, number];

/**
 * What a typed address asks for: the crossing of two roads ("北马路与胜利路交叉口"), a house number
 * on a road ("南大街 25号"), or a name to look up (a road, community, street, landmark).
 */
export type AddressQuery =
  | { kind: 'intersection'; a: string; b: string }
  | { kind: 'house'; road: string; number: number }
  | { kind: 'name'; text: string };

const INTERSECTION =
  /^(.+?)\s*(?:与|和|跟|同|及|&|＆|\/|、|\+|×|x|X|\band\b)\s*(.+?)\s*(?:交叉路口|交叉口|十字路口|路口|交口|口)?$/;
const HOUSE = /^(.+?)\s*(?:第)?(\d{1,5})\s*(?:号院|号楼|号|#)?$/;

/** Reads a typed address: spaces and full-width digits are folded, a trailing "附近" dropped. */
export function parseAddressQuery(raw: string): AddressQuery {
  const text = normaliseAddress(raw);
  const i = INTERSECTION.exec(text);
  if (i && i[1] && i[2]) return { kind: 'intersection', a: i[1], b: i[2] };
  const h = HOUSE.exec(text);
  if (h && h[1] && h[2] && Number(h[2]) > 0) return { kind: 'house', road: h[1], number: Number(h[2]) };
  return { kind: 'name', text };
}

/** Folds what people type differently for the same address: full-width forms, spaces, "附近". */
export function normaliseAddress(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*(附近|旁边|周边|一带)$/, '')
    .replace(/^(山东省)?(烟台市)?/, '');
}

/**
 * House numbers along a road: both sides from the road's start, odd on the left and even on the
 * right, one number every HOUSE_STEP_M metres (a lot is twice that wide on each side).
 */
export const HOUSE_STEP_M = 5;

/** Length of a line in metres. */
export function lineLength(line: readonly LonLat[]): number {
  let m = 0;
  for (let i = 1; i < line.length; i++) m += metresBetween(line[i - 1]!, line[i]!);
  return m;
}

/** The point `metres` along the line from its start (clamped to the line). */
export function pointAlong(line: readonly LonLat[], metres: number): LonLat {
  let left = Math.max(0, metres);
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const d = metresBetween(a, b);
    if (left <= d && d > 0) {
      const t = left / d;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    left -= d;
  }
  return line[line.length - 1]!;
}

/** Where house number `n` stands on the road (null past the road's last number). */
export function housePosition(line: readonly LonLat[], n: number): LonLat | null {
  if (!Number.isInteger(n) || n < 1) return null;
  const at = (n - 1) * HOUSE_STEP_M;
  if (at > lineLength(line)) return null;
  return pointAlong(line, at);
}

/** Local metres east and north of `origin` (equirectangular: fine within a city). */
function toLocal(p: LonLat, origin: LonLat): [number, number] {
  const k = Math.cos((origin[1] * Math.PI) / 180);
  return [(p[0] - origin[0]) * 111_320 * k, (p[1] - origin[1]) * 111_320];
}

export interface NearestOnLine {
  point: LonLat;
  /** From the point asked about to the line. */
  distanceM: number;
  /** From the line's start to the nearest point, along the line. */
  alongM: number;
  /** The point asked about lies left of the line's direction. */
  left: boolean;
}

/** The point of the line nearest to `p`. */
export function nearestOnLine(line: readonly LonLat[], p: LonLat): NearestOnLine {
  let best: NearestOnLine | null = null;
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const [bx, by] = toLocal(b, a);
    const [px, py] = toLocal(p, a);
    const len2 = bx * bx + by * by;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / len2));
    const point: LonLat = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    const distanceM = metresBetween(p, point);
    const segment = metresBetween(a, b);
    if (!best || distanceM < best.distanceM)
      best = { point, distanceM, alongM: walked + segment * t, left: bx * py - by * px > 0 };
    walked += segment;
  }
  if (!best)
    return { point: line[0] ?? p, distanceM: line[0] ? metresBetween(p, line[0]) : 0, alongM: 0, left: true };
  return best;
}

/** The house number at a point beside the road: odd on the left, even on the right. */
export function houseNumberAt(line: readonly LonLat[], p: LonLat): number {
  const near = nearestOnLine(line, p);
  let n = Math.round(near.alongM / HOUSE_STEP_M) + 1;
  if (near.left !== (n % 2 === 1)) n += n === 1 ? 1 : -1;
  return Math.max(1, n);
}

/** Where two lines cross (the first crossing along `a`), or null. */
export function crossing(a: readonly LonLat[], b: readonly LonLat[]): LonLat | null {
  for (let i = 1; i < a.length; i++) {
    for (let j = 1; j < b.length; j++) {
      const p = segmentCrossing(a[i - 1]!, a[i]!, b[j - 1]!, b[j]!);
      if (p) return p;
    }
  }
  return null;
}

function segmentCrossing(p1: LonLat, p2: LonLat, p3: LonLat, p4: LonLat): LonLat | null {
  const d = (p2[0] - p1[0]) * (p4[1] - p3[1]) - (p2[1] - p1[1]) * (p4[0] - p3[0]);
  if (d === 0) return null;
  const t = ((p3[0] - p1[0]) * (p4[1] - p3[1]) - (p3[1] - p1[1]) * (p4[0] - p3[0])) / d;
  const u = ((p3[0] - p1[0]) * (p2[1] - p1[1]) - (p3[1] - p1[1]) * (p2[0] - p1[0])) / d;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return [p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])];
}

/**
 * How well a name answers a typed text: 0 (not at all) to 1 (the same). A name that starts with
 * the text ranks above one that only contains it; a text naming a road without its suffix
 * ("胜利" for 胜利路) still finds it.
 */
export function nameScore(name: string, text: string): number {
  return foldedNameScore(normaliseAddress(name), text);
}

/** nameScore for a name already folded by normaliseAddress (a gazetteer folds its names once). */
export function foldedNameScore(n: string, text: string): number {
  if (!text) return 0;
  if (n === text) return 1;
  if (n.startsWith(text)) return 0.8 + 0.1 * (text.length / n.length);
  if (n.includes(text)) return 0.5 + 0.1 * (text.length / n.length);
  if (text.startsWith(n)) return 0.4;
  return 0;
}
