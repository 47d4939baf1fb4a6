import type { Rng } from './rng.js';
import { cellKey, type Cell } from './lattice.js';

/**
 * Splits cells into `parts` blocks of similar size by straight cuts across the longer side of the
 * current block (a guillotine partition), so every block is a rectangle of the lattice less the
 * cells that are not in the input (sea). Gives fewer blocks only if there are fewer cells.
 */
export function splitIntoBlocks(cells: readonly Cell[], parts: number, rng: Rng): Cell[][] {
  if (parts <= 1 || cells.length <= 1) return [[...cells]];
  const k = Math.min(parts, cells.length);
  const iSpan = span(cells, 'i');
  const jSpan = span(cells, 'j');
  const axes: ('i' | 'j')[] = iSpan >= jSpan ? ['i', 'j'] : ['j', 'i'];
  const leftParts = Math.floor(k / 2);
  // A little jitter so blocks are not all the same size, and seeds give different layouts.
  const share = (leftParts / k) * rng.range(0.9, 1.1);
  for (const axis of axes) {
    const cut = bestCut(cells, axis, share, leftParts, k - leftParts);
    if (cut === null) continue;
    const left = cells.filter((c) => c[axis] < cut);
    const right = cells.filter((c) => c[axis] >= cut);
    return [...splitIntoBlocks(left, leftParts, rng), ...splitIntoBlocks(right, k - leftParts, rng)];
  }
  return [[...cells]];
}

function span(cells: readonly Cell[], axis: 'i' | 'j'): number {
  let min = Infinity;
  let max = -Infinity;
  for (const c of cells) {
    min = Math.min(min, c[axis]);
    max = Math.max(max, c[axis]);
  }
  return max - min;
}

/** The line `axis = cut` whose lower side holds closest to `share` of the cells, or null if none fits. */
function bestCut(
  cells: readonly Cell[],
  axis: 'i' | 'j',
  share: number,
  minLeft: number,
  minRight: number,
): number | null {
  const counts = new Map<number, number>();
  for (const c of cells) counts.set(c[axis], (counts.get(c[axis]) ?? 0) + 1);
  const lines = [...counts.keys()].sort((a, b) => a - b);
  const target = share * cells.length;
  let below = 0;
  let best: number | null = null;
  let bestError = Infinity;
  for (let n = 0; n + 1 < lines.length; n++) {
    below += counts.get(lines[n] as number) ?? 0;
    if (below < minLeft || cells.length - below < minRight) continue;
    const error = Math.abs(below - target);
    if (error < bestError) {
      bestError = error;
      best = lines[n + 1] as number;
    }
  }
  return best;
}

const NEIGHBOURS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

/** 4-connected pieces of a set of cells, largest first. */
export function connectedPieces(cells: readonly Cell[]): Cell[][] {
  const byKey = new Map(cells.map((c) => [cellKey(c.i, c.j), c]));
  const seen = new Set<number>();
  const pieces: Cell[][] = [];
  for (const start of cells) {
    const startKey = cellKey(start.i, start.j);
    if (seen.has(startKey)) continue;
    seen.add(startKey);
    const piece: Cell[] = [];
    const stack = [start];
    for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
      piece.push(c);
      for (const [di, dj] of NEIGHBOURS) {
        const key = cellKey(c.i + di, c.j + dj);
        const next = byKey.get(key);
        if (next !== undefined && !seen.has(key)) {
          seen.add(key);
          stack.push(next);
        }
      }
    }
    pieces.push(piece);
  }
  return pieces.sort((a, b) => b.length - a.length);
}

/**
 * Where the shore cuts a block into islands, hands each island but the largest to the neighbouring
 * block it shares the longest edge with, so every block stays contiguous. Blocks left empty are dropped.
 */
export function mergeStrays(blocks: readonly Cell[][]): Cell[][] {
  const out = blocks.map((b) => [...b]);
  for (let pass = 0; pass < 8; pass++) {
    const owner = new Map<number, number>();
    out.forEach((b, n) => b.forEach((c) => owner.set(cellKey(c.i, c.j), n)));
    let moved = false;
    for (let n = 0; n < out.length; n++) {
      const pieces = connectedPieces(out[n] ?? []);
      if (pieces.length <= 1) continue;
      const keep = pieces[0] ?? [];
      const kept: Cell[] = [...keep];
      for (const stray of pieces.slice(1)) {
        const target = longestBorder(stray, owner, n);
        if (target === null) {
          kept.push(...stray);
          continue;
        }
        out[target]?.push(...stray);
        for (const c of stray) owner.set(cellKey(c.i, c.j), target);
        moved = true;
      }
      out[n] = kept;
    }
    if (!moved) break;
  }
  return out.filter((b) => b.length > 0);
}

function longestBorder(piece: readonly Cell[], owner: Map<number, number>, self: number): number | null {
  const shared = new Map<number, number>();
  for (const c of piece) {
    for (const [di, dj] of NEIGHBOURS) {
      const other = owner.get(cellKey(c.i + di, c.j + dj));
      if (other !== undefined && other !== self) shared.set(other, (shared.get(other) ?? 0) + 1);
    }
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const [n, count] of [...shared].sort((a, b) => a[0] - b[0])) {
    if (count > bestCount) {
      best = n;
      bestCount = count;
    }
  }
  return best;
}
