/**
 * Issue: "The cockpit's data at 1,000,000 cases and 10,000 devices: p99 ≤ 3× the same at 10,000
 * cases (it reads rollups or incremental counts, not the whole history on each load)."
 *
 * Two scratch PostgreSQL databases (TEST_DATABASE_URL, default 127.0.0.1:5432): the small demo
 * city with 10,000 cases (the baseline), then with 1,000,000 cases over 2025 and 10,000 devices,
 * cases and events generated in bulk SQL by the evaluation benchmark's generator. Each times
 * GET /api/cockpit?period=month&date=2025-06-15 as the leader, through the real app: every tile
 * is its module's own computation. --quick: 10,000 against 100,000 cases and 2,000 devices.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../apps/server/src/config.js';
import { buildApp } from '../apps/server/src/app.js';
import { createScratchDatabase } from '../apps/server/src/testing/testApp.js';
import { fillCases } from './evaluation.bench.js';
import type { BenchContext, Row } from './lib/types.js';

const SIZES = {
  full: { base: 10_000, big: 1_000_000, devices: 10_000, chunk: 100_000, runs: 30 },
  quick: { base: 10_000, big: 100_000, devices: 2_000, chunk: 25_000, runs: 12 },
};
const DATE = '2025-06-15';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export const cockpitBench = {
  name: 'cockpit',
  description:
    "the leaders' cockpit (GET /api/cockpit, a month) at 1,000,000 cases and 10,000 devices vs 10,000 cases",
  async run(ctx: BenchContext): Promise<Row[]> {
    const size = ctx.quick ? SIZES.quick : SIZES.full;
    const base = await measure(size.base, 0, size.chunk, size.runs, ctx);
    const big = await measure(size.big, size.devices, size.chunk, size.runs, ctx);
    return [
      {
        name: `GET /api/cockpit p99, ${fmt(size.big)} cases, ${fmt(size.devices)} devices`,
        value: big.p99,
        unit: 'ms',
        baseline: { name: `the same at ${fmt(size.base)} cases`, value: base.p99 },
        target: '≤ 3×',
        note: `p50 ${big.p50.toFixed(0)} ms vs ${base.p50.toFixed(0)} ms; ${size.runs} requests each after a warm-up`,
      },
    ];
  },
};

async function measure(cases: number, devices: number, chunk: number, runs: number, ctx: BenchContext) {
  const scratch = await createScratchDatabase();
  const app = await buildApp(
    loadConfig({
      DATABASE_URL: scratch.url,
      DEMO_SCALE: 'small',
      DEMO_CASES: '0',
      SIM_DEVICES: '0',
      PORT: '0',
      MQTT_PORT: '0',
      LOG_LEVEL: 'warn',
      WEB_DIST: '/nonexistent',
      ROLES: 'api',
    }),
    { logger: false },
  );
  try {
    await app.ready();
    const db = app.platform.db;
    let t = performance.now();
    await db.tx((q) => fillCases(q, cases, chunk, ctx));
    ctx.log(`${fmt(cases)} cases generated in ${fmt((performance.now() - t) / 1000)} s`);
    if (devices > 0) {
      const grid = (await db.query<{ code: string }>(`select code from unit_grids limit 1`)).rows[0]!.code;
      const types = [
        'pressure_point',
        'heat_station',
        'waterlogging_gauge',
        'drainage_station',
        'gas_regulator',
      ];
      await app.services.devices.createMany(
        Array.from({ length: devices }, (_, i) => ({
          id: `bench-${i}`,
          type: types[i % types.length]!,
          name: `bench ${i}`,
          lon: 121.3 + (i % 100) / 500,
          lat: 37.5 + Math.floor(i / 100) / 2500,
          gridCode: grid,
          departmentId: null,
          tokenHash: 'x',
          demoToken: null,
        })),
      );
      ctx.log(`${fmt(devices)} devices added`);
    }
    await db.query('analyze');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'cityloop' },
    });
    const cookie = `cl_session=${login.cookies.find((c) => c.name === 'cl_session')!.value}`;
    const once = async () => {
      const res = await app.inject({ url: `/api/cockpit?period=month&date=${DATE}`, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`cockpit: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const failed = res
        .json<{ tiles: Array<{ key: string; status: string; message?: string }> }>()
        .tiles.filter((x) => x.status === 'failed');
      if (failed.length)
        throw new Error(`failed tiles: ${failed.map((x) => `${x.key} ${x.message}`).join('; ')}`);
    };
    await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      await once();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
    ctx.log(`${fmt(cases)} cases: p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms`);
    return { p50: at(0.5), p99: at(0.99) };
  } finally {
    await app.close();
    await scratch.drop();
  }
}
