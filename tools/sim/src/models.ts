import type { SeedDeviceType } from '@cityloop/domain/telemetry/index';
import {
  clamp,
  createRng,
  gaussian,
  heatingLoad,
  lag,
  outdoorTemperature,
  rainIntensity,
  snowIntensity,
  waterDemandFactor,
  type Rng,
} from './environment.js';
import { vehicleAt, type LonLat, type VehiclePlan, type VehicleType } from './vehicles.js';

/**
 * Physical models of the seed device types. Pure: a model is plain data, `stepModel` returns the
 * next one and every random draw comes from the Rng passed in, so a seed replays a run exactly.
 * Readings come out keyed by the metric keys of the device's seed profile.
 */

export const FAULT_KINDS = ['burst', 'stuck', 'offline'] as const;
/** burst: a main (or, at a gas station, a pipe) breaks; stuck: the sensor repeats itself; offline: the link drops. */
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Faults {
  burstUntil: number;
  stuckUntil: number;
  offlineUntil: number;
}

export type Physics =
  | { type: 'water_plant'; tank: number; outletP: number }
  | { type: 'booster_station'; setpoint: number; discharge: number; pumps: number[] }
  | { type: 'pressure_point'; base: number; pressure: number; battery: number }
  | {
      type: 'heat_station';
      valve: number;
      pumpOn: number;
      primSupply: number;
      secSupply: number;
      secReturn: number;
      secPressure: number;
    }
  | { type: 'gas_regulator'; valveOpen: number; reopenAt: number; outlet: number; concentration: number }
  | { type: 'drainage_station'; sump: number; pumps: number[] }
  | { type: 'rain_gauge'; factor: number; totalTenths: number; bucket: number; lastTenths: number }
  | { type: 'waterlogging_gauge'; factor: number; depth: number }
  | { type: 'snow_gauge'; factor: number; lastMm: number; depthCm: number; airC: number }
  | { type: 'streetlight_cabinet'; on: number; manualUntil: number }
  | {
      type: VehicleType;
      plan: VehiclePlan;
      pos: LonLat;
      onShift: boolean;
      speed: number;
      fill: number;
    };

export interface DeviceModel {
  /** The city's seed: rain is shared by every device. */
  worldSeed: number;
  /** Time of the last step (epoch ms). */
  t: number;
  physics: Physics;
  /** The readings at `t`. */
  values: Record<string, number>;
  faults: Faults;
}

const NO_FAULTS: Faults = { burstUntil: 0, stuckUntil: 0, offlineUntil: 0 };
export const MINUTE_MS = 60_000;

/** A fresh device, its state varied by its own seed so a fleet does not move in lockstep. */
export function createModel(
  type: SeedDeviceType,
  deviceSeed: number,
  worldSeed: number,
  tMs: number,
  /** A vehicle's route and shift (a vehicle without one stands still at 0, 0). */
  plan?: VehiclePlan,
): DeviceModel {
  const r = createRng(deviceSeed);
  const load = heatingLoad(outdoorTemperature(tMs));
  const physics = ((): Physics => {
    switch (type) {
      case 'water_plant':
        return { type, tank: 3 + r(), outletP: 0.42 };
      case 'booster_station':
        return { type, setpoint: 0.3 + Math.round(r() * 4) * 0.01, discharge: 0.3, pumps: [1, 0] };
      case 'pressure_point':
        return { type, base: 0.24 + 0.1 * r(), pressure: 0.28, battery: 60 + 40 * r() };
      case 'heat_station':
        return {
          type,
          valve: Math.round(25 + 55 * load),
          pumpOn: 1,
          primSupply: 55 + 55 * load,
          secSupply: 35 + 15 * load,
          secReturn: 30 + 8 * load,
          secPressure: 0.48,
        };
      case 'gas_regulator':
        return { type, valveOpen: 1, reopenAt: 0, outlet: 2.9, concentration: 0.4 };
      case 'drainage_station':
        return { type, sump: 1 + r(), pumps: [0, 0, 0] };
      case 'rain_gauge':
        return { type, factor: 0.8 + 0.4 * r(), totalTenths: 0, bucket: 0, lastTenths: 0 };
      case 'waterlogging_gauge':
        return { type, factor: 0.6 + r(), depth: 0 };
      case 'snow_gauge':
        return { type, factor: 0.85 + 0.3 * r(), lastMm: 0, depthCm: 0, airC: outdoorTemperature(tMs) };
      case 'streetlight_cabinet':
        return { type, on: lightsScheduled(tMs) ? 1 : 0, manualUntil: 0 };
      case 'sweeper':
      case 'washer':
      case 'garbage_truck': {
        const p = plan ?? { route: [[0, 0]], shiftStartMin: 0, shiftEndMin: 0 };
        const now = vehicleAt(type, p, tMs);
        return {
          type,
          plan: p,
          pos: now.position,
          onShift: now.onShift,
          speed: now.speedKmh,
          fill: 5 + 20 * r(),
        };
      }
    }
  })();
  const model: DeviceModel = { worldSeed, t: tMs, physics, values: {}, faults: NO_FAULTS };
  return { ...model, values: observe(model, r) };
}

const BURSTABLE = new Set<string>([
  'water_plant',
  'booster_station',
  'pressure_point',
  'heat_station',
  'gas_regulator',
]);

// Mean time between random faults per device, hours; and how long each lasts, minutes.
const FAULT_MTBF_H: Record<FaultKind, number> = { burst: 150, stuck: 300, offline: 120 };
const FAULT_MINUTES: Record<FaultKind, [number, number]> = {
  burst: [15, 40],
  stuck: [20, 60],
  offline: [1, 6],
};

export function canHaveFault(type: string, kind: FaultKind): boolean {
  return kind !== 'burst' || BURSTABLE.has(type);
}

/** Starts a fault now; a stuck sensor freezes the readings of this moment. */
export function injectFault(
  model: DeviceModel,
  kind: FaultKind,
  tMs: number,
  durationMs: number,
): DeviceModel {
  const until = tMs + durationMs;
  const f = model.faults;
  const faults: Faults =
    kind === 'burst'
      ? { ...f, burstUntil: until }
      : kind === 'stuck'
        ? { ...f, stuckUntil: until }
        : { ...f, offlineUntil: until };
  return { ...model, faults };
}

export function isOffline(model: DeviceModel, tMs: number): boolean {
  return model.faults.offlineUntil > tMs;
}

/** Advances the model to tMs; with `faults` on, random faults start at their mean rates. */
export function stepModel(
  model: DeviceModel,
  tMs: number,
  rng: Rng,
  opts: { faults?: boolean } = {},
): DeviceModel {
  const dtS = Math.max(0, (tMs - model.t) / 1000);
  let next: DeviceModel = { ...model, t: tMs };
  if (opts.faults) {
    for (const kind of FAULT_KINDS) {
      const active = faultUntil(next.faults, kind) > tMs;
      const p = 1 - Math.exp(-dtS / 3600 / FAULT_MTBF_H[kind]);
      if (!active && canHaveFault(model.physics.type, kind) && rng() < p) {
        const [lo, hi] = FAULT_MINUTES[kind];
        next = injectFault(next, kind, tMs, (lo + (hi - lo) * rng()) * MINUTE_MS);
      }
    }
  }
  next = { ...next, physics: stepPhysics(next, dtS) };
  const stuck = next.faults.stuckUntil > tMs;
  return { ...next, values: stuck ? model.values : observe(next, rng) };
}

/** Lights on from 17:30 to 06:00 Beijing time (a winter timetable; the city's own comes later). */
export function lightsScheduled(tMs: number): boolean {
  const minute = Math.floor(((tMs + 8 * 3_600_000) % 86_400_000) / 60_000);
  return minute >= 17 * 60 + 30 || minute < 6 * 60;
}

export function faultUntil(f: Faults, kind: FaultKind): number {
  return kind === 'burst' ? f.burstUntil : kind === 'stuck' ? f.stuckUntil : f.offlineUntil;
}

function stepPhysics(m: DeviceModel, dt: number): Physics {
  const p = m.physics;
  const t = m.t;
  const burst = m.faults.burstUntil > t;
  const demand = waterDemandFactor(t);
  const rain = rainIntensity(t, m.worldSeed);
  switch (p.type) {
    case 'water_plant': {
      // The plant trims production to hold the clear-water tank near 3.5 m; demand swings it.
      const production = clamp(8000 + 1500 * (3.5 - p.tank), 5000, 11000);
      const tank = clamp(p.tank + ((production - 8000 * demand) * dt) / 3600 / 5000, 0.3, 7.5);
      const target = 0.42 - 0.06 * (demand - 1) - (burst ? 0.15 : 0);
      return { ...p, tank, outletP: lag(p.outletP, target, dt, 30) };
    }
    case 'booster_station': {
      const suction = 0.22 - 0.04 * (demand - 1);
      const running = p.pumps.reduce((a, b) => a + b, 0);
      let target =
        running > 0
          ? Math.min(p.setpoint - 0.03 * (demand - 1) * (running === 1 ? 1.5 : 1), suction + 0.45)
          : suction;
      if (burst) target -= 0.22;
      return { ...p, discharge: lag(p.discharge, Math.max(0.02, target), dt, 20) };
    }
    case 'pressure_point': {
      const target = Math.max(0.01, p.base - 0.07 * (demand - 1) - (burst ? 0.18 : 0));
      return {
        ...p,
        pressure: lag(p.pressure, target, dt, 20),
        battery: Math.max(5, p.battery - (dt / 86400) * 0.5),
      };
    }
    case 'heat_station': {
      const load = heatingLoad(outdoorTemperature(t));
      // The plant compensates supply temperature for the weather; the station's valve sets its share.
      const primSupply = lag(p.primSupply, 55 + 55 * load, dt, 600);
      const eff = p.pumpOn ? 0.72 * Math.sqrt(p.valve / 100) : 0.1;
      const secSupply = lag(p.secSupply, 22 + (primSupply - 22) * eff, dt, 300);
      const returnTarget = p.pumpOn ? Math.max(20, secSupply - (3 + 9 * load)) : secSupply - 1;
      const pressureTarget = burst ? 0.04 : p.pumpOn ? 0.48 : 0.32;
      return {
        ...p,
        primSupply,
        secSupply,
        secReturn: lag(p.secReturn, returnTarget, dt, 300),
        secPressure: lag(p.secPressure, pressureTarget, dt, 60),
      };
    }
    case 'gas_regulator': {
      // A crew restores a closed station after its inspection, unless the leak is still there.
      const valveOpen = p.valveOpen || (t >= p.reopenAt && !burst) ? 1 : 0;
      const outletTarget = valveOpen ? 2.9 - 0.25 * (demand - 1) : 0.05;
      const leakTarget = burst ? (valveOpen ? 58 : 6) : 0.4;
      return {
        ...p,
        valveOpen,
        outlet: lag(p.outlet, outletTarget, dt, 30),
        concentration: lag(p.concentration, leakTarget, dt, burst && valveOpen ? 60 : 180),
      };
    }
    case 'drainage_station': {
      // The local PLC starts one more pump above 3 m and stops them all below 1 m.
      const pumps = [...p.pumps];
      const idle = pumps.indexOf(0);
      if (p.sump > 3 && idle >= 0) pumps[idle] = 1;
      if (p.sump < 1) pumps.fill(0);
      const outflow = p.sump > 0.3 ? pumps.reduce((a, b) => a + b, 0) * 3000 : 0;
      const inflow = 300 + rain * 350;
      return { ...p, pumps, sump: clamp(p.sump + ((inflow - outflow) * dt) / 3600 / 400, 0, 9.8) };
    }
    case 'rain_gauge': {
      // A tipping bucket: rain is counted in whole 0.1 mm tips, the remainder waits in the bucket.
      const bucket = p.bucket + (rain * p.factor * dt) / 3600;
      const tips = Math.floor(bucket * 10 + 1e-9);
      return { ...p, bucket: bucket - tips / 10, lastTenths: tips, totalTenths: p.totalTenths + tips };
    }
    case 'waterlogging_gauge': {
      // Rain beyond what the inlets take (about 8 mm/h) gathers in the low point; the drains and
      // pumps carry water away faster the deeper it stands, so a long storm levels off.
      const local = rain * p.factor;
      const inCmPerH = Math.max(0, local - 8);
      const outCmPerH = p.depth > 0 ? 8 + 0.4 * p.depth : 0;
      return { ...p, depth: clamp(p.depth + ((inCmPerH - outCmPerH) * dt) / 3600, 0, 190) };
    }
    case 'snow_gauge': {
      // Melted snow per report; on the ground about 1 cm of snow per mm of water, melting above 0 °C.
      const airC = outdoorTemperature(t);
      const mm = (snowIntensity(t, m.worldSeed) * p.factor * dt) / 3600;
      const melt = airC > 0 ? (0.4 * airC * dt) / 3600 : 0;
      return { ...p, lastMm: mm, airC, depthCm: clamp(p.depthCm + mm - melt, 0, 200) };
    }
    case 'streetlight_cabinet':
      // The cabinet's timer switches by the clock; a remote switch holds for two hours.
      return t >= p.manualUntil ? { ...p, on: lightsScheduled(t) ? 1 : 0 } : p;
    case 'sweeper':
    case 'washer':
    case 'garbage_truck': {
      // A working vehicle fills its hopper (a washer empties its tank); after the shift it is
      // emptied (refilled) at the depot.
      const now = vehicleAt(p.type, p.plan, t);
      const perMin = p.type === 'washer' ? -0.6 : p.type === 'sweeper' ? 0.4 : 0.3;
      const fill = now.onShift ? clamp(p.fill + (perMin * dt) / 60, 0, 100) : p.type === 'washer' ? 100 : 5;
      return { ...p, pos: now.position, onShift: now.onShift, speed: now.speedKmh, fill };
    }
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Sensor readings of the current physical state, with measurement noise. */
function observe(m: DeviceModel, rng: Rng): Record<string, number> {
  const p = m.physics;
  const t = m.t;
  const n = (sd: number) => sd * gaussian(rng);
  const burst = m.faults.burstUntil > t;
  const demand = waterDemandFactor(t);
  switch (p.type) {
    case 'water_plant':
      return {
        outflow: Math.round(8000 * demand * (burst ? 1.25 : 1) * (1 + n(0.01))),
        outlet_pressure: r3(Math.max(0, p.outletP + n(0.002))),
        turbidity: r2(
          clamp(0.22 + 0.4 * Math.min(rainIntensity(t, m.worldSeed) / 30, 1) + n(0.02), 0.05, 20),
        ),
        residual_chlorine: r2(clamp(0.65 + n(0.03), 0, 5)),
        tank_level: r2(p.tank + n(0.01)),
      };
    case 'booster_station': {
      const running = p.pumps.reduce((a, b) => a + b, 0);
      const flow = (running ? 1500 * demand * (running === 2 ? 1.15 : 1) : 250 * demand) * (burst ? 1.7 : 1);
      return {
        suction_pressure: r3(Math.max(0, 0.22 - 0.04 * (demand - 1) - (burst ? 0.03 : 0) + n(0.002))),
        discharge_pressure: r3(Math.max(0, p.discharge + n(0.003))),
        flow: r1(Math.max(0, flow * (1 + n(0.01)))),
        pump1_state: p.pumps[0] ?? 0,
        pump2_state: p.pumps[1] ?? 0,
        pressure_setpoint: r3(p.setpoint),
      };
    }
    case 'pressure_point':
      return { pressure: r3(Math.max(0, p.pressure + n(0.003))), battery: r1(p.battery) };
    case 'heat_station': {
      const load = heatingLoad(outdoorTemperature(t));
      const primReturn = Math.max(
        25,
        p.primSupply - (10 + 30 * load) * (p.valve / 100) * (p.pumpOn ? 1 : 0.3),
      );
      return {
        primary_supply_temp: r1(p.primSupply + n(0.2)),
        primary_return_temp: r1(primReturn + n(0.2)),
        secondary_supply_temp: r1(p.secSupply + n(0.15)),
        secondary_return_temp: r1(p.secReturn + n(0.15)),
        primary_supply_pressure: r3(0.95 + n(0.005)),
        primary_return_pressure: r3(0.38 + n(0.005)),
        secondary_supply_pressure: r3(Math.max(0, p.secPressure + n(0.003))),
        secondary_return_pressure: r3(Math.max(0, p.secPressure - (p.pumpOn ? 0.18 : 0.02) + n(0.003))),
        flow: r1(p.pumpOn ? Math.max(0, (90 + 110 * load) * (1 + n(0.01))) : 0),
        valve_opening: r1(p.valve),
        circ_pump_state: p.pumpOn,
      };
    }
    case 'gas_regulator':
      return {
        inlet_pressure: r1(300 - 25 * (demand - 1) + n(2)),
        outlet_pressure: r3(Math.max(0, p.outlet + n(0.02))),
        gas_concentration: r1(clamp(p.concentration + n(0.2), 0, 100)),
        shutoff_valve_state: p.valveOpen,
      };
    case 'drainage_station': {
      const running = p.pumps.reduce((a, b) => a + b, 0);
      return {
        sump_level: r2(clamp(p.sump + n(0.01), 0, 10)),
        pump1_state: p.pumps[0] ?? 0,
        pump2_state: p.pumps[1] ?? 0,
        pump3_state: p.pumps[2] ?? 0,
        flow: Math.round(p.sump > 0.3 ? running * 3000 * (1 + n(0.01)) : 0),
      };
    }
    case 'rain_gauge':
      return { rainfall: p.lastTenths / 10, rainfall_total: p.totalTenths / 10 };
    case 'waterlogging_gauge':
      return { depth: r1(Math.max(0, p.depth > 0.2 ? p.depth + n(0.3) : n(0.1))) };
    case 'snow_gauge':
      return {
        snowfall: Math.round(p.lastMm * 100) / 100,
        snow_depth: r1(Math.max(0, p.depthCm > 0.2 ? p.depthCm + n(0.2) : 0)),
        air_temp: r1(p.airC + n(0.2)),
      };
    case 'streetlight_cabinet':
      return {
        circuit_state: p.on,
        current: r1(p.on ? Math.max(0, 62 + n(1.5)) : Math.max(0, 0.3 + n(0.05))),
        voltage: r1(221 + n(1.2)),
        fault: 0,
      };
    case 'sweeper':
    case 'washer':
    case 'garbage_truck': {
      // GPS: about 2 m of noise.
      const pos = {
        lon: Math.round((p.pos[0] + n(0.00002)) * 1e6) / 1e6,
        lat: Math.round((p.pos[1] + n(0.00002)) * 1e6) / 1e6,
        speed: r1(p.onShift ? Math.max(0, p.speed + n(0.5)) : 0),
        fill: r1(clamp(p.fill, 0, 100)),
      };
      const on = p.onShift ? 1 : 0;
      if (p.type === 'garbage_truck') return { ...pos, lift: p.onShift && rng() < 0.1 ? 1 : 0 };
      return { ...pos, brush: p.type === 'sweeper' ? on : 0, water: on };
    }
  }
}
