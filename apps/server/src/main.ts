import { DomainError } from '@cityloop/domain';
import { loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { listenWithFallback, PortTakenError } from './net/listen.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/broker.js';

function banner(lines: string[]) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.log(`\n${'='.repeat(width)}\n${lines.map((l) => `  ${l}`).join('\n')}\n${'='.repeat(width)}\n`);
}

async function main(config: Config) {
  const app = await buildApp(config);
  const notes: string[] = [];
  let broker: EmbeddedBroker | null = null;
  if (config.roles.includes('ingest') && !config.mqttUrl) {
    broker = await startEmbeddedBroker({ port: config.mqttPort, explicit: config.mqttPortExplicit });
    if (broker.moved)
      notes.push(
        `!! MQTT port ${config.mqttPort} is taken: the embedded broker listens on ${broker.port} instead`,
      );
  }
  await app.ready();
  const { port, moved } = await listenWithFallback(app.server, {
    port: config.port,
    host: config.host,
    explicit: config.portExplicit,
    setting: 'PORT',
  });
  if (moved) notes.push(`!! Port ${config.port} is taken: CityLoop listens on ${port} instead`);
  const url = `http://localhost:${port}`;
  banner([
    `CityLoop 城市管理闭环平台 is running: ${url}`,
    `API docs: ${url}/docs    database: ${app.ctx.db.kind}    MQTT: ${config.mqttUrl ?? `embedded, mqtt://localhost:${broker?.port}`}`,
    ...(config.demo
      ? [
          'Demo accounts (password "cityloop"): admin, operator, shiftleader, dispatcher, inspector,',
          '  water.handler, supervisor, utility, commander, leader, citizen — see README.md',
        ]
      : []),
    ...notes,
  ]);
  const stop = async () => {
    await app.close();
    await broker?.close();
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
