import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { deviceTopics } from '@cityloop/domain';
import { TEST_DATABASE_URL } from '../apps/server/src/testing/testApp.js';
import {
  benchBroker,
  benchDevices,
  Publishers,
  reachable,
  startBenchServer,
  type BenchServer,
} from './ingest.bench.js';
import { summarizeLatency } from './lib/stats.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Issue: "Alarm latency: publish → alarm visible on a WebSocket client, p50/p99 under 20,000
 * readings/s of background load. A 7-day chart of one metric at 10 s resolution from 10,000
 * devices' data: p99 latency, served from rollups."
 */

const DAY_MS = 86_400_000;

async function login(s: BenchServer, username: string): Promise<string> {
  const res = await s.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'cityloop' },
  });
  const c = res.cookies.find((x) => x.name === 'cl_session');
  if (!c) throw new Error(`login ${username}: ${res.statusCode}`);
  return `cl_session=${c.value}`;
}

/**
 * Probes: a gas regulator's outlet pressure jumps past its high-high level (raise at once), while
 * background devices send 21,000 readings/s in batches of 20 from two publisher processes (one
 * could not keep the pace beside the server on two cores). The rate the server actually
 * committed during the probes is reported next to the latencies.
 */
async function alarmLatency(s: BenchServer, ctx: BenchContext): Promise<Row[]> {
  // Enough probes that p99 is not simply the slowest of a handful.
  const probes = ctx.quick ? 10 : 100;
  const aim = 20_000; // readings/s committed while probing
  // Offered a little above the aim: a server that keeps pace then commits at least the aim
  // during the probes (batches commit in steps, so an offer of exactly 20,000 reads 19,9xx).
  const target = 21_000;
  const batch = 20;
  const processes = 2;
  const seconds = ctx.quick ? 8 : 25;
  const loadIds = await benchDevices(s.app, `l${randomBytes(2).toString('hex')}`, 200);
  const probeIds = await benchDevices(s.app, `p${randomBytes(2).toString('hex')}`, probes, 'gas_regulator');
  const cookie = await login(s, 'utility');
  const ws = await s.app.injectWS('/ws', { headers: { cookie } });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  ws.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString()) as { type: string; data: { deviceId?: string } };
    if (m.type !== 'alarm.raised' || !m.data.deviceId) return;
    const t0 = sentAt.get(m.data.deviceId);
    if (t0 !== undefined) {
      latencies.push(performance.now() - t0);
      sentAt.delete(m.data.deviceId);
    }
  });
  const clients = await Promise.all(
    probeIds.map((id) =>
      mqtt.connectAsync(s.mqtt.url, {
        clientId: id,
        username: id,
        password: 'bench-token',
        reconnectPeriod: 0,
      }),
    ),
  );
  const perProcess = loadIds.length / processes;
  const loads = await Promise.all(
    Array.from({ length: processes }, (_, k) =>
      Publishers.start({
        url: s.mqtt.url,
        clients: loadIds
          .slice(k * perProcess, (k + 1) * perProcess)
          .map((id) => ({ id, topic: deviceTopics.telemetry(id), auth: true })),
        messages: Math.ceil((target * seconds) / batch / loadIds.length),
        batch,
        window: 20,
        baseTs: Date.now() - 15 * DAY_MS,
        rate: target / batch / processes,
      }),
    ),
  );
  const t0 = performance.now();
  const background = Promise.all(loads.map((l) => l.go()));
  await new Promise((r) => setTimeout(r, 3000)); // let the load reach its pace
  const stored0 = s.app.services.telemetry.writer.stored;
  const p0 = performance.now();
  const gap = ((seconds - 6) * 1000) / probes;
  for (let i = 0; i < probes; i++) {
    const id = probeIds[i]!;
    sentAt.set(id, performance.now());
    void clients[i]!.publishAsync(
      deviceTopics.telemetry(id),
      JSON.stringify({ ts: Date.now(), values: { outlet_pressure: 6.2, gas_concentration: 1 } }),
      { qos: 1 },
    );
    await new Promise((r) => setTimeout(r, gap));
  }
  // The committed rate over the probing window, the load still running.
  const achieved = ((s.app.services.telemetry.writer.stored - stored0) * 1000) / (performance.now() - p0);
  const done = await background;
  const offered = done.reduce((a, d) => a + d.published, 0) * batch;
  const ms = performance.now() - t0;
  const until = performance.now() + 10_000;
  while (sentAt.size > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
  for (const l of loads) l.stop();
  ws.terminate();
  await Promise.all(clients.map((c) => c.endAsync(true)));
  const lat = summarizeLatency(latencies);
  ctx.log(
    `alarm latency: ${latencies.length}/${probes} seen, p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms; ` +
      `background ${Math.round(achieved)} readings/s committed while probing ` +
      `(${offered} readings offered in ${(ms / 1000).toFixed(1)} s = ${Math.round((offered * 1000) / ms)}/s)`,
  );
  const note =
    `${latencies.length}/${probes} probes seen; background committed ${Math.round(achieved)} readings/s ` +
    `while probing (aimed ${aim.toLocaleString('en-US')}/s, offered ${target.toLocaleString('en-US')}/s, batches of ${batch}, ${processes} publisher processes)`;
  return [
    {
      name: `${s.mode}: background load committed during the probes`,
      value: achieved,
      unit: 'readings/s',
      baseline: { name: 'the aimed background load', value: aim },
      target: '≥ 1.0×',
    },
    { name: `${s.mode}: alarm publish → WebSocket p50`, value: lat.p50, unit: 'ms', note },
    {
      name: `${s.mode}: alarm publish → WebSocket p99`,
      value: lat.p99,
      unit: 'ms',
      note: `max ${lat.max.toFixed(1)} ms`,
    },
  ];
}

/**
 * 7 days of 1-minute rollups generated in SQL for many devices (the 1-hour rollups for 10,000),
 * then charts of one device's metric over 7 days through GET /api/devices/{id}/series.
 */
async function chartLatency(s: BenchServer, ctx: BenchContext): Promise<Row[]> {
  const minuteDevices = ctx.quick ? 20 : 200;
  const hourDevices = ctx.quick ? 1000 : 10_000;
  const queries = ctx.quick ? 50 : 300;
  const ids = await benchDevices(s.app, `h${randomBytes(2).toString('hex')}`, hourDevices);
  const nums = ids.map((id) => s.app.services.devices.mustGet(id).num);
  const metric = s.app.services.telemetry.metricId('pressure')!;
  const to = Math.floor(Date.now() / 60_000) * 60_000;
  const from = to - 7 * DAY_MS;
  for (let t = from - DAY_MS; t <= to + DAY_MS; t += DAY_MS) await s.app.services.telemetry.writer.prepare(t);
  const db = s.app.platform.db;
  const t0 = performance.now();
  // 10 s readings summarised per minute: n = 6, a diurnal curve with noise.
  await db.query(
    `insert into readings_1m(device_id, metric_id, bucket, n, sum, min, max)
     select d, $2, b, 6, 6 * v, v - 0.01, v + 0.01
       from unnest($1::int[]) as d,
            generate_series(to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0) - interval '1 minute', interval '1 minute') as b,
            lateral (select 0.3 + 0.05 * sin(extract(epoch from b) / 13751.0 + d) as v) x`,
    [nums.slice(0, minuteDevices), metric, from, to],
  );
  await db.query(
    `insert into readings_1h(device_id, metric_id, bucket, n, sum, min, max)
     select d, $2, b, 360, 360 * 0.3, 0.25, 0.35
       from unnest($1::int[]) as d,
            generate_series(to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0) - interval '1 hour', interval '1 hour') as b`,
    [nums, metric, from, to],
  );
  await db.query('analyze readings_1m');
  await db.query('analyze readings_1h');
  ctx.log(
    `rollups generated: 1 min × 7 d for ${minuteDevices} devices (${(minuteDevices * 10_080).toLocaleString('en-US')} rows), ` +
      `1 h × 7 d for ${hourDevices} (${(hourDevices * 168).toLocaleString('en-US')} rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const cookie = await login(s, 'utility');
  const run = async (step: string) => {
    const times: number[] = [];
    let points = 0;
    let resolution = '';
    for (let i = 0; i < queries; i++) {
      const id = ids[i % minuteDevices]!;
      const t = performance.now();
      const res = await s.app.inject({
        url: `/api/devices/${id}/series?metric=pressure&from=${from}&to=${to}${step}`,
        headers: { cookie },
      });
      times.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`series: ${res.statusCode} ${res.body}`);
      const body = res.json() as { t: number[]; resolution: string };
      points = body.t.length;
      resolution = body.resolution;
    }
    return { lat: summarizeLatency(times), points, resolution };
  };
  const chart = await run('');
  const fine = await run('&step=10');
  ctx.log(`7-day chart: ${chart.points} points from ${chart.resolution}, p99 ${chart.lat.p99.toFixed(1)} ms`);
  ctx.log(
    `7-day at step=10 s: ${fine.points} points from ${fine.resolution}, p99 ${fine.lat.p99.toFixed(1)} ms`,
  );
  const note = `${queries} queries over ${minuteDevices} devices with 7 d of 1-min rollups; ${hourDevices} devices in the 1-h rollups`;
  return [
    {
      name: `${s.mode}: 7-day chart (default ~500 points, ${chart.resolution}) p50`,
      value: chart.lat.p50,
      unit: 'ms',
      note,
    },
    { name: `${s.mode}: 7-day chart p99`, value: chart.lat.p99, unit: 'ms' },
    {
      name: `${s.mode}: 7-day chart asked at 10 s (${fine.points} points, ${fine.resolution}) p99`,
      value: fine.lat.p99,
      unit: 'ms',
      note: 'a 10 s step over 7 days exceeds the 10,000-point cap, so the step is coarsened and served from the 1-min rollups',
    },
  ];
}

export const alarmsBench: Benchmark = {
  name: 'alarms',
  description: 'alarm publish → WebSocket latency under 20,000 readings/s; 7-day chart p99 from rollups',
  async run(ctx) {
    const broker = await benchBroker();
    const pgUp = (await reachable(TEST_DATABASE_URL, 5432)) && (await reachable(broker.url, 1883));
    const mode = pgUp ? 'postgres' : 'embedded';
    if (!pgUp) ctx.log('PostgreSQL or Mosquitto not reachable: measuring the embedded mode');
    const s = await startBenchServer(mode, broker.url);
    try {
      return [...(await alarmLatency(s, ctx)), ...(await chartLatency(s, ctx))];
    } finally {
      await s.close();
      broker.stop();
    }
  },
};
