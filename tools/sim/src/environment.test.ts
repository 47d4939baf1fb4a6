import { describe, expect, it } from 'vitest';
import {
  createRng,
  hashSeed,
  heatingLoad,
  lag,
  localHour,
  outdoorTemperature,
  rainIntensity,
  setScenario,
  snowIntensity,
  waterDemandFactor,
} from './environment.js';

const HOUR = 3_600_000;
// Midnight in Beijing on 2025-07-01 is 16:00 UTC the day before.
const MIDNIGHT_JULY = Date.UTC(2025, 5, 30, 16, 0, 0);
const MIDNIGHT_JANUARY = Date.UTC(2025, 0, 14, 16, 0, 0);

describe('randomness', () => {
  it('replays a seeded stream and separates seeds', () => {
    const a = createRng(9);
    const b = createRng(9);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(createRng(10)()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('hashes the same parts to the same seed', () => {
    expect(hashSeed(1, 'wp-0001')).toBe(hashSeed(1, 'wp-0001'));
    expect(hashSeed(1, 'wp-0001')).not.toBe(hashSeed(1, 'wp-0002'));
    expect(hashSeed(1, 'ab', 'c')).not.toBe(hashSeed(1, 'a', 'bc'));
  });
});

describe('time and demand', () => {
  it('computes the local hour in Beijing time, across midnight', () => {
    expect(localHour(MIDNIGHT_JULY)).toBe(0);
    expect(localHour(MIDNIGHT_JULY - HOUR / 2)).toBe(23.5);
    expect(localHour(Date.UTC(2025, 6, 1, 0, 0, 0))).toBe(8);
  });

  it('has a daily mean of 1 with morning and evening peaks and a night trough', () => {
    let sum = 0;
    for (let m = 0; m < 24 * 60; m += 5) sum += waterDemandFactor(MIDNIGHT_JULY + m * 60_000);
    expect(sum / (24 * 12)).toBeCloseTo(1, 2);
    const at = (h: number) => waterDemandFactor(MIDNIGHT_JULY + h * HOUR);
    expect(at(3)).toBeLessThan(0.6);
    expect(at(7.5)).toBeGreaterThan(at(10));
    expect(at(19.5)).toBeGreaterThan(at(16));
    expect(at(19.5)).toBeGreaterThan(1.3);
  });
});

describe('weather', () => {
  it('is cold in January, hot in July and warmest in the afternoon', () => {
    expect(outdoorTemperature(MIDNIGHT_JANUARY + 5 * HOUR)).toBeLessThan(2);
    expect(outdoorTemperature(MIDNIGHT_JULY + 14 * HOUR)).toBeGreaterThan(25);
    expect(outdoorTemperature(MIDNIGHT_JULY + 14 * HOUR)).toBeGreaterThan(
      outdoorTemperature(MIDNIGHT_JULY + 4 * HOUR),
    );
  });

  it('maps outdoor temperature to heating load between 18 °C and the design −10 °C', () => {
    expect(heatingLoad(20)).toBe(0);
    expect(heatingLoad(18)).toBe(0);
    expect(heatingLoad(4)).toBeCloseTo(0.5);
    expect(heatingLoad(-10)).toBe(1);
    expect(heatingLoad(-25)).toBe(1);
  });

  it('rains in smooth episodes that start and end at zero, the same for the same seed', () => {
    const block = 3 * HOUR;
    let raining = 0;
    for (let i = 0; i < 400; i++) {
      const start = Math.ceil(MIDNIGHT_JULY / block) * block + i * block;
      expect(rainIntensity(start, 7)).toBe(0);
      if (rainIntensity(start + block / 2, 7) > 0) raining++;
    }
    // A fifth of the blocks rain.
    expect(raining).toBeGreaterThan(50);
    expect(raining).toBeLessThan(110);
    expect(rainIntensity(MIDNIGHT_JULY + 5 * HOUR, 7)).toBe(rainIntensity(MIDNIGHT_JULY + 5 * HOUR, 7));
  });

  it('lags toward a target with the given time constant', () => {
    expect(lag(0, 1, 10, 10)).toBeCloseTo(1 - Math.exp(-1));
    expect(lag(0.5, 1, 0, 10)).toBe(0.5);
  });

  it('a scenario drives the whole city: a rainstorm of ~140 mm, then snow at −5 °C, then back to normal', () => {
    const start = MIDNIGHT_JULY + 10 * HOUR;
    const total = (f: (t: number) => number, hours: number) => {
      let mm = 0;
      for (let m = 0; m < hours * 60; m++) mm += f(start + m * 60_000) / 60;
      return mm;
    };
    try {
      setScenario({ kind: 'rainstorm', startMs: start });
      expect(rainIntensity(start + 2 * HOUR, 7)).toBeCloseTo(70, 5);
      expect(total((t) => rainIntensity(t, 7), 4)).toBeCloseTo(140, 0);
      expect(snowIntensity(start + 2 * HOUR, 7)).toBe(0);
      setScenario({ kind: 'snow', startMs: start });
      expect(rainIntensity(start + 4 * HOUR, 7)).toBe(0);
      expect(total((t) => snowIntensity(t, 7), 8)).toBeCloseTo(10, 0);
      expect(outdoorTemperature(start + 4 * HOUR)).toBeLessThan(-3);
    } finally {
      setScenario(null);
    }
    expect(outdoorTemperature(start + 4 * HOUR)).toBeGreaterThan(10);
  });
});
