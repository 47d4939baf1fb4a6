import { parseTelemetry, SEED_DEVICE_TYPES, seedProfile } from '@cityloop/domain/telemetry/index';
import { describe, expect, it } from 'vitest';
import { createRng, rainIntensity, setScenario, type Rng } from './environment.js';
import { applyCommand } from './commands.js';
import { createModel, injectFault, isOffline, stepModel, type DeviceModel } from './models.js';

// 2025-01-15 00:00 Beijing time: mid-winter, heating season.
const WINTER = Date.UTC(2025, 0, 14, 16, 0, 0);
const S = 1000;
const MIN = 60 * S;

function run(model: DeviceModel, fromMs: number, toMs: number, stepMs: number, rng: Rng, faults = false) {
  const out: DeviceModel[] = [];
  let m = model;
  for (let t = fromMs; t <= toMs; t += stepMs) {
    m = stepModel(m, t, rng, { faults });
    out.push(m);
  }
  return out;
}

function physics<T extends DeviceModel['physics']['type']>(m: DeviceModel, type: T) {
  const p = m.physics;
  if (p.type !== type) throw new Error(`expected ${type}`);
  return p as Extract<DeviceModel['physics'], { type: T }>;
}

/** The first 3-hour block after `from` whose rain peaks above `minPeak` mm/h, for world seed 7. */
function findStorm(from: number, minPeak: number): number {
  for (let block = Math.floor(from / (3 * 60 * MIN)); ; block++) {
    const start = block * 3 * 60 * MIN;
    if (rainIntensity(start + 90 * MIN, 7) > minPeak) return start;
  }
}

describe('every seed device type', () => {
  for (const type of SEED_DEVICE_TYPES) {
    it(`${type}: two simulated days with faults publish only readings its profile accepts`, () => {
      const profile = seedProfile(type);
      if (!profile) throw new Error(type);
      const rng = createRng(42);
      const states = run(createModel(type, 42, 7, WINTER), WINTER, WINTER + 48 * 60 * MIN, 30 * S, rng, true);
      for (const m of states) {
        const res = parseTelemetry(JSON.stringify({ v: 1, ts: m.t, values: m.values }), profile);
        expect(res.rejected).toEqual([]);
        expect(res.readings.map((r) => r.metric).sort()).toEqual(profile.metrics.map((x) => x.key).sort());
      }
    });
  }
});

describe('determinism', () => {
  it('replays exactly for the same seed and differs for another', () => {
    const series = (seed: number) =>
      run(
        createModel('booster_station', seed, 7, WINTER),
        WINTER,
        WINTER + 30 * MIN,
        15 * S,
        createRng(seed),
        true,
      ).map((m) => m.values);
    expect(series(5)).toEqual(series(5));
    expect(series(5)).not.toEqual(series(6));
  });
});

describe('water supply', () => {
  it('follows the demand curve: more outflow at the morning peak than at night', () => {
    const rng = createRng(1);
    const at = (hourLocal: number) => {
      const t = WINTER + hourLocal * 60 * MIN;
      return stepModel(createModel('water_plant', 1, 7, t), t, rng).values['outflow'] ?? 0;
    };
    expect(at(7.5)).toBeGreaterThan(at(3) * 1.8);
    expect(at(19.5)).toBeGreaterThan(at(14));
  });

  it('moves booster discharge pressure toward a new set-point with a lag', () => {
    const rng = createRng(2);
    const t0 = WINTER + 3 * 60 * MIN; // 03:00, demand steady and low
    let m = run(createModel('booster_station', 2, 7, t0), t0, t0 + 10 * MIN, 15 * S, rng).at(-1);
    if (!m) throw new Error('no steps');
    const before = physics(m, 'booster_station').discharge;
    const out = applyCommand(m, 'set_pressure', { value: 0.4 });
    expect(out.ok).toBe(true);
    m = stepModel(out.model, m.t + 15 * S, rng);
    const soon = physics(m, 'booster_station').discharge;
    m = run(m, m.t + 15 * S, m.t + 5 * MIN, 15 * S, rng).at(-1) ?? m;
    const later = physics(m, 'booster_station').discharge;
    expect(soon).toBeGreaterThan(before);
    expect(soon).toBeLessThan(later - 0.02);
    expect(later).toBeGreaterThan(0.4);
    expect(m.values['pressure_setpoint']).toBe(0.4);
  });

  it('drops network pressure sharply on a pipe burst and recovers after it', () => {
    const rng = createRng(3);
    let m = run(createModel('pressure_point', 3, 7, WINTER), WINTER, WINTER + 5 * MIN, 30 * S, rng).at(-1);
    if (!m) throw new Error('no steps');
    const normal = m.values['pressure'] ?? 0;
    m = injectFault(m, 'burst', m.t, 10 * MIN);
    const during = run(m, m.t + 30 * S, m.t + 2 * MIN, 30 * S, rng);
    expect(during.at(-1)?.values['pressure']).toBeLessThan(normal - 0.12);
    const after = run(during.at(-1) ?? m, m.t + 12 * MIN, m.t + 16 * MIN, 30 * S, rng).at(-1);
    expect(after?.values['pressure']).toBeGreaterThan(normal - 0.03);
  });
});

describe('heating', () => {
  it('supplies hotter water on a January night than on a mild late-September afternoon', () => {
    const mild = Date.UTC(2025, 8, 25, 6, 0, 0); // 14:00 Beijing time
    const secSupply = (t: number) =>
      run(createModel('heat_station', 4, 7, t), t, t + 3 * 60 * MIN, 60 * S, createRng(4)).at(-1)?.values[
        'secondary_supply_temp'
      ] ?? 0;
    expect(secSupply(WINTER)).toBeGreaterThan(secSupply(mild) + 10);
  });

  it('opens the valve on command and warms the secondary side', () => {
    const rng = createRng(5);
    const m0 = run(createModel('heat_station', 5, 7, WINTER), WINTER, WINTER + 60 * MIN, 60 * S, rng).at(-1);
    if (!m0) throw new Error('no steps');
    const valve = physics(m0, 'heat_station').valve;
    const out = applyCommand(m0, 'set_valve', { value: Math.min(100, valve + 10) });
    expect(out.ok).toBe(true);
    const m1 = run(out.model, m0.t + MIN, m0.t + 60 * MIN, 60 * S, rng).at(-1);
    expect(m1?.values['secondary_supply_temp']).toBeGreaterThan(
      (m0.values['secondary_supply_temp'] ?? 0) + 1,
    );
  });
});

describe('rain and drainage', () => {
  const storm = findStorm(WINTER, 35);

  it('fills the sump and starts the pumps in a rainstorm, then drains it', () => {
    const states = run(
      createModel('drainage_station', 6, 7, storm),
      storm,
      storm + 6 * 60 * MIN,
      15 * S,
      createRng(6),
    );
    const levels = states.map((m) => m.values['sump_level'] ?? 0);
    const peak = Math.max(...levels);
    expect(peak).toBeGreaterThan(3);
    expect(states.some((m) => (m.values['pump2_state'] ?? 0) === 1)).toBe(true);
    expect(levels.at(-1)).toBeLessThan(3);
  });

  it('floods the underpass in heavy rain and drains it afterwards', () => {
    const states = run(
      createModel('waterlogging_gauge', 8, 7, storm),
      storm,
      storm + 6 * 60 * MIN,
      30 * S,
      createRng(8),
    );
    const depths = states.map((m) => m.values['depth'] ?? 0);
    expect(Math.max(...depths)).toBeGreaterThan(15);
    expect(depths.at(-1)).toBeLessThan(1);
  });

  it('counts rain in 0.1 mm tips whose intervals add up to the total', () => {
    const states = run(
      createModel('rain_gauge', 9, 7, storm),
      storm,
      storm + 3 * 60 * MIN,
      60 * S,
      createRng(9),
    );
    let sum = 0;
    for (const m of states) {
      const mm = m.values['rainfall'] ?? 0;
      expect(Math.round(mm * 10)).toBeCloseTo(mm * 10, 9);
      sum += mm;
    }
    expect(sum).toBeGreaterThan(10);
    expect(states.at(-1)?.values['rainfall_total']).toBeCloseTo(sum, 6);
  });

  it('a snow gauge in the snow scenario reports ~10 mm of melted snow and a growing snow depth below 0 °C', () => {
    setScenario({ kind: 'snow', startMs: storm });
    try {
      const states = run(
        createModel('snow_gauge', 9, 7, storm),
        storm,
        storm + 9 * 60 * MIN,
        60 * S,
        createRng(9),
      );
      const sum = states.reduce((s, m) => s + (m.values['snowfall'] ?? 0), 0);
      expect(sum).toBeGreaterThan(7);
      expect(sum).toBeLessThan(14);
      expect(states.at(-1)!.values['snow_depth']).toBeGreaterThan(5);
      expect(states.at(-1)!.values['air_temp']).toBeLessThan(0);
    } finally {
      setScenario(null);
    }
  });
});

describe('faults and commands', () => {
  it('repeats the frozen readings while a sensor is stuck', () => {
    const rng = createRng(10);
    let m = stepModel(createModel('pressure_point', 10, 7, WINTER), WINTER + 30 * S, rng);
    m = injectFault(m, 'stuck', m.t, 10 * MIN);
    const frozen = m.values;
    const during = run(m, m.t + 30 * S, m.t + 5 * MIN, 30 * S, rng);
    for (const s of during) expect(s.values).toEqual(frozen);
    expect(run(m, m.t + 11 * MIN, m.t + 12 * MIN, 30 * S, rng).at(-1)?.values).not.toEqual(frozen);
  });

  it('goes offline for the fault duration', () => {
    const m = injectFault(createModel('rain_gauge', 11, 7, WINTER), 'offline', WINTER, 5 * MIN);
    expect(isOffline(m, WINTER + 4 * MIN)).toBe(true);
    expect(isOffline(m, WINTER + 5 * MIN)).toBe(false);
  });

  it('starts random faults at a plausible rate only when asked', () => {
    const count = (faults: boolean) => {
      let n = 0;
      let prev = createModel('booster_station', 12, 7, WINTER);
      for (let t = WINTER; t < WINTER + 30 * 24 * 60 * MIN; t += 5 * MIN) {
        const m = stepModel(prev, t, createRng(t), { faults });
        if (m.faults !== prev.faults) n++;
        prev = m;
      }
      return n;
    };
    expect(count(false)).toBe(0);
    // 720 hours at mean times between faults of 150/300/120 h: about 13.
    expect(count(true)).toBeGreaterThan(3);
    expect(count(true)).toBeLessThan(30);
  });

  it('refuses what the device cannot do, with a reason', () => {
    const t = WINTER + 3 * 60 * MIN;
    const booster = createModel('booster_station', 13, 7, t);
    expect(applyCommand(booster, 'set_pressure', { value: 0.9 })).toMatchObject({
      ok: false,
      message: 'above_max value 0.6',
    });
    const stopped = applyCommand(booster, 'stop_pump', { pump: 1 });
    expect(stopped.ok).toBe(true);
    expect(applyCommand(stopped.model, 'set_pressure', { value: 0.32 })).toMatchObject({
      ok: false,
      message: 'no pump running',
    });
    expect(applyCommand(booster, 'start_pump', { pump: 4 }).ok).toBe(false);
    expect(applyCommand(createModel('rain_gauge', 1, 7, t), 'start_pump', { pump: 1 }).ok).toBe(false);
  });

  it('shuts the gas station on close_valve and lets the outlet pressure fall', () => {
    const rng = createRng(14);
    const m0 = createModel('gas_regulator', 14, 7, WINTER);
    const out = applyCommand(m0, 'close_valve', {});
    expect(out.ok).toBe(true);
    const m1 = run(out.model, WINTER + 30 * S, WINTER + 5 * MIN, 10 * S, rng).at(-1);
    expect(m1?.values['shutoff_valve_state']).toBe(0);
    expect(m1?.values['outlet_pressure']).toBeLessThan(0.5);
  });

  it('lets the gas leak alarm levels be reached by a burst', () => {
    const m = injectFault(createModel('gas_regulator', 15, 7, WINTER), 'burst', WINTER, 30 * MIN);
    const peak = Math.max(
      ...run(m, WINTER + 10 * S, WINTER + 10 * MIN, 10 * S, createRng(15)).map(
        (s) => s.values['gas_concentration'] ?? 0,
      ),
    );
    expect(peak).toBeGreaterThan(50);
  });
});
