import { DomainError } from '@cityloop/domain';
import { loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { listenWithFallback, PortTakenError } from './net/listen.js';
import { startFleet, type Fleet } from '@cityloop/sim';
import { startMqtt, type MqttRuntime } from './mqtt/runtime.js';
import { startJobs } from './jobs/jobs.js';

function banner(lines: string[]) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.log(`\n${'='.repeat(width)}\n${lines.map((l) => `  ${l}`).join('\n')}\n${'='.repeat(width)}\n`);
}

async function main(config: Config) {
  const app = await buildApp(config, { processMetrics: true });
  const notes: string[] = [];
  const log = (msg: string, err?: unknown) => app.log.error({ err }, msg);
  let mqttRuntime: MqttRuntime | null = null;
  let fleet: Fleet | null = null;
  const ingest = config.roles.includes('ingest');
  // Timers: an ingest node's on its own memory, a scheduler's once in the cluster under a lease.
  const jobs = startJobs(app.jobs, {
    db: app.platform.db,
    roles: config.roles,
    log,
    metrics: app.platform.metrics,
  });
  if (ingest) {
    mqttRuntime = await startMqtt(app.ingest, {
      url: config.mqttUrl,
      port: config.mqttPort,
      explicit: config.mqttPortExplicit,
      shareGroup: config.mqttShareGroup,
      // The broker keeps this node's session for an hour while it is away (crash, restart).
      session: { clientId: `cityloop-in-${config.nodeName}`, expiryS: 3600 },
      log,
    });
    const runtime = mqttRuntime;
    app.platform.readiness.set('broker', () => runtime.ready());
    if (mqttRuntime.moved)
      notes.push(
        `!! MQTT port ${config.mqttPort} is taken: the embedded broker listens on ${mqttRuntime.port} instead`,
      );
    // The sanitation vehicles drive their routes on their shifts, beside SIM_DEVICES stations.
    const vehicles = config.simDevices > 0 ? await app.services.sanitation.simVehicles() : [];
    const planned = new Set(vehicles.map((v) => v.id));
    const devices =
      config.simDevices > 0
        ? [
            ...app.services.devices.demoFleet(config.simDevices).filter((d) => !planned.has(d.id)),
            ...vehicles,
          ]
        : [];
    if (devices.length > 0) {
      fleet = startFleet({
        url: mqttRuntime.url,
        devices,
        faults: true,
        onLog: (line) => app.log.debug(`[sim] ${line}`),
      });
      notes.push(`Simulated devices: ${devices.length} (SIM_DEVICES=0 turns them off)`);
    }
  }
  await app.ready();
  // Only an api node answers HTTP (the web app, the API, /ws).
  let url = '(no HTTP: ROLES has no api)';
  if (config.roles.includes('api')) {
    const { port, moved } = await listenWithFallback(app.server, {
      port: config.port,
      host: config.host,
      explicit: config.portExplicit,
      setting: 'PORT',
    });
    if (moved) notes.push(`!! Port ${config.port} is taken: CityLoop listens on ${port} instead`);
    url = `http://localhost:${port}`;
  }
  banner([
    `CityLoop 城市管理闭环平台 is running: ${url}    roles: ${config.roles.join(', ')}`,
    `API docs: ${url}/docs    database: ${app.platform.db.kind}    MQTT: ${ingest ? (config.mqttUrl ?? `embedded, mqtt://localhost:${mqttRuntime?.port}`) : '(not this node)'}`,
    ...(config.demo
      ? [
          'Demo accounts (password "cityloop"): admin, operator, shiftleader, dispatcher, inspector,',
          '  water.handler, supervisor, utility, commander, leader, citizen — see README.md',
        ]
      : []),
    ...notes,
  ]);
  const stop = async () => {
    jobs.stop();
    await fleet?.stop();
    await mqttRuntime?.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof DomainError ? `Configuration error: ${err.message}` : err);
  process.exit(2);
}
main(config).catch((err: unknown) => {
  if (err instanceof PortTakenError) console.error(`\nCityLoop cannot start: ${err.message}\n`);
  else console.error(err);
  process.exit(1);
});
