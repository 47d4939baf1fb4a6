import { isSeedDeviceType, reportIntervalS, seedProfile } from '@cityloop/domain/telemetry/index';
import { SimDevice, type DeviceCounters } from './device.js';
import { createRng, hashSeed } from './environment.js';
import { canHaveFault, createModel, type FaultKind } from './models.js';
import type { VehiclePlan } from './vehicles.js';

/**
 * A fleet of simulated devices, one real MQTT connection each, speaking the device contract
 * (cityloop/v1/devices/{id}/...). Used by `npm run simulate` for the demo and by load tests.
 */

export interface SimDeviceSpec {
  id: string;
  type: string;
  token: string;
  /** A vehicle's route and shift (GET /api/sanitation/vehicles). */
  plan?: VehiclePlan;
}

export interface FleetOptions {
  url: string;
  devices: readonly SimDeviceSpec[];
  /** Overrides every device's reporting interval (its profile's otherwise). */
  intervalMs?: number;
  /** Replays the same physics, noise and random faults for the same seed. */
  seed?: number;
  /** Random faults: bursts, stuck sensors, devices dropping offline. */
  faults?: boolean;
  onLog?: (line: string) => void;
  /** How long a device takes to carry out a command (random 0.5–1.5 s otherwise). */
  commandDelayMs?: number;
  /** Connections opened at once, so a large fleet does not hit the broker in one burst. */
  connectConcurrency?: number;
}

export interface FleetStats extends DeviceCounters {
  devices: number;
  connected: number;
  /** Devices inside an offline fault. */
  offline: number;
  /** Devices whose connection the broker refused (wrong token). */
  refused: number;
  /** Specs skipped because their type has no simulation model. */
  skipped: number;
}

export interface FaultRequest {
  kind: FaultKind;
  durationMs?: number;
}

export interface Fleet {
  /** Settles once every device's first connection attempt has (connected or been refused). */
  ready: Promise<void>;
  stats(): FleetStats;
  /** Starts a fault on one device now; false when the device is unknown or cannot have it. */
  injectFault(deviceId: string, fault: FaultKind | FaultRequest): boolean;
  stop(): Promise<void>;
}

const DEFAULT_FAULT_MS: Record<FaultKind, number> = {
  burst: 20 * 60_000,
  stuck: 30 * 60_000,
  offline: 3 * 60_000,
};

export function startFleet(options: FleetOptions): Fleet {
  const seed = options.seed ?? 1;
  const log = options.onLog ?? (() => undefined);
  const counters: DeviceCounters = { telemetry: 0, readings: 0, commands: 0, acks: 0, faults: 0, errors: 0 };
  const devices = new Map<string, { sim: SimDevice; type: string }>();
  let skipped = 0;

  const now = Date.now();
  for (const spec of options.devices) {
    const profile = seedProfile(spec.type);
    if (!profile || !isSeedDeviceType(spec.type)) {
      skipped++;
      log(`${spec.id}: no model for device type ${spec.type}, skipped`);
      continue;
    }
    const deviceSeed = hashSeed(seed, spec.id);
    const sim = new SimDevice({
      id: spec.id,
      token: spec.token,
      url: options.url,
      intervalMs: options.intervalMs ?? reportIntervalS(profile) * 1000,
      model: createModel(spec.type, deviceSeed, seed, now, spec.plan),
      rng: createRng(deviceSeed),
      jitter: createRng(hashSeed(seed, spec.id, 'jitter')),
      faults: options.faults ?? false,
      commandDelayMs: options.commandDelayMs,
      counters,
      log,
    });
    devices.set(spec.id, { sim, type: spec.type });
  }

  let stopping = false;
  const ready = startAll(
    [...devices.values()].map((d) => d.sim),
    options.connectConcurrency ?? 50,
    () => stopping,
  );

  return {
    ready,
    stats() {
      const sims = [...devices.values()].map((d) => d.sim);
      return {
        ...counters,
        devices: sims.length,
        connected: sims.filter((s) => s.connected).length,
        offline: sims.filter((s) => s.offline).length,
        refused: sims.filter((s) => s.failed).length,
        skipped,
      };
    },
    injectFault(deviceId, fault) {
      const req: FaultRequest = typeof fault === 'string' ? { kind: fault } : fault;
      const d = devices.get(deviceId);
      if (!d || !canHaveFault(d.type, req.kind)) return false;
      d.sim.injectFault(req.kind, req.durationMs ?? DEFAULT_FAULT_MS[req.kind]);
      return true;
    },
    async stop() {
      stopping = true;
      await Promise.all([...devices.values()].map((d) => d.sim.stop()));
    },
  };
}

/** Starts devices with at most `limit` connection attempts in flight. */
async function startAll(sims: SimDevice[], limit: number, stopping: () => boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < sims.length && !stopping()) {
      const sim = sims[next++];
      if (sim) await sim.start();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, sims.length) }, worker));
}
