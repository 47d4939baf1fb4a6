import { readFile } from 'node:fs/promises';
import { CliError, parseCliArgs, parseDeviceList, USAGE, type CliOptions } from './args.js';
import { setScenario } from './environment.js';
import { startFleet, type FleetStats, type SimDeviceSpec } from './fleet.js';
import { isVehicleType } from './vehicles.js';

/** `npm run simulate -- --devices N`: runs a simulated device fleet against the broker. */

const STATS_EVERY_MS = 10_000;

async function loadDevices(opts: CliOptions): Promise<SimDeviceSpec[]> {
  if (opts.devicesFile) {
    let text: string;
    try {
      text = await readFile(opts.devicesFile, 'utf8');
    } catch (e) {
      throw new CliError(`--devices-file: cannot read ${opts.devicesFile}: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliError(`--devices-file: ${opts.devicesFile} is not JSON`);
    }
    const list = parseDeviceList(json, opts.devicesFile);
    return opts.devicesGiven ? list.slice(0, opts.devices) : list;
  }
  // The server hands out the demo fleet with its tokens to an administrator.
  const cookie = await signIn(opts);
  const endpoint = `${opts.api}/api/sim/devices?limit=${opts.devices}`;
  const res = await request(endpoint, { headers: { cookie } });
  if (!res.ok) throw new CliError(`${endpoint} answered ${res.status} ${res.statusText}`);
  const list = parseDeviceList(await res.json(), endpoint);
  return withVehiclePlans(opts, cookie, list);
}

/** Sanitation vehicles drive the route and shift the server holds for them. */
async function withVehiclePlans(
  opts: CliOptions,
  cookie: string,
  list: SimDeviceSpec[],
): Promise<SimDeviceSpec[]> {
  if (!list.some((d) => isVehicleType(d.type))) return list;
  const url = `${opts.api}/api/sanitation/vehicles`;
  const res = await request(url, { headers: { cookie } });
  if (!res.ok) throw new CliError(`${url} answered ${res.status} ${res.statusText}`);
  const plans = new Map(
    ((await res.json()) as { items: VehicleInfo[] }).items.map((v) => [
      v.deviceId,
      { route: v.route, shiftStartMin: minutesOf(v.shiftStart), shiftEndMin: minutesOf(v.shiftEnd) },
    ]),
  );
  return list.map((d) => {
    const plan = plans.get(d.id);
    return plan ? { ...d, plan } : d;
  });
}

interface VehicleInfo {
  deviceId: string;
  route: Array<[number, number]>;
  shiftStart: string;
  shiftEnd: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

async function request(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new CliError(
      `cannot reach ${url} (${(e as Error).message}); start the server or pass --devices-file`,
    );
  }
}

/** Signs in as the administrator and returns the session cookie to send. */
async function signIn(opts: CliOptions): Promise<string> {
  // The demo's documented password unless told otherwise (a start with DEMO=false has its own).
  const password = process.env.CITYLOOP_PASSWORD ?? 'cityloop';
  const url = `${opts.api}/api/auth/login`;
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: opts.user, password }),
  });
  if (!res.ok)
    throw new CliError(
      `signing in as ${opts.user} at ${url} answered ${res.status}: set CITYLOOP_PASSWORD, --user or pass --devices-file`,
    );
  const session = res.headers.getSetCookie().find((c) => c.startsWith('cl_session='));
  if (!session) throw new CliError(`${url} set no session cookie`);
  return session.split(';')[0]!;
}

function statsLine(s: FleetStats, msgsPerS?: number): string {
  const rate = msgsPerS === undefined ? '' : ` (${msgsPerS.toFixed(1)}/s)`;
  return [
    `${s.connected}/${s.devices} connected`,
    `${s.offline} offline`,
    s.refused ? `${s.refused} refused` : null,
    `${s.telemetry} msgs${rate}`,
    `${s.readings} readings`,
    `${s.commands} commands`,
    `${s.acks} acks`,
    `${s.faults} faults`,
    `${s.errors} errors`,
  ]
    .filter((x) => x !== null)
    .join(' · ');
}

async function main(): Promise<void> {
  const opts = parseCliArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const devices = await loadDevices(opts);
  if (devices.length === 0) throw new CliError('no devices to simulate');
  const stamp = () => new Date().toISOString().slice(11, 19);
  if (opts.scenario) {
    setScenario({ kind: opts.scenario, startMs: Date.now() });
    console.log(`[sim] scenario ${opts.scenario} from ${stamp()}`);
  }
  console.log(
    `[sim] ${devices.length} devices → ${opts.url} (seed ${opts.seed}${opts.faults ? ', faults on' : ''})`,
  );

  const fleet = startFleet({
    url: opts.url,
    devices,
    seed: opts.seed,
    intervalMs: opts.intervalMs,
    faults: opts.faults,
    onLog: (line) => console.log(`[sim ${stamp()}] ${line}`),
  });

  let prev = fleet.stats();
  let prevAt = Date.now();
  const timer = setInterval(() => {
    const s = fleet.stats();
    console.log(
      `[sim ${stamp()}] ${statsLine(s, ((s.telemetry - prev.telemetry) * 1000) / (Date.now() - prevAt))}`,
    );
    prev = s;
    prevAt = Date.now();
  }, STATS_EVERY_MS);

  let stopping = false;
  process.on('SIGINT', () => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait for goodbyes
    stopping = true;
    clearInterval(timer);
    console.log('[sim] stopping: devices say offline and disconnect…');
    fleet.stop().then(
      () => {
        console.log(`[sim] stopped. ${statsLine(fleet.stats())}`);
        process.exit(0);
      },
      (e: unknown) => {
        console.error('[sim] stop failed', e);
        process.exit(1);
      },
    );
  });
}

main().catch((e: unknown) => {
  if (e instanceof CliError) {
    console.error(`[sim] ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
