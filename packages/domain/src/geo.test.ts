import { describe, expect, it } from 'vitest';
import { degreesAround, metresBetween } from './geo.js';

describe('distances', () => {
  it('measures 100 m of latitude as about 100 m and is symmetric', () => {
    const a: [number, number] = [121.4, 37.54];
    const b: [number, number] = [121.4, 37.54 + 100 / 111_195];
    expect(metresBetween(a, b)).toBeCloseTo(100, 0);
    expect(metresBetween(b, a)).toBeCloseTo(metresBetween(a, b), 9);
    expect(metresBetween(a, a)).toBe(0);
  });

  it('makes a box wider in degrees of longitude than of latitude away from the equator', () => {
    const { dLat, dLon } = degreesAround(37.54, 50);
    expect(dLon).toBeGreaterThan(dLat);
    expect(metresBetween([121.4, 37.54], [121.4 + dLon, 37.54])).toBeCloseTo(50, 0);
  });
});
