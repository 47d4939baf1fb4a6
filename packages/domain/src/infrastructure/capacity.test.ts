import { describe, expect, it } from 'vitest';
import { projectDemand, shortfallYear } from './capacity.js';

describe('capacity vs demand', () => {
  it('compounds the growth over 15 years and finds the first year short', () => {
    const p = projectDemand(86_000, 2, 2026);
    expect(p).toHaveLength(16);
    expect(p[0]).toEqual({ year: 2026, demand: 86_000 });
    expect(p[1]!.demand).toBe(87_720);
    // 86,000 × 1.02^8 = 100,763 > 100,000; 1.02^7 gives 98,787.
    expect(shortfallYear(p, 100_000)).toBe(2034);
    expect(shortfallYear(p, 200_000)).toBeNull();
    expect(shortfallYear(p, null)).toBeNull();
  });

  it('is short at once when today’s throughput is over capacity, never with no growth below it', () => {
    expect(shortfallYear(projectDemand(120, 0, 2026), 100)).toBe(2026);
    expect(shortfallYear(projectDemand(90, 0, 2026), 100)).toBeNull();
  });
});
