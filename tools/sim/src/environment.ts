/**
 * The simulated city's environment as pure functions of time (and, for rain, a seed): water
 * demand, outdoor temperature, rain. Every device model reads the same environment, so a storm
 * fills the sumps, the underpasses and the rain gauges together, the way operators expect.
 */

import { createRng } from '@cityloop/domain/rng';

export type Rng = () => number;

export { createRng };

/** FNV-1a over the parts: a stable seed per (fleet seed, device id, …). */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Standard normal noise (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Moves `current` toward `target` as a first-order lag with time constant tauS over dtS. */
export function lag(current: number, target: number, dtS: number, tauS: number): number {
  if (dtS <= 0) return current;
  return target + (current - target) * Math.exp(-dtS / tauS);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// The city runs on Beijing time (Asia/Shanghai, UTC+8, no daylight saving).
const LOCAL_OFFSET_MS = 8 * HOUR_MS;

/** Hour of the day in local time, 0 ≤ h < 24. */
export function localHour(tMs: number): number {
  return ((((tMs + LOCAL_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
}

function bump(h: number, centre: number, width: number): number {
  // Distance on the 24 h circle, so a peak near midnight wraps.
  const d = Math.min(Math.abs(h - centre), 24 - Math.abs(h - centre));
  return Math.exp(-(d * d) / (2 * width * width));
}

function rawDemand(h: number): number {
  return 0.45 + 0.8 * bump(h, 7.5, 1.3) + 0.4 * bump(h, 12.5, 2.5) + 0.95 * bump(h, 19.5, 1.8);
}

// Normalise so the daily mean is 1: production and tank balance are then easy to reason about.
const DEMAND_MEAN = (() => {
  let sum = 0;
  for (let i = 0; i < 24 * 60; i++) sum += rawDemand(i / 60);
  return sum / (24 * 60);
})();

/** Water demand relative to the daily mean: low at night, peaks around 07:30 and 19:30. */
export function waterDemandFactor(tMs: number): number {
  return rawDemand(localHour(tMs)) / DEMAND_MEAN;
}

/**
 * A weather scenario (`npm run simulate -- --scenario rainstorm|typhoon|snow`): from `startMs` the
 * whole fleet sees the same storm instead of the random weather, so the emergency flow (warning,
 * triggers, proposal, response) can be shown and tested without real weather.
 * - rainstorm: 4 hours, up to 70 mm/h (about 140 mm: the 3-hour totals pass the orange line);
 * - typhoon: 12 hours, up to 35 mm/h (about 210 mm) — long rain more than short bursts;
 * - snow: 8 hours of snowfall up to 2.5 mm/h water equivalent (about 10 mm: a blizzard), with the
 *   air at −5 °C from an hour before until a day after, so the snow stays and the roads ice.
 */
export const SCENARIOS = ['rainstorm', 'typhoon', 'snow'] as const;
export type ScenarioKind = (typeof SCENARIOS)[number];
export interface Scenario {
  kind: ScenarioKind;
  startMs: number;
}
let scenario: Scenario | null = null;

/** Sets (or, with null, clears) the scenario every model reads. */
export function setScenario(s: Scenario | null): void {
  scenario = s;
}

const STORM: Record<ScenarioKind, { hours: number; peak: number }> = {
  rainstorm: { hours: 4, peak: 70 },
  typhoon: { hours: 12, peak: 35 },
  snow: { hours: 8, peak: 2.5 },
};

/** The scenario's precipitation at t in mm/h, or null outside its window (or without one). */
function scenarioPrecipitation(tMs: number, kind: 'rain' | 'snow'): number | null {
  if (!scenario) return null;
  const { hours, peak } = STORM[scenario.kind];
  const h = (tMs - scenario.startMs) / HOUR_MS;
  if (h < 0 || h > hours) return null;
  const isSnow = scenario.kind === 'snow';
  if ((kind === 'snow') !== isSnow) return 0;
  return peak * Math.sin((Math.PI * h) / hours) ** 2;
}

/** Outdoor air temperature in °C: a northern Chinese city, −2 °C in January to 28 °C in July. */
export function outdoorTemperature(tMs: number): number {
  if (scenario?.kind === 'snow') {
    const h = (tMs - scenario.startMs) / HOUR_MS;
    if (h >= -1 && h <= STORM.snow.hours + 24)
      return -5 + 1.5 * Math.cos((2 * Math.PI * (localHour(tMs) - 14)) / 24);
  }
  return baseTemperature(tMs);
}

function baseTemperature(tMs: number): number {
  const days = (tMs + LOCAL_OFFSET_MS) / DAY_MS;
  const dayOfYear = (((days - 10957) % 365.2425) + 365.2425) % 365.2425; // 10957 = 2000-01-01
  const seasonal = 13 - 15 * Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365.2425);
  const diurnal = 4.5 * Math.cos((2 * Math.PI * (localHour(tMs) - 14)) / 24);
  // A slow swing of a few degrees so consecutive days differ (cold waves, warm spells).
  const synoptic = 3 * Math.sin((2 * Math.PI * days) / 6.3) + 1.5 * Math.sin((2 * Math.PI * days) / 2.7);
  return seasonal + diurnal + synoptic;
}

/** Share of the design heating load: 0 at 18 °C outside or warmer, 1 at the design −10 °C. */
export function heatingLoad(outdoorC: number): number {
  return clamp((18 - outdoorC) / 28, 0, 1);
}

const RAIN_BLOCK_MS = 3 * HOUR_MS;
const RAIN_CHANCE = 0.2;

/**
 * Rain intensity in mm/h. Time is cut into 3-hour blocks; a block rains with a fixed chance and a
 * random peak (mostly light, sometimes a rainstorm), rising and falling smoothly within the block,
 * so intensity is zero at block edges and continuous everywhere.
 */
export function rainIntensity(tMs: number, seed: number): number {
  const storm = scenarioPrecipitation(tMs, 'rain');
  if (storm !== null) return storm;
  return baseRain(tMs, seed);
}

/**
 * Snowfall in mm/h of melted water: the scenario's snow, otherwise the random precipitation on a
 * day below freezing (the same blocks as the rain).
 */
export function snowIntensity(tMs: number, seed: number): number {
  const storm = scenarioPrecipitation(tMs, 'snow');
  if (storm !== null) return storm;
  return outdoorTemperature(tMs) < 0 ? baseRain(tMs, seed) / 10 : 0;
}

function baseRain(tMs: number, seed: number): number {
  const block = Math.floor(tMs / RAIN_BLOCK_MS);
  const rng = createRng(hashSeed(seed, 'rain', block));
  if (rng() >= RAIN_CHANCE) return 0;
  const u = rng();
  const peak = 2 + 58 * u * u * u;
  const phase = (tMs - block * RAIN_BLOCK_MS) / RAIN_BLOCK_MS;
  return peak * Math.sin(Math.PI * phase) ** 2;
}
