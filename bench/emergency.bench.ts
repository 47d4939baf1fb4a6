import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MQTT_ACTOR } from '../apps/server/src/actor.js';
import { TEST_DATABASE_URL } from '../apps/server/src/testing/testApp.js';
import { benchBroker, benchDevices, reachable, startBenchServer, type BenchServer } from './ingest.bench.js';
import { summarizeLatency } from './lib/stats.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Issue 20: "Trigger evaluation with 2,000 rain/level gauges reporting every 10 s on top of the
 * utilities demo fleet: p99 from a reading that crosses a threshold to the proposal on a WebSocket
 * client ≤ 1.5× the p99 of an ordinary alarm's publish → WebSocket latency in the same run."
 *
 * Both probes enter through the same ingest path (telemetry.ingest, what an MQTT message calls),
 * while 2,000 rain gauges report every 10 s. Emergency probe: two waterlogging points reach 40 cm
 * (the rainstorm plan's level IV: ≥ 15 cm at 2 points) → `emergency.proposal` on /ws; then they
 * fall back to 0, the proposal is withdrawn, and the next probe starts. The triggers are evaluated
 * as a gauge's reading arrives (only that gauge read again), not by a timer. Alarm probe: a gas
 * regulator's outlet pressure past its high-high level → `alarm.raised` on /ws.
 */

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(s: BenchServer, ctx: BenchContext): Promise<Row[]> {
  const gauges = 2000;
  const probes = ctx.quick ? 8 : 40;
  const tag = randomBytes(2).toString('hex');
  const rainIds = await benchDevices(s.app, `r${tag}`, gauges, 'rain_gauge');
  const pointIds = await benchDevices(s.app, `w${tag}`, 2, 'waterlogging_gauge');
  const alarmIds = await benchDevices(s.app, `g${tag}`, probes, 'gas_regulator');
  const devices = s.app.services.devices;
  const telemetry = s.app.services.telemetry;
  const ingest = async (id: string, values: Record<string, number>) => {
    // As the MQTT handler does: store the readings, then the alarm rules see them.
    const device = devices.mustGet(id);
    const at = Date.now();
    const { readings, wait } = telemetry.ingest(device, Buffer.from(JSON.stringify({ ts: at, values })), at);
    s.app.services.alarms.onReadings(device, readings, at, MQTT_ACTOR);
    await wait;
  };

  // Background: every gauge once per 10 s, spread over the 10 s in ticks of 100 ms.
  let running = true;
  let sent = 0;
  const background = (async () => {
    let i = 0;
    while (running) {
      const t = performance.now();
      const batch = rainIds.slice(i, i + gauges / 100);
      i = (i + gauges / 100) % gauges;
      await Promise.all(batch.map((id) => ingest(id, { rainfall: 0, rainfall_total: 0 })));
      sent += batch.length;
      await sleep(Math.max(0, 100 - (performance.now() - t)));
    }
  })();

  const commander = await s.app.injectWS('/ws', { headers: { cookie: await login(s, 'commander') } });
  const utility = await s.app.injectWS('/ws', { headers: { cookie: await login(s, 'utility') } });
  let proposalAt: ((t: number) => void) | null = null;
  commander.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString()) as { type: string };
    if (m.type === 'emergency.proposal') proposalAt?.(performance.now());
  });
  const alarmSent = new Map<string, number>();
  const alarmLat: number[] = [];
  utility.on('message', (raw: Buffer) => {
    const m = JSON.parse(raw.toString()) as { type: string; data: { deviceId?: string } };
    const t0 = m.type === 'alarm.raised' && m.data.deviceId ? alarmSent.get(m.data.deviceId) : undefined;
    if (t0 !== undefined) {
      alarmLat.push(performance.now() - t0);
      alarmSent.delete(m.data.deviceId!);
    }
  });
  await sleep(3000); // the background reaches its pace, the trigger job has run

  const emergencyLat: number[] = [];
  let missed = 0;
  for (let i = 0; i < probes; i++) {
    // An ordinary alarm, then the emergency probe.
    const g = alarmIds[i]!;
    alarmSent.set(g, performance.now());
    await ingest(g, { outlet_pressure: 6.2, gas_concentration: 1 });
    const seen = new Promise<number>((resolve) => (proposalAt = resolve));
    const t0 = performance.now();
    await Promise.all(pointIds.map((id) => ingest(id, { depth: 40 })));
    const t1 = await Promise.race([seen, sleep(10_000).then(() => -1)]);
    proposalAt = null;
    if (t1 < 0) missed++;
    else emergencyLat.push(t1 - t0);
    // Back under: the job withdraws the proposal before the next probe.
    await Promise.all(pointIds.map((id) => ingest(id, { depth: 0 })));
    const until = performance.now() + 10_000;
    while ((await s.app.services.emergency.state()).rainstorm.proposal && performance.now() < until)
      await sleep(100);
  }
  running = false;
  await background;
  commander.terminate();
  utility.terminate();
  const em = summarizeLatency(emergencyLat);
  const al = summarizeLatency(alarmLat);
  ctx.log(
    `emergency: ${emergencyLat.length}/${probes} proposals seen, p50 ${em.p50.toFixed(0)} ms, p99 ${em.p99.toFixed(0)} ms; ` +
      `alarms ${alarmLat.length}/${probes}, p50 ${al.p50.toFixed(1)} ms, p99 ${al.p99.toFixed(1)} ms; ${sent} background readings`,
  );
  const note = `${probes} probes (${missed} unseen in 10 s); ${gauges} rain gauges every 10 s in the background (${sent} readings); triggers evaluated as readings arrive`;
  return [
    {
      name: `${s.mode}: alarm publish → WebSocket p99`,
      value: al.p99,
      unit: 'ms',
      note: `p50 ${al.p50.toFixed(1)} ms`,
    },
    {
      name: `${s.mode}: threshold reading → proposal on WebSocket p99`,
      value: em.p99,
      unit: 'ms',
      baseline: { name: 'alarm publish → WebSocket p99', value: al.p99 },
      target: '≤ 1.5×',
      note: `${note}; p50 ${em.p50.toFixed(0)} ms`,
    },
  ];
}

export const emergencyBench: Benchmark = {
  name: 'emergency',
  description: 'threshold reading → emergency proposal on /ws against an alarm, 2,000 gauges every 10 s',
  async run(ctx) {
    const broker = await benchBroker();
    const pgUp = (await reachable(TEST_DATABASE_URL, 5432)) && (await reachable(broker.url, 1883));
    const mode = pgUp ? 'postgres' : 'embedded';
    const s = await startBenchServer(mode, broker.url);
    try {
      return await measure(s, ctx);
    } finally {
      await s.close();
      broker.stop();
    }
  },
};
