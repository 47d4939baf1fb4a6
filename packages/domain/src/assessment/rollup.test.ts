import { describe, expect, it } from 'vitest';
import { periodMonths, previousPeriod, quarterOf, rollUp } from './rollup.js';

const row = (id: string, score: number, rank: number, findings = 0) => ({
  id,
  name: `S${id}`,
  nameEn: null,
  score,
  rank,
  findings,
});

describe('assessment roll-ups', () => {
  it('names the months of a quarter and a year, and the period before', () => {
    expect(periodMonths('2026-Q3')).toEqual({ kind: 'quarter', months: ['2026-07', '2026-08', '2026-09'] });
    expect(periodMonths('2026')!.months).toHaveLength(12);
    expect(periodMonths('2026')!.months[11]).toBe('2026-12');
    expect(periodMonths('2026-Q5')).toBeNull();
    expect(periodMonths('2026-07')).toBeNull();
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(previousPeriod('2026-Q3')).toBe('2026-Q2');
    expect(previousPeriod('2026')).toBe('2025');
    expect(quarterOf('2026-12')).toBe('2026-Q4');
    expect(quarterOf('2026-01')).toBe('2026-Q1');
  });

  it('ranks the mean of the months, each month weighing the same, with grades', () => {
    const r = rollUp([
      { month: '2026-07', rows: [row('1', 96, 1, 1), row('2', 90, 2, 3)] },
      { month: '2026-08', rows: [row('1', 88, 2, 5), row('2', 97, 1, 0)] },
      { month: '2026-09', rows: [row('2', 91, 1, 2)] },
    ]);
    expect(r.map((x) => [x.id, x.score, x.rank, x.grade, x.findings])).toEqual([
      ['2', 92.67, 1, 'B', 5],
      ['1', 92, 2, 'B', 6],
    ]);
    expect(r[1]!.months).toEqual([
      { month: '2026-07', score: 96, rank: 1 },
      { month: '2026-08', score: 88, rank: 2 },
      { month: '2026-09', score: null, rank: null },
    ]);
  });

  it('gives equal means the same rank', () => {
    const r = rollUp([{ month: '2026-01', rows: [row('1', 95, 1), row('2', 95, 1), row('3', 79.99, 3)] }]);
    expect(r.map((x) => x.rank)).toEqual([1, 1, 3]);
    expect(r[2]!.grade).toBe('D');
  });
});
