import { describe, expect, it } from 'vitest';
import { lightingSchedule, lightsOnAt } from './lighting.js';

describe('street-light schedule by sunset and season', () => {
  it('switches on after sunset and off before sunrise, later in summer', () => {
    // Yantai (121.4 E, 37.5 N, UTC+8): winter sunset ≈ 16:50, summer ≈ 19:25.
    const winter = lightingSchedule('2026-12-21', 121.4, 37.5, 480);
    const summer = lightingSchedule('2026-06-21', 121.4, 37.5, 480);
    expect(winter.sunsetMin).toBeGreaterThan(16 * 60 + 35);
    expect(winter.sunsetMin).toBeLessThan(17 * 60 + 5);
    expect(summer.sunsetMin).toBeGreaterThan(19 * 60 + 10);
    expect(summer.sunsetMin).toBeLessThan(19 * 60 + 40);
    expect(winter.season).toBe('winter');
    expect(summer.onMin - summer.sunsetMin).toBe(15);
    expect(lightsOnAt(winter, 23 * 60)).toBe(true);
    expect(lightsOnAt(winter, 3 * 60)).toBe(true);
    expect(lightsOnAt(winter, 12 * 60)).toBe(false);
  });
});
