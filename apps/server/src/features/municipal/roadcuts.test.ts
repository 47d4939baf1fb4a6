import { describe, expect, it } from 'vitest';
import { metresToLine, permitCovers, permitPhase } from './roadcuts.service.js';

const p = { start_day: '2026-12-05', end_day: '2026-12-08', reinstate_by: '2026-12-15' };

describe('road-cut permits', () => {
  it('reads an approved permit’s phase from its window and deadline', () => {
    const at = (day: string) => permitPhase({ ...p, state: 'approved' }, day);
    expect(at('2026-12-04')).toBe('scheduled');
    expect(at('2026-12-05')).toBe('digging');
    expect(at('2026-12-08')).toBe('digging');
    expect(at('2026-12-09')).toBe('reinstating');
    expect(at('2026-12-15')).toBe('reinstating');
    expect(at('2026-12-16')).toBe('overdue');
    expect(permitPhase({ ...p, state: 'applied' }, '2026-12-16')).toBe('applied');
    expect(permitPhase({ ...p, state: 'reinstated' }, '2026-12-16')).toBe('reinstated');
  });

  it('covers a cut near its point inside its window only, and only when approved', () => {
    const permit = { ...p, state: 'approved' as const, lon: 121.4, lat: 37.54, length_m: 100 };
    expect(permitCovers(permit, '2026-12-06', [121.4, 37.541])).toBe(true); // ~111 m
    expect(permitCovers(permit, '2026-12-06', [121.4, 37.543])).toBe(false); // ~333 m
    expect(permitCovers(permit, '2026-12-09', [121.4, 37.54])).toBe(false);
    expect(permitCovers({ ...permit, state: 'applied' }, '2026-12-06', [121.4, 37.54])).toBe(false);
  });

  it('measures a point’s distance to a line’s segments, not just its vertices', () => {
    const line: Array<[number, number]> = [
      [121.39, 37.54],
      [121.41, 37.54],
    ];
    expect(metresToLine(line, [121.4, 37.541])).toBeCloseTo(110.5, 0);
    expect(metresToLine(line, [121.42, 37.54])).toBeGreaterThan(870);
  });
});
