import { describe, expect, it } from 'vitest';
import { runsOf } from './telemetry.rollups.js';

describe('runsOf', () => {
  it('joins adjacent buckets into one range and starts a new one at a gap or at the size limit', () => {
    const m = 60_000;
    expect(runsOf([0, m, 2 * m, 5 * m], m, 60)).toEqual([
      [0, 3 * m],
      [5 * m, 6 * m],
    ]);
    expect(runsOf([0, m, 2 * m], m, 2)).toEqual([
      [0, 2 * m],
      [2 * m, 3 * m],
    ]);
    expect(runsOf([], m, 60)).toEqual([]);
  });
});
