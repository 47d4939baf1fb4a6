import { performance } from 'node:perf_hooks';
import { generateCity } from '@cityloop/citygen';
import {
  GridIndex,
  bboxOf,
  linearScanAt,
  type IndexedGrid,
} from '../apps/server/src/features/grids/gridIndex.js';
import { cityPoints, type PointSet } from './lib/cityPoints.js';
import { LoadGenerator, mergeLoadResults, type LoadResult } from './lib/load.js';
import { startBareFastify, startCityLoop } from './lib/servers.js';
import { summarizeLatency } from './lib/stats.js';
import { timeRuns } from './lib/timing.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Issue: "point → grid lookups per second against a linear scan over the same grids in the same
 * run (expect ≥ 100× at 10,000 grids), and GET /api/grids/at requests per second against a bare
 * Fastify route returning a constant on the same machine in the same run (aim ≥ 0.7)".
 */
export const gridsBench: Benchmark = {
  name: 'grids',
  description: 'point → unit grid: GridIndex vs linear scan; GET /api/grids/at vs a bare Fastify route',
  async run(ctx) {
    return [...lookupFigures(ctx), ...(await httpFigures(ctx))];
  },
};

const SIZES = {
  full: {
    indexPoints: 200_000,
    // The linear scan costs ~0.5 ms a point at 11.5k grids: 4,000 points ≈ 2 s a run on an idle
    // machine, 3 runs.
    linearPoints: 4_000,
    linearRuns: 3,
    httpConnections: 32,
    httpWarmupMs: 2_000,
    httpRoundMs: 2_000,
    httpRounds: 5,
  },
  quick: {
    indexPoints: 20_000,
    linearPoints: 300,
    linearRuns: 1,
    httpConnections: 32,
    httpWarmupMs: 500,
    httpRoundMs: 1_000,
    httpRounds: 2,
  },
} as const;

let demoCity: ReturnType<typeof generateCity> | null = null;
/** The demo city, generated once per run (a second of work, deterministic). */
function city() {
  return (demoCity ??= generateCity({ scale: 'demo' }));
}

type Target = 'bare' | 'cityloop';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

/** (a) GridIndex.at against linearScanAt over the demo city's grids, same points, same run. */
function lookupFigures(ctx: BenchContext): Row[] {
  const size = ctx.quick ? SIZES.quick : SIZES.full;
  let t = performance.now();
  const { grids: unitGrids, bounds } = city();
  ctx.log(`demo city generated: ${fmt(unitGrids.length)} unit grids in ${fmt(performance.now() - t)} ms`);
  const grids: IndexedGrid[] = unitGrids.map((g) => ({
    code: g.code,
    polygon: [g.ring],
    bbox: bboxOf(g.ring),
  }));
  t = performance.now();
  const index = new GridIndex(grids);
  const buildMs = performance.now() - t;
  const points = cityPoints(unitGrids, bounds, size.indexPoints);

  // Both bodies write each answer into an array: the same small cost on both sides, and the
  // answers are then compared.
  const fast: (string | null)[] = new Array<string | null>(points.length).fill(null);
  const indexTiming = timeRuns(
    () => {
      let hits = 0;
      for (let i = 0; i < points.length; i++) {
        const code = index.at(points.lon[i]!, points.lat[i]!)?.code ?? null;
        fast[i] = code;
        if (code !== null) hits++;
      }
      return hits;
    },
    { warmupRuns: 2, runs: 7, opsPerRun: points.length },
  );
  const found = fast.filter((c) => c !== null).length;
  ctx.log(`GridIndex.at: ${fmt(indexTiming.opsPerSec)} lookups/s (median of 7 × ${fmt(points.length)})`);

  const m = size.linearPoints;
  const slow: (string | null)[] = new Array<string | null>(m).fill(null);
  // Warm up on a prefix only: a whole extra run of the slow path would buy nothing.
  for (let i = 0; i < Math.min(200, m); i++) linearScanAt(grids, points.lon[i]!, points.lat[i]!);
  const linearTiming = timeRuns(
    () => {
      let hits = 0;
      for (let i = 0; i < m; i++) {
        const code = linearScanAt(grids, points.lon[i]!, points.lat[i]!)?.code ?? null;
        slow[i] = code;
        if (code !== null) hits++;
      }
      return hits;
    },
    { warmupRuns: 0, runs: size.linearRuns, opsPerRun: m },
  );
  ctx.log(
    `linearScanAt: ${fmt(linearTiming.opsPerSec)} lookups/s (median of ${size.linearRuns} × ${fmt(m)}, ` +
      `${(linearTiming.medianMs / 1000).toFixed(1)} s a run)`,
  );

  const disagree: string[] = [];
  for (let i = 0; i < m; i++) {
    if (fast[i] !== slow[i])
      disagree.push(`(${points.lon[i]}, ${points.lat[i]}): index ${fast[i]}, linear ${slow[i]}`);
  }
  if (disagree.length > 0) {
    throw new Error(
      `GridIndex.at and linearScanAt disagree on ${disagree.length} of ${m} points:\n  ${disagree.slice(0, 10).join('\n  ')}`,
    );
  }
  const slowFound = slow.filter((c) => c !== null).length;
  return [
    {
      name: 'GridIndex.at',
      value: indexTiming.opsPerSec,
      unit: 'lookups/s',
      baseline: { name: 'linearScanAt', value: linearTiming.opsPerSec },
      target: '≥ 100×',
      note:
        `${fmt(grids.length)} grids; ${fmt(points.length)} points, ${pct(found, points.length)} in a grid; ` +
        `answers identical to the linear scan on its ${fmt(m)}-point sample (${pct(slowFound, m)} in a grid)`,
    },
    {
      name: 'linearScanAt',
      value: linearTiming.opsPerSec,
      unit: 'lookups/s',
      note:
        `every polygon, in order, until one holds the point; median of ${size.linearRuns} × ${fmt(m)} points ` +
        `(the first ${fmt(m)} of the GridIndex sample)`,
    },
    { name: 'GridIndex build', value: buildMs, unit: 'ms', note: `${fmt(grids.length)} grids, once` },
  ];
}

/**
 * (b) GET /api/grids/at on a real CityLoop node against a bare Fastify route returning a constant
 * of the same size, same load generator, same points, rounds alternating between the two.
 */
async function httpFigures(ctx: BenchContext): Promise<Row[]> {
  const size = ctx.quick ? SIZES.quick : SIZES.full;
  const node = await startCityLoop();
  let bare: Awaited<ReturnType<typeof startBareFastify>> | null = null;
  let load: LoadGenerator | null = null;
  try {
    const grids = node.app.services.grids;
    ctx.log(`CityLoop node up at ${node.url} in ${fmt(node.bootMs)} ms with ${fmt(grids.size)} unit grids`);
    if (grids.size < 10_000)
      throw new Error(`expected the full demo city (~11,500 grids), got ${grids.size}`);

    // The same point generator as the lookups; a different seed so it is not the same sample.
    const points = cityPoints(city().grids, city().bounds, 20_000, { seed: 7 });
    const paths = pathsFor(points);

    // The constant: a real GridInfo answer, so both servers send a body of the same size and shape.
    const inside = firstInside(points, (lon, lat) => grids.codeAt(lon, lat));
    const constant = grids.at(inside[0], inside[1]);
    bare = await startBareFastify({ '/api/grids/at': constant });
    const bodyBytes = Buffer.byteLength(JSON.stringify(constant));

    await sanityCheck(node.url, bare.url, inside, constant.code);

    load = await LoadGenerator.start();
    const targets = [
      { key: 'bare', url: bare.url },
      { key: 'cityloop', url: node.url },
    ] as const;
    const common = { paths, connections: size.httpConnections };
    for (const tg of targets) await load.run({ ...common, url: tg.url, durationMs: size.httpWarmupMs });
    // Short rounds alternating bare, CityLoop, bare, CityLoop…: on a shared machine the load from
    // other processes drifts, and alternating spreads that drift over both sides of the ratio.
    const rounds: Record<Target, LoadResult[]> = { bare: [], cityloop: [] };
    // CPU this process (the servers; the load generator is elsewhere) spent under each target.
    // CPU per request does not count time the server sat waiting, so it is the steadier figure
    // when other work on the machine steals cycles from the client or the server.
    const serverCpuMs: Record<Target, number> = { bare: 0, cityloop: 0 };
    const roundRatios: number[] = [];
    for (let r = 0; r < size.httpRounds; r++) {
      for (const tg of targets) {
        const cpu0 = process.cpuUsage();
        const res = await load.run({ ...common, url: tg.url, durationMs: size.httpRoundMs });
        const cpu = process.cpuUsage(cpu0);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        serverCpuMs[tg.key] += cpuMs;
        ctx.log(
          `round ${r + 1} ${tg.key.padEnd(8)} ${fmt(res.rps).padStart(7)} req/s  ${statusLine(res)}  ` +
            `(server CPU ${pct(cpuMs, res.durationMs)}, client ${res.clientCpuPct.toFixed(0)}%)`,
        );
        rounds[tg.key].push(res);
      }
      roundRatios.push(rounds.cityloop[r]!.rps / rounds.bare[r]!.rps);
    }
    const b = mergeLoadResults(rounds.bare);
    const c = mergeLoadResults(rounds.cityloop);
    for (const [key, res] of [
      ['bare', b],
      ['cityloop', c],
    ] as const) {
      if (res.errors + res.timeouts > 0 || res.requests === 0)
        throw new Error(
          `${key}: ${res.errors} lost connections, ${res.timeouts} timeouts, ${res.requests} answers`,
        );
      const unexpected = Object.keys(res.status).filter((s) => !['200', '404'].includes(s));
      if (unexpected.length) throw new Error(`${key}: unexpected statuses ${unexpected.join(', ')}`);
    }
    const spread = Math.max(...roundRatios) / Math.min(...roundRatios);
    if (spread > 1.5)
      ctx.log(
        `round ratios vary ${spread.toFixed(1)}×: other work is competing for the CPUs, so req/s figures ` +
          'are unreliable; the server-CPU-per-request ratio is the steadier figure — or rerun on a quiet machine',
      );
    const bl = summarizeLatency(b.latenciesMs);
    const cl = summarizeLatency(c.latenciesMs);
    const geocode = await geocodeFigures(ctx, load, node.url, paths, size);
    const cpuPerReq = (key: Target, res: LoadResult) => (1000 * serverCpuMs[key]) / res.requests;
    const how =
      `${size.httpConnections} keep-alive connections, ${size.httpRounds} × ${size.httpRoundMs / 1000} s ` +
      `alternating with the bare route (round ratios ${roundRatios.map((x) => x.toFixed(2)).join(', ')})`;
    return [
      {
        name: 'GET /api/grids/at',
        value: c.rps,
        unit: 'req/s',
        baseline: { name: 'bare Fastify constant', value: b.rps },
        target: '≥ 0.7×',
        note:
          `${fmt(grids.size)} grids; ${how}; ${statusLine(c)}; ` +
          `server CPU ${pct(serverCpuMs.cityloop, c.durationMs)}, client ${c.clientCpuPct.toFixed(0)}%`,
      },
      {
        name: 'bare Fastify constant',
        value: b.rps,
        unit: 'req/s',
        note:
          `same path and query strings, constant ${bodyBytes}-byte GridInfo body; ` +
          `server CPU ${pct(serverCpuMs.bare, b.durationMs)}, client ${b.clientCpuPct.toFixed(0)}%`,
      },
      {
        name: 'GET /api/grids/at server CPU',
        value: cpuPerReq('cityloop', c),
        unit: 'µs/req',
        baseline: { name: 'bare', value: cpuPerReq('bare', b) },
        // The 0.7× req/s aim restated for CPU cost: a CPU-bound server answering at ≥ 0.7× the
        // bare route's rate spends ≤ 1/0.7 of its CPU per request.
        target: '≤ 1.43×',
        note: 'server process CPU (user + system) per answered request; lower is better; ≤ 1.43× ⇔ the 0.7× aim when the server is CPU-bound',
      },
      latencyRow('GET /api/grids/at p50', cl.p50, 'bare p50', bl.p50),
      latencyRow('GET /api/grids/at p99', cl.p99, 'bare p99', bl.p99),
      ...geocode,
    ];
  } finally {
    await load?.close();
    await bare?.close();
    await node.close();
  }
}

/**
 * Address search over every name of the demo city's gazetteer (roads, communities, streets,
 * districts, landmarks) and every pair of roads as a crossing ("A与B交叉口"), in rounds alternating
 * with GET /api/grids/at on the same node and connections: p99 against the grid lookup's.
 */
async function geocodeFigures(
  ctx: BenchContext,
  load: LoadGenerator,
  url: string,
  gridPaths: string[],
  size: (typeof SIZES)[keyof typeof SIZES],
): Promise<Row[]> {
  const layers = (await (await fetch(`${url}/api/map/layers`)).json()) as {
    layers: Record<string, { features?: Array<{ properties?: { name?: unknown } }> }>;
  };
  const namesOf = (layer: string) =>
    (layers.layers[layer]?.features ?? []).flatMap((f) =>
      typeof f.properties?.name === 'string' ? [f.properties.name] : [],
    );
  const roads = namesOf('roads');
  const queries = [
    ...['districts', 'streets', 'communities', 'roads', 'places'].flatMap(namesOf),
    ...roads.flatMap((a, i) => roads.slice(i + 1).map((b) => `${a}与${b}交叉口`)),
    ...roads.map((r, i) => `${r}${1 + ((i * 37) % 200)}号`),
  ];
  const paths = queries.map((q) => `/api/geocode?q=${encodeURIComponent(q)}`);
  const common = { connections: size.httpConnections };
  await load.run({ ...common, url, paths, durationMs: size.httpWarmupMs });
  const geo: LoadResult[] = [];
  const grid: LoadResult[] = [];
  for (let r = 0; r < size.httpRounds; r++) {
    grid.push(await load.run({ ...common, url, paths: gridPaths, durationMs: size.httpRoundMs }));
    geo.push(await load.run({ ...common, url, paths, durationMs: size.httpRoundMs }));
  }
  const g = mergeLoadResults(geo);
  const a = mergeLoadResults(grid);
  if (g.errors + g.timeouts > 0 || Object.keys(g.status).some((s) => s !== '200'))
    throw new Error(`geocode: ${g.errors} lost, ${g.timeouts} timeouts, statuses ${statusLine(g)}`);
  const gl = summarizeLatency(g.latenciesMs);
  const al = summarizeLatency(a.latenciesMs);
  ctx.log(
    `geocode: ${fmt(queries.length)} queries, ${fmt(g.rps)} req/s against grids/at ${fmt(a.rps)} req/s`,
  );
  return [
    {
      name: 'GET /api/geocode p99',
      value: gl.p99,
      unit: 'ms',
      baseline: { name: 'GET /api/grids/at p99', value: al.p99 },
      target: '≤ 2×',
      note: `${fmt(queries.length)} queries: every area, road and landmark name, every pair of roads as a crossing, a house number per road; ${size.httpRounds} rounds alternating with grids/at; ${fmt(g.rps)} req/s; lower is better`,
    },
  ];
}

function latencyRow(name: string, value: number, baseName: string, baseValue: number): Row {
  return { name, value, unit: 'ms', baseline: { name: baseName, value: baseValue }, note: 'lower is better' };
}

function statusLine(r: LoadResult): string {
  return Object.entries(r.status)
    .map(([s, n]) => `${s}: ${pct(n, r.requests)}`)
    .join(', ');
}

function pathsFor(points: PointSet): string[] {
  const paths: string[] = [];
  for (let i = 0; i < points.length; i++)
    paths.push(`/api/grids/at?lon=${points.lon[i]!.toFixed(6)}&lat=${points.lat[i]!.toFixed(6)}`);
  return paths;
}

function firstInside(
  points: PointSet,
  codeAt: (lon: number, lat: number) => string | null,
): [number, number] {
  for (let i = 0; i < points.length; i++) {
    const lon = Number(points.lon[i]!.toFixed(6));
    const lat = Number(points.lat[i]!.toFixed(6));
    if (codeAt(lon, lat)) return [lon, lat];
  }
  throw new Error('no point of the sample lies in a grid');
}

/** Both servers answer the first inside point as expected before any load is sent. */
async function sanityCheck(nodeUrl: string, bareUrl: string, [lon, lat]: [number, number], code: string) {
  for (const base of [nodeUrl, bareUrl]) {
    const res = await fetch(`${base}/api/grids/at?lon=${lon}&lat=${lat}`);
    const body = (await res.json()) as { code?: string };
    if (res.status !== 200 || body.code !== code)
      throw new Error(`${base}/api/grids/at answered ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  }
}
