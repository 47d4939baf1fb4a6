import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { deviceTopics } from '@cityloop/domain';
import { createScratchDatabase, TEST_DATABASE_URL } from '../apps/server/src/testing/testApp.js';
import { loginOver, startNode, type NodeProcess } from '../apps/server/src/testing/nodeProcess.js';
import { benchBroker, Publishers, reachable, type BenchBroker } from './ingest.bench.js';
import { CpuMeter, postgresBackends } from './lib/procCpu.js';
import type { Benchmark, BenchContext } from './lib/types.js';

/**
 * Issue 18: "Two nodes vs one on the same machine: report the ingest throughput and CPU per reading
 * of each (on two cores this shows overhead, not speed-up; say so)."
 *
 * CityLoop nodes as their own processes (main.ts, as `npm run serve` runs one) on one scratch
 * PostgreSQL database and one private Mosquitto, in one shared-subscription group, as the README's
 * "Several nodes" section runs them. The same 40 devices publish single-reading QoS 1 messages (each
 * acknowledged after its commit) as fast as their PUBACKs allow, in rounds of one node, then of two
 * nodes (the second node joins for them), each round with a time
 * span of its own. Throughput: readings committed per second, from the first publish until the
 * database holds every one. CPU: the nodes' processes, Mosquitto and the database's backends, from
 * /proc, per reading.
 */
export const clusterBench: Benchmark = {
  name: 'cluster',
  description:
    'ingest on two nodes vs one (PostgreSQL + Mosquitto shared subscription): readings/s, CPU/reading',
  async run(ctx) {
    if (!(await reachable(TEST_DATABASE_URL, 5432))) {
      ctx.log('PostgreSQL not reachable: skipped');
      return [];
    }
    const quick = ctx.quick;
    const clients = 40;
    const perClient = quick ? 200 : 2_500;
    const rounds = quick ? 1 : 2;
    const broker = await benchBroker();
    const scratch = await createScratchDatabase();
    const group = `bench-${randomBytes(3).toString('hex')}`;
    const env = (name: string) => ({
      DEMO: 'false',
      ADMIN_PASSWORD: 'bench-admin',
      DATABASE_URL: scratch.url,
      MQTT_URL: broker.url,
      MQTT_SHARE_GROUP: group,
      NODE_NAME: `${group}-${name}`,
    });
    const check = new pg.Client({ connectionString: scratch.url });
    check.on('error', () => undefined);
    let a: NodeProcess | null = null;
    let b: NodeProcess | null = null;
    try {
      a = await startNode(env('a'));
      await check.connect();
      const devices = await register(a.httpUrl, clients);
      let span = Date.now() - 10 * 86_400_000;
      // A warm-up round on the first node, not counted: no measured round pays for its JIT.
      await round(ctx, {
        label: 'warm-up, one node',
        nodes: [a],
        broker,
        check,
        databaseUrl: scratch.url,
        devices,
        perClient: Math.ceil(perClient / 4),
        baseTs: span,
      });
      span += perClient * 1000 + 3_600_000;
      const results: Record<'one' | 'two', Round[]> = { one: [], two: [] };
      // One node's rounds first, then two nodes': a stopped node's share of the shared
      // subscription waits in the broker for it under its name (README, "Several nodes"), so the
      // second node cannot leave between rounds without taking half of the next round with it.
      for (const kind of ['one', 'two'] as const) {
        if (kind === 'two') b = await startNode(env('b'));
        for (let r = 0; r < rounds; r++) {
          const res = await round(ctx, {
            label: `${kind === 'one' ? 'one node' : 'two nodes'}, round ${r + 1}`,
            nodes: kind === 'one' ? [a] : [a, b!],
            broker,
            check,
            databaseUrl: scratch.url,
            devices,
            perClient,
            baseTs: span,
          });
          span += perClient * 1000 + 3_600_000;
          results[kind].push(res);
        }
      }
      const sum = (rs: Round[]) => {
        const readings = rs.reduce((n, x) => n + x.readings, 0);
        const ms = rs.reduce((n, x) => n + x.ms, 0);
        const cpu: Record<string, number> = {};
        for (const x of rs) for (const [k, v] of Object.entries(x.cpuMs)) cpu[k] = (cpu[k] ?? 0) + v;
        const total = Object.values(cpu).reduce((p, q) => p + q, 0);
        const split = Object.entries(cpu)
          .map(([k, v]) => `${k} ${((v * 1000) / readings).toFixed(1)}`)
          .join(', ');
        return { perS: (readings * 1000) / ms, usPerReading: (total * 1000) / readings, split, readings };
      };
      const one = sum(results.one);
      const two = sum(results.two);
      const how = `${clients} devices × ${perClient.toLocaleString('en-US')} single-reading QoS 1 messages a round, ${rounds} round(s) of each, one node's first`;
      return [
        {
          name: 'two nodes: readings committed',
          value: two.perS,
          unit: 'readings/s',
          baseline: { name: 'one node', value: one.perS },
          note: `${how}; the second node starts cold. On this 2-core machine the two nodes, PostgreSQL, Mosquitto and the publishers share the same cores: this shows the overhead of splitting, not a speed-up (on separate machines each node brings its own cores)`,
        },
        {
          name: 'two nodes: CPU per reading, whole path',
          value: two.usPerReading,
          unit: 'µs/reading',
          baseline: { name: 'one node', value: one.usPerReading },
          note: `two nodes: ${two.split}; one node: ${one.split} (µs/reading; publishers not counted)`,
        },
      ];
    } finally {
      await b?.stop('SIGKILL');
      await a?.stop('SIGTERM');
      await check.end().catch(() => undefined);
      broker.stop();
      await scratch.drop();
    }
  },
};

interface Round {
  readings: number;
  ms: number;
  cpuMs: Record<string, number>;
}

async function round(
  ctx: BenchContext,
  o: {
    label: string;
    nodes: NodeProcess[];
    broker: BenchBroker;
    check: pg.Client;
    databaseUrl: string;
    devices: Array<{ id: string; token: string }>;
    perClient: number;
    baseTs: number;
  },
): Promise<Round> {
  const count = async () =>
    (await o.check.query<{ n: number }>('select count(*)::int as n from readings')).rows[0]!.n;
  const before = await count();
  const expected = before + o.devices.length * o.perClient;
  const pubs = await Publishers.start({
    url: o.broker.url,
    clients: o.devices.map((d) => ({
      id: d.id,
      topic: deviceTopics.telemetry(d.id),
      auth: true,
      password: d.token,
    })),
    messages: o.perClient,
    batch: 1,
    window: 50,
    baseTs: o.baseTs,
    rate: 0,
  });
  const nodeCpu = new CpuMeter(() => o.nodes.map((n) => n.child.pid!));
  const brokerCpu = o.broker.pid ? new CpuMeter(() => [o.broker.pid!]) : null;
  const pgCpu = postgresBackends(o.databaseUrl);
  await nodeCpu.begin();
  await brokerCpu?.begin();
  await pgCpu.begin();
  const t0 = performance.now();
  const published = pubs.go();
  let n = before;
  while (n < expected && performance.now() - t0 < 180_000) {
    await new Promise((r) => setTimeout(r, 100));
    n = await count();
  }
  const ms = performance.now() - t0;
  await published;
  const cpuMs = {
    nodes: await nodeCpu.end(),
    ...(brokerCpu ? { mosquitto: await brokerCpu.end() } : {}),
    postgres: await pgCpu.end(),
  };
  pubs.stop();
  const readings = n - before;
  if (readings < expected - before)
    throw new Error(`${o.label}: only ${readings} of ${expected - before} readings were committed`);
  ctx.log(
    `${o.label}: ${readings} readings in ${(ms / 1000).toFixed(1)} s → ${Math.round((readings * 1000) / ms)}/s; CPU ms ${JSON.stringify(cpuMs)}`,
  );
  return { readings, ms, cpuMs };
}

/** Devices registered through the API as an administrator would, each with its own token. */
async function register(httpUrl: string, n: number): Promise<Array<{ id: string; token: string }>> {
  const cookie = await loginOver(httpUrl, 'admin', 'bench-admin');
  const suffix = randomBytes(3).toString('hex');
  const out: Array<{ id: string; token: string }> = [];
  for (let k = 0; k < n; k++) {
    const id = `bench-${suffix}-${k}`;
    const res = await fetch(`${httpUrl}/api/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id, type: 'pressure_point', name: `压力点${k}`, lon: 121.4, lat: 37.53 }),
    });
    if (res.status !== 200) throw new Error(`creating ${id}: ${await res.text()}`);
    out.push({ id, token: ((await res.json()) as { token: string }).token });
  }
  return out;
}
