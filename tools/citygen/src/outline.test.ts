import { describe, expect, it } from 'vitest';
import type { Cell } from './lattice.js';
import { outlineCells } from './outline.js';
import { connectedPieces, mergeStrays, splitIntoBlocks } from './partition.js';
import { Rng } from './rng.js';

/** A unit lattice so outlines read as plain integers. */
const UNIT = { originLon: 0, originLat: 0, dLon: 1, dLat: 1 };

function cellsOf(rows: string[]): Cell[] {
  // rows[0] is the northernmost row.
  return rows.flatMap((row, r) =>
    [...row].flatMap((ch, i) => (ch === '#' ? [{ i, j: rows.length - 1 - r }] : [])),
  );
}

describe('outlineCells', () => {
  it('outlines a rectangle as one counter-clockwise ring of four corners', () => {
    const geometry = outlineCells(UNIT, cellsOf(['###', '###']));
    expect(geometry.coordinates).toHaveLength(1);
    expect(geometry.coordinates[0]).toEqual([
      [
        [0, 0],
        [3, 0],
        [3, 2],
        [0, 2],
        [0, 0],
      ],
    ]);
  });

  it('keeps a courtyard as a clockwise hole of its polygon', () => {
    const geometry = outlineCells(UNIT, cellsOf(['###', '#.#', '###']));
    expect(geometry.coordinates).toHaveLength(1);
    const [outer, hole] = geometry.coordinates[0] ?? [];
    expect(outer).toHaveLength(5);
    expect(hole).toEqual([
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 1],
      [1, 1],
    ]);
  });

  it('splits cells that touch only at a corner into separate polygons', () => {
    const geometry = outlineCells(UNIT, cellsOf(['.#', '#.']));
    expect(geometry.coordinates).toHaveLength(2);
    for (const polygon of geometry.coordinates) expect(polygon[0]).toHaveLength(5);
  });

  it('follows a staircase shore', () => {
    const geometry = outlineCells(UNIT, cellsOf(['#...', '##..', '####']));
    expect(geometry.coordinates).toHaveLength(1);
    expect(geometry.coordinates[0]?.[0]).toHaveLength(9);
  });
});

describe('splitIntoBlocks', () => {
  const grid = cellsOf(Array.from({ length: 20 }, () => '#'.repeat(30)));

  it('splits into the asked number of blocks that together hold every cell once', () => {
    const blocks = splitIntoBlocks(grid, 7, new Rng(1));
    expect(blocks).toHaveLength(7);
    const keys = blocks.flat().map((c) => `${c.i},${c.j}`);
    expect(new Set(keys).size).toBe(grid.length);
    for (const block of blocks) expect(block.length).toBeGreaterThan(grid.length / 7 / 2);
  });

  it('gives each block back as a full rectangle', () => {
    for (const block of splitIntoBlocks(grid, 5, new Rng(2))) {
      const is = block.map((c) => c.i);
      const js = block.map((c) => c.j);
      const area = (Math.max(...is) - Math.min(...is) + 1) * (Math.max(...js) - Math.min(...js) + 1);
      expect(area).toBe(block.length);
    }
  });
});

describe('mergeStrays', () => {
  it('hands an island of a block to the neighbour it borders', () => {
    // Block A is cut in two by block B; the smaller piece of A joins B.
    const a = [...cellsOf(['##...', '##...']), { i: 4, j: 0 }];
    const b = [
      { i: 2, j: 0 },
      { i: 3, j: 0 },
      { i: 2, j: 1 },
      { i: 3, j: 1 },
      { i: 4, j: 1 },
    ];
    const [mergedA, mergedB] = mergeStrays([a, b]);
    expect(mergedA).toHaveLength(4);
    expect(mergedB).toHaveLength(6);
    expect(connectedPieces(mergedB ?? [])).toHaveLength(1);
  });
});
