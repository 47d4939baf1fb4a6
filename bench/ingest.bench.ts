import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { deviceTopics } from '@cityloop/domain';
import { loadConfig } from '../apps/server/src/config.js';
import { buildApp, type CityLoopApp } from '../apps/server/src/app.js';
import { hashDeviceToken } from '../apps/server/src/features/devices/credentials.js';
import { startMqtt, type MqttRuntime } from '../apps/server/src/mqtt/runtime.js';
import { createScratchDatabase, TEST_DATABASE_URL } from '../apps/server/src/testing/testApp.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Issue: "End-to-end ingest, in both modes (embedded PGlite + Aedes; PostgreSQL + Mosquitto):
 * messages published by N concurrent MQTT clients → readings committed, per second, with the alarm
 * rules being evaluated. Baselines in the same run: (a) Mosquitto relaying the same single-reading
 * messages from the same publishers to one subscriber (aim ≥ 1.0×); (b) PostgreSQL COPY of the same
 * readings into the same table (aim: batches of 10 ≥ 0.5×). Memory flat over 10 minutes. Readings
 * per CPU core (ThingsBoard ≈ 4,000/core; aim 5×)."
 *
 * The publishers run in a child process (this file, forked with CITYLOOP_MQTT_PUBLISHER=1), so
 * the server under test has this process to itself. BENCH_LONG=1 adds the 10-minute memory run.
 */

const SYSTEM_MOSQUITTO_URL = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const MOSQUITTO_BIN = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p));

/**
 * Debian's Mosquitto on a free port with the queue limits raised: with the defaults
 * (max_queued_messages 1000) a subscriber that falls a moment behind loses messages, which
 * would make both the relay baseline and CityLoop's figures meaningless. Both use this broker.
 * Without the binary, the broker at TEST_MQTT_URL is used as it is.
 */
export async function benchBroker(): Promise<{ url: string; stop(): void }> {
  if (!MOSQUITTO_BIN) return { url: SYSTEM_MOSQUITTO_URL, stop: () => undefined };
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cityloop-bench-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 10000000',
      'max_inflight_messages 1000',
      'set_tcp_nodelay true',
      '',
    ].join('\n'),
  );
  const child = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: 'ignore' });
  const url = `mqtt://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await reachable(url, port)); i++) await new Promise((r) => setTimeout(r, 50));
  return { url, stop: () => child.kill('SIGTERM') };
}
let MOSQUITTO_URL = SYSTEM_MOSQUITTO_URL;
const TOKEN = 'bench-token';

// ---------------------------------------------------------------------------------------------
// The publisher child

interface PublishJob {
  url: string;
  clients: Array<{ id: string; topic: string; auth: boolean }>;
  messages: number;
  batch: number;
  /** QoS 1 publishes in flight per client. */
  window: number;
  baseTs: number;
  /** Total messages per second across clients; 0 = as fast as acks allow. */
  rate: number;
}
type ToPublisher = { type: 'job'; job: PublishJob } | { type: 'go' } | { type: 'exit' };
type FromPublisher =
  | { type: 'ready' }
  | { type: 'done'; published: number; ms: number; cpuMs: number }
  | { type: 'error'; message: string };

function payloadOf(job: PublishJob, i: number): string {
  if (job.batch === 1) {
    // A steady pressure with a little noise: rules are evaluated on every reading, none fires.
    return `{"ts":${job.baseTs + i * 1000},"values":{"pressure":${(0.3 + ((i * 7) % 10) / 100_000).toFixed(5)}}}`;
  }
  const points: string[] = [];
  for (let j = 0; j < job.batch; j++) {
    const ts = job.baseTs + (i * job.batch + j) * 1000;
    points.push(`{"ts":${ts},"values":{"pressure":${(0.3 + ((j * 7) % 10) / 100_000).toFixed(5)}}}`);
  }
  return `[${points.join(',')}]`;
}

async function publisherMain(): Promise<void> {
  const send = (m: FromPublisher) => process.send?.(m);
  let clients: MqttClient[] = [];
  let job: PublishJob | null = null;
  process.on('message', (msg: ToPublisher) => {
    void (async () => {
      try {
        if (msg.type === 'job') {
          job = msg.job;
          const j = msg.job;
          clients = await Promise.all(
            j.clients.map((c) =>
              mqtt.connectAsync(j.url, {
                clientId: c.id,
                ...(c.auth ? { username: c.id, password: TOKEN } : {}),
                reconnectPeriod: 0,
                keepalive: 120,
              }),
            ),
          );
          for (const c of clients) (c.stream as Partial<net.Socket>).setNoDelay?.(true);
          send({ type: 'ready' });
        } else if (msg.type === 'go' && job) {
          const j = job;
          const t0 = performance.now();
          const cpu0 = process.cpuUsage();
          const perClientGapMs = j.rate > 0 ? (1000 * clients.length) / j.rate : 0;
          await Promise.all(
            clients.map(async (client, k) => {
              const topic = j.clients[k]!.topic;
              const inflight = new Set<Promise<unknown>>();
              for (let i = 0; i < j.messages; i++) {
                const p = client.publishAsync(topic, payloadOf(j, i), { qos: 1 });
                inflight.add(p);
                void p.finally(() => inflight.delete(p));
                if (inflight.size >= j.window) await Promise.race(inflight);
                if (perClientGapMs > 0) {
                  const due = t0 + i * perClientGapMs;
                  const wait = due - performance.now();
                  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
                }
              }
              await Promise.all(inflight);
            }),
          );
          const cpu = process.cpuUsage(cpu0);
          send({
            type: 'done',
            published: clients.length * j.messages,
            ms: performance.now() - t0,
            cpuMs: (cpu.user + cpu.system) / 1000,
          });
        } else if (msg.type === 'exit') {
          await Promise.all(clients.map((c) => c.endAsync(true)));
          process.exit(0);
        }
      } catch (err) {
        send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
}

if (process.env.CITYLOOP_MQTT_PUBLISHER === '1') void publisherMain();

/** A publisher child process with its clients connected, ready to go. */
export class Publishers {
  private constructor(private readonly child: ChildProcess) {}

  static async start(job: PublishJob): Promise<Publishers> {
    const child = fork(import.meta.filename, [], {
      env: { ...process.env, CITYLOOP_MQTT_PUBLISHER: '1' },
      execArgv: process.execArgv.some((a) => a.includes('tsx'))
        ? process.execArgv
        : [...process.execArgv, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const p = new Publishers(child);
    await p.next('ready', { type: 'job', job });
    return p;
  }

  private next<T extends FromPublisher['type']>(
    type: T,
    msg: ToPublisher,
  ): Promise<Extract<FromPublisher, { type: T }>> {
    return new Promise((resolve, reject) => {
      const on = (m: FromPublisher) => {
        if (m.type === 'error') reject(new Error(`publisher: ${m.message}`));
        else if (m.type === type) resolve(m as Extract<FromPublisher, { type: T }>);
        else return;
        this.child.off('message', on);
      };
      this.child.on('message', on);
      this.child.send(msg);
    });
  }

  go(): Promise<{ published: number; ms: number; cpuMs: number }> {
    return this.next('done', { type: 'go' });
  }

  stop(): void {
    this.child.send({ type: 'exit' } satisfies ToPublisher);
  }
}

// ---------------------------------------------------------------------------------------------
// The server under test

export interface BenchServer {
  app: CityLoopApp;
  mqtt: MqttRuntime;
  mode: 'embedded' | 'postgres';
  databaseUrl: string | null;
  close(): Promise<void>;
}

export async function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || fallbackPort), timeout: 1500 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** CityLoop in this process: PGlite + embedded Aedes, or a scratch PostgreSQL database + Mosquitto. */
export async function startBenchServer(
  mode: 'embedded' | 'postgres',
  mqttUrl = MOSQUITTO_URL,
): Promise<BenchServer> {
  const scratch = mode === 'postgres' ? await createScratchDatabase() : null;
  const config = loadConfig({
    DATABASE_URL: scratch ? scratch.url : ':memory:',
    ...(mode === 'postgres' ? { MQTT_URL: mqttUrl } : {}),
    DEMO_SCALE: 'small',
    DEMO_CASES: '0',
    SIM_DEVICES: '0',
    PORT: '0',
    MQTT_PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEB_DIST: '/nonexistent',
  });
  const app = await buildApp(config, { logger: false });
  await app.ready();
  const runtime = await startMqtt(app.ctx, {
    url: config.mqttUrl,
    port: 0,
    explicit: false,
    host: '127.0.0.1',
    shareGroup: `cityloop-bench-${randomBytes(3).toString('hex')}`,
  });
  return {
    app,
    mqtt: runtime,
    mode,
    databaseUrl: scratch?.url ?? null,
    async close() {
      await runtime.close();
      await app.close();
      await scratch?.drop();
    },
  };
}

/** Registers bench devices of one type with the shared bench token; returns their ids. */
export async function benchDevices(
  app: CityLoopApp,
  prefix: string,
  n: number,
  type = 'pressure_point',
): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(5, '0')}`);
  await app.ctx.devices.createMany(
    ids.map((id) => ({
      id,
      type,
      name: id,
      lon: 121.4,
      lat: 37.53,
      gridCode: null,
      departmentId: null,
      tokenHash: hashDeviceToken(TOKEN),
      demoToken: null,
    })),
  );
  return ids;
}

async function waitStored(app: CityLoopApp, target: number, timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (app.ctx.telemetry.writer.stored < target && performance.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 5));
  }
  return app.ctx.telemetry.writer.stored;
}

function machineBusyMs(): number {
  return os.cpus().reduce((s, c) => s + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

interface IngestRun {
  readingsPerS: number;
  perServerCore: number;
  perMachineCore: number;
  stored: number;
  expected: number;
}

/** N publishers → this server; readings committed per second from the first publish to the last commit. */
async function ingestRun(
  s: BenchServer,
  ctx: BenchContext,
  o: { clients: number; messages: number; batch: number; label: string },
): Promise<IngestRun> {
  const ids = await benchDevices(s.app, `b${randomBytes(2).toString('hex')}`, o.clients);
  const pubs = await Publishers.start({
    url: s.mqtt.url,
    clients: ids.map((id) => ({ id, topic: deviceTopics.telemetry(id), auth: true })),
    messages: o.messages,
    batch: o.batch,
    window: 50,
    baseTs: Date.now() - 20 * 86_400_000,
    rate: 0,
  });
  const expected = s.app.ctx.telemetry.writer.stored + o.clients * o.messages * o.batch;
  const before = s.app.ctx.telemetry.writer.stored;
  const cpu0 = process.cpuUsage();
  const busy0 = machineBusyMs();
  const t0 = performance.now();
  const published = pubs.go();
  const stored = await waitStored(s.app, expected, 120_000);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const busyMs = machineBusyMs() - busy0;
  await published;
  pubs.stop();
  const readings = stored - before;
  const serverCpuS = (cpu.user + cpu.system) / 1e6;
  const r: IngestRun = {
    readingsPerS: (readings * 1000) / ms,
    perServerCore: readings / serverCpuS,
    perMachineCore: readings / (busyMs / 1000),
    stored: readings,
    expected: o.clients * o.messages * o.batch,
  };
  ctx.log(
    `${o.label}: ${readings}/${r.expected} readings in ${(ms / 1000).toFixed(1)} s → ${Math.round(r.readingsPerS)}/s; ` +
      `server CPU ${serverCpuS.toFixed(1)} s, machine ${(busyMs / 1000).toFixed(1)} CPU-s`,
  );
  if (readings < r.expected)
    throw new Error(`${o.label}: only ${readings} of ${r.expected} readings were committed`);
  return r;
}

/** Baseline (a): Mosquitto relaying the same messages from the same publishers to one subscriber. */
async function relayRun(
  ctx: BenchContext,
  o: { clients: number; messages: number },
): Promise<{ perS: number; lost: number }> {
  const prefix = `bench/relay/${randomBytes(3).toString('hex')}`;
  const sub = await mqtt.connectAsync(MOSQUITTO_URL, {
    clientId: `relay-sub-${randomBytes(3).toString('hex')}`,
    reconnectPeriod: 0,
  });
  (sub.stream as Partial<net.Socket>).setNoDelay?.(true);
  let received = 0;
  let last = 0;
  sub.on('message', () => {
    received++;
    last = performance.now();
  });
  await sub.subscribeAsync(`${prefix}/#`, { qos: 1 });
  const pubs = await Publishers.start({
    url: MOSQUITTO_URL,
    clients: Array.from({ length: o.clients }, (_, i) => ({
      id: `relay-${randomBytes(3).toString('hex')}-${i}`,
      topic: `${prefix}/${i}`,
      auth: false,
    })),
    messages: o.messages,
    batch: 1,
    window: 50,
    baseTs: Date.now(),
    rate: 0,
  });
  const total = o.clients * o.messages;
  const t0 = performance.now();
  await pubs.go();
  const until = performance.now() + 10_000;
  while (received < total && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
  pubs.stop();
  await sub.endAsync();
  const perS = (received * 1000) / ((last || performance.now()) - t0);
  ctx.log(`mosquitto relay: ${received}/${total} delivered → ${Math.round(perS)} msg/s`);
  return { perS, lost: total - received };
}

/** COPY … FROM STDIN through pg's protocol hooks (pg-copy-streams is not a dependency). */
class CopyFrom {
  readonly done: Promise<number>;
  private settle!: { resolve(n: number): void; reject(e: Error): void };
  private rows = 0;
  constructor(
    readonly text: string,
    private readonly chunks: Buffer[],
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }
  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (const c of this.chunks) connection.sendCopyFromChunk(c);
    connection.endCopyFrom();
  }
  handleCommandComplete(msg: { text: string }) {
    this.rows = Number(msg.text.split(' ')[1] ?? 0);
  }
  handleReadyForQuery() {
    this.settle.resolve(this.rows);
  }
  handleError(err: Error) {
    this.settle.reject(err);
  }
}

/** Baseline (b): PostgreSQL COPY of the same readings (device, metric, ts, value) into `readings`. */
async function copyRun(s: BenchServer, ctx: BenchContext, readings: number): Promise<number> {
  const ids = await benchDevices(s.app, `c${randomBytes(2).toString('hex')}`, 40);
  const nums = ids.map((id) => s.app.ctx.devices.mustGet(id).num);
  const metric = s.app.ctx.telemetry.metricId('pressure')!;
  const base = Date.now() - 20 * 86_400_000;
  const lines: string[] = [];
  const per = Math.ceil(readings / nums.length);
  for (const num of nums) {
    for (let i = 0; i < per; i++) {
      lines.push(
        `${num}\t${metric}\t${new Date(base + i * 1000).toISOString()}\t${(0.3 + (i % 20) / 1000).toFixed(3)}\n`,
      );
    }
  }
  const chunks: Buffer[] = [];
  for (let i = 0; i < lines.length; i += 5000) chunks.push(Buffer.from(lines.slice(i, i + 5000).join('')));
  const client = new pg.Client({ connectionString: s.databaseUrl! });
  await client.connect();
  await s.app.ctx.telemetry.writer.prepare(base);
  await s.app.ctx.telemetry.writer.prepare(base + per * 1000);
  const t0 = performance.now();
  const copy = new CopyFrom('copy readings (device_id, metric_id, ts, value) from stdin', chunks);
  void client.query(copy as unknown as pg.QueryConfig);
  const n = await copy.done;
  const ms = performance.now() - t0;
  await client.end();
  ctx.log(`COPY: ${n} readings in ${(ms / 1000).toFixed(2)} s → ${Math.round((n * 1000) / ms)}/s`);
  return (n * 1000) / ms;
}

/** BENCH_LONG=1: ten minutes of steady load; heap and RSS sampled, growth over the last 8 minutes. */
async function memoryRun(s: BenchServer, ctx: BenchContext): Promise<Row[]> {
  const ids = await benchDevices(s.app, `m${randomBytes(2).toString('hex')}`, 100);
  const minutes = 10;
  const rate = 2000;
  const pubs = await Publishers.start({
    url: s.mqtt.url,
    clients: ids.map((id) => ({ id, topic: deviceTopics.telemetry(id), auth: true })),
    messages: Math.ceil((rate * minutes * 60) / ids.length),
    batch: 1,
    window: 20,
    baseTs: Date.now() - 25 * 86_400_000,
    rate,
  });
  const samples: Array<{ at: number; heap: number; rss: number }> = [];
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    samples.push({ at: performance.now(), heap: m.heapUsed, rss: m.rss });
  }, 15_000);
  await pubs.go();
  clearInterval(timer);
  pubs.stop();
  const settled = samples.filter((x) => x.at - samples[0]!.at > 120_000);
  const first = settled[0] ?? samples[0]!;
  const lastSample = samples.at(-1)!;
  const mb = (b: number) => b / 2 ** 20;
  ctx.log(
    `memory: heap ${mb(first.heap).toFixed(0)} → ${mb(lastSample.heap).toFixed(0)} MiB, rss ${mb(first.rss).toFixed(0)} → ${mb(lastSample.rss).toFixed(0)} MiB`,
  );
  return [
    {
      name: `${s.mode}: heap growth over 8 min at ${rate} msg/s`,
      value: mb(lastSample.heap - first.heap),
      unit: 'MiB',
      note: `heap ${mb(first.heap).toFixed(0)} → ${mb(lastSample.heap).toFixed(0)} MiB`,
    },
    { name: `${s.mode}: RSS growth over 8 min`, value: mb(lastSample.rss - first.rss), unit: 'MiB' },
  ];
}

const THINGSBOARD_PER_CORE = 4000;

export const ingestBench: Benchmark = {
  name: 'ingest',
  description:
    'MQTT → readings committed/s (alarm rules on): embedded and PostgreSQL + Mosquitto, vs Mosquitto relay and COPY',
  async run(ctx) {
    const q = ctx.quick;
    const clients = 40;
    const single = q ? 100 : 500;
    const batched = q ? 30 : 150;
    const rows: Row[] = [];

    const embedded = await startBenchServer('embedded');
    try {
      const r = await ingestRun(embedded, ctx, {
        clients,
        messages: single,
        batch: 1,
        label: 'embedded single',
      });
      const b = await ingestRun(embedded, ctx, {
        clients,
        messages: batched,
        batch: 10,
        label: 'embedded batch10',
      });
      rows.push(
        {
          name: 'embedded (PGlite + Aedes): single-reading messages',
          value: r.readingsPerS,
          unit: 'readings/s',
          note: `${clients} publishers, ${r.stored} readings`,
        },
        { name: 'embedded: batches of 10', value: b.readingsPerS, unit: 'readings/s' },
        {
          name: 'embedded: readings per server CPU-second',
          value: b.perServerCore,
          unit: 'readings/core-s',
          baseline: { name: 'ThingsBoard ≈ 3,333 pts/s on 4 vCPU at 20 %', value: THINGSBOARD_PER_CORE },
          target: '≥ 5×',
          note: `whole machine incl. publishers: ${Math.round(b.perMachineCore)}/core-s`,
        },
      );
      if (process.env.BENCH_LONG === '1') rows.push(...(await memoryRun(embedded, ctx)));
    } finally {
      await embedded.close();
    }

    const broker = await benchBroker();
    MOSQUITTO_URL = broker.url;
    if (!(await reachable(TEST_DATABASE_URL, 5432)) || !(await reachable(MOSQUITTO_URL, 1883))) {
      broker.stop();
      ctx.log('PostgreSQL or Mosquitto not reachable: PostgreSQL mode and baselines skipped');
      return rows;
    }
    ctx.log(
      `broker: ${MOSQUITTO_URL}${MOSQUITTO_BIN ? ' (Debian Mosquitto, private instance, queue limits raised)' : ''}`,
    );
    const relay = await relayRun(ctx, { clients, messages: single * 2 });
    const server = await startBenchServer('postgres');
    try {
      const r = await ingestRun(server, ctx, {
        clients,
        messages: single * 2,
        batch: 1,
        label: 'postgres single',
      });
      const b = await ingestRun(server, ctx, {
        clients,
        messages: batched * 2,
        batch: 10,
        label: 'postgres batch10',
      });
      const copy = await copyRun(server, ctx, clients * batched * 2 * 10);
      rows.push(
        {
          name: 'PostgreSQL + Mosquitto: single-reading messages committed',
          value: r.readingsPerS,
          unit: 'readings/s',
          baseline: { name: 'Mosquitto relaying the same messages to one subscriber', value: relay.perS },
          target: '≥ 1.0×',
          ...(relay.lost ? { note: `relay lost ${relay.lost} messages (broker queue limit)` } : {}),
        },
        {
          name: 'PostgreSQL + Mosquitto: batches of 10 committed',
          value: b.readingsPerS,
          unit: 'readings/s',
          baseline: { name: 'COPY of the same readings into readings', value: copy },
          target: '≥ 0.5×',
          note: 'CityLoop also deduplicates and maintains the 1 min and 1 h rollups; COPY only appends',
        },
        {
          name: 'PostgreSQL mode: readings per server CPU-second',
          value: b.perServerCore,
          unit: 'readings/core-s',
          baseline: { name: 'ThingsBoard ≈ 4,000 per core', value: THINGSBOARD_PER_CORE },
          target: '≥ 5×',
          note: `Node process only; whole machine incl. PostgreSQL, Mosquitto, publishers: ${Math.round(b.perMachineCore)}/core-s`,
        },
      );
    } finally {
      await server.close();
      broker.stop();
    }
    return rows;
  },
};
