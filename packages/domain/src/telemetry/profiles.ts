import type { AlarmRuleDef } from './alarms.js';
import { SEED_PROFILES } from './seed-profiles.js';

/**
 * Device profiles: what a kind of device reports, what it accepts and which alarm rules a new
 * device of that kind starts with. The seed set covers the demo city's utilities; an operator may
 * add profiles later, so `type` is an open string and the seed types are listed separately.
 */

export type MetricKind = 'gauge' | 'state' | 'counter';

export interface MetricDef {
  key: string;
  /** Chinese display name. */
  name: string;
  /** English display name (pages fall back to `name` without it). */
  nameEn?: string;
  unit: string;
  /** Physically possible range: a reading outside it is a broken sensor, not an alarm, and is dropped. */
  min: number;
  max: number;
  expectedIntervalS: number;
  /** gauge: a measured value; state: an integer code (0/1 for pumps and valves); counter: never decreases. */
  kind: MetricKind;
}

export interface CommandParamDef {
  key: string;
  unit?: string;
  min: number;
  max: number;
  /** Largest change from the current value one command may make (a range interlock). */
  maxStep?: number;
  /** The metric whose latest reading is the "current value" that maxStep is measured from. */
  currentMetric?: string;
  integer?: boolean;
}

export interface CommandDef {
  name: string;
  /** Chinese display label. */
  label: string;
  /** English display label (pages fall back to `label` without it). */
  labelEn?: string;
  params: readonly CommandParamDef[] | null;
  /** A critical command needs a second operator's confirmation before it is queued. */
  critical: boolean;
}

export interface DeviceProfile {
  type: string;
  /** Chinese name. */
  name: string;
  nameEn: string;
  metrics: readonly MetricDef[];
  commands: readonly CommandDef[];
  defaultRules: readonly AlarmRuleDef[];
}

export { SEED_PROFILES };

export const SEED_DEVICE_TYPES = [
  'water_plant',
  'booster_station',
  'pressure_point',
  'heat_station',
  'gas_regulator',
  'drainage_station',
  'rain_gauge',
  'waterlogging_gauge',
  'sweeper',
  'washer',
  'garbage_truck',
  'streetlight_cabinet',
  'snow_gauge',
] as const;
export type SeedDeviceType = (typeof SEED_DEVICE_TYPES)[number];

export function isSeedDeviceType(type: string): type is SeedDeviceType {
  return (SEED_DEVICE_TYPES as readonly string[]).includes(type);
}

export function seedProfile(type: string): DeviceProfile | undefined {
  return SEED_PROFILES.find((p) => p.type === type);
}

export function metricDef(profile: DeviceProfile, key: string): MetricDef | undefined {
  return profile.metrics.find((m) => m.key === key);
}

export function commandDef(profile: DeviceProfile, name: string): CommandDef | undefined {
  return profile.commands.find((c) => c.name === name);
}

/** How often a device of this profile publishes: its most frequent metric's interval. */
export function reportIntervalS(profile: DeviceProfile): number {
  return Math.min(...profile.metrics.map((m) => m.expectedIntervalS));
}
