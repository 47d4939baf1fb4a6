import { parseArgs } from 'node:util';
import { SCENARIOS, type ScenarioKind } from './environment.js';
import type { SimDeviceSpec } from './fleet.js';

/** Command-line options of `npm run simulate`, parsed and checked before anything connects. */
export interface CliOptions {
  devices: number;
  /** Whether --devices was given (it then also caps a --devices-file list). */
  devicesGiven: boolean;
  url: string;
  api: string;
  seed: number;
  intervalMs: number | undefined;
  faults: boolean;
  devicesFile: string | undefined;
  /** The administrator the simulator signs in as to fetch the fleet's tokens (password: CITYLOOP_PASSWORD). */
  user: string;
  /** A weather scenario starting now (rainstorm, typhoon or snow), or none. */
  scenario: ScenarioKind | undefined;
  help: boolean;
}

export const USAGE = `Usage: npm run simulate -- [options]
  --devices N          devices to simulate (default 200)
  --url URL            MQTT broker (default mqtt://127.0.0.1:1883)
  --api URL            server asked for device ids and tokens (default http://localhost:8080)
  --user NAME          administrator to sign in as there (default admin); the password comes
                       from CITYLOOP_PASSWORD (default: the demo's, cityloop)
  --devices-file PATH  read [{id,type,token}] from a JSON file instead of asking the server
  --seed N             random seed (default 1)
  --interval-ms N      report interval for every device (default: each profile's own)
  --faults             inject random faults (bursts, stuck sensors, devices going offline)
  --scenario KIND      weather from now on: rainstorm (4 h, ~140 mm), typhoon (12 h, ~210 mm)
                       or snow (8 h, ~10 mm water equivalent at −5 °C) for the emergency flow`;

export class CliError extends Error {}

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new CliError(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new CliError(`--${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new CliError(`--${name} must use ${protocols.join(' or ')}, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

export function parseCliArgs(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        devices: { type: 'string' },
        url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
        api: { type: 'string', default: 'http://localhost:8080' },
        seed: { type: 'string' },
        'interval-ms': { type: 'string' },
        faults: { type: 'boolean', default: false },
        'devices-file': { type: 'string' },
        user: { type: 'string', default: 'admin' },
        scenario: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e));
  }
  const interval = values['interval-ms'];
  const scenario = values.scenario;
  if (scenario !== undefined && !(SCENARIOS as readonly string[]).includes(scenario))
    throw new CliError(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${scenario}"`);
  return {
    devices: positiveInt('devices', values.devices, 200),
    devicesGiven: values.devices !== undefined,
    url: url('url', values.url, ['mqtt:', 'mqtts:', 'ws:', 'wss:', 'tcp:']),
    api: url('api', values.api, ['http:', 'https:']),
    seed: positiveInt('seed', values.seed, 1, 0),
    intervalMs: interval === undefined ? undefined : positiveInt('interval-ms', interval, 0, 100),
    faults: values.faults,
    devicesFile: values['devices-file'],
    user: values.user,
    scenario: scenario as ScenarioKind | undefined,
    help: values.help,
  };
}

/** Checks a device list from a file or the server: [{id, type, token}] with string fields. */
export function parseDeviceList(raw: unknown, source: string): SimDeviceSpec[] {
  if (!Array.isArray(raw)) throw new CliError(`${source}: expected a JSON array of {id, type, token}`);
  return raw.map((d: unknown, i) => {
    if (typeof d !== 'object' || d === null) throw new CliError(`${source}[${i}]: not an object`);
    const { id, type, token } = d as Record<string, unknown>;
    if (typeof id !== 'string' || typeof type !== 'string' || typeof token !== 'string') {
      throw new CliError(`${source}[${i}]: id, type and token must be strings`);
    }
    return { id, type, token };
  });
}
