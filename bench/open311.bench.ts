import pg from 'pg';
import { createScratchDatabase, TEST_DATABASE_URL } from '../apps/server/src/testing/testApp.js';
import { appendCases } from './lib/bulkCases.js';
import { LoadGenerator, mergeLoadResults, type LoadResult } from './lib/load.js';
import Fastify from 'fastify';
import { startCityLoop, type RunningServer } from './lib/servers.js';
import { summarizeLatency } from './lib/stats.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Issue 19: `GET /open311/v2/requests.json` over a 90-day window returning 1,000 requests, against
 * the same rows read with one SQL query through the same driver (node-postgres) and serialised with
 * JSON.stringify, served by a bare Fastify route in the same process; `.xml` against the same
 * baseline. PostgreSQL only (the cases are generated in SQL). The size is 1,000,000 cases:
 * `OPEN311_BENCH_CASES` sets it (default 100,000, which fills in well under a minute here).
 */
export const open311Bench: Benchmark = {
  name: 'open311',
  description:
    'GET /open311/v2/requests.{json,xml} (90 days, 1,000 results) vs one SQL query + JSON.stringify',
  async run(ctx) {
    if (!(await postgresUp())) {
      ctx.log(`PostgreSQL at ${TEST_DATABASE_URL} does not answer: open311 figures skipped`);
      return [];
    }
    return figures(ctx);
  },
};

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
const DAY = 24 * 3600_000;

async function postgresUp(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * The baseline's SQL: the window's newest 1,000 cases in one query, with the columns a request is
 * made of (not the state machine's snapshot, which would only make the baseline slower).
 */
const BASELINE_SQL = `select code, state, kind, category, description, address, lat, lon, grid_code,
    source, urgency, district_code, street_code, unit_id, duplicate_of, reported_at, updated_at,
    closed_at, disposal_due_at
  from cases where reported_at >= $1 and reported_at <= $2
  order by reported_at desc, id desc limit 1000`;

async function figures(ctx: BenchContext): Promise<Row[]> {
  const envCases = Number(process.env.OPEN311_BENCH_CASES ?? '');
  const cases = Number.isInteger(envCases) && envCases > 0 ? envCases : ctx.quick ? 20_000 : 100_000;
  const roundMs = ctx.quick ? 1_000 : 3_000;
  const rounds = ctx.quick ? 2 : 4;
  const connections = 4;
  const scratch = await createScratchDatabase();
  const client = new pg.Client({ connectionString: scratch.url });
  const pool = new pg.Pool({ connectionString: scratch.url, max: connections });
  let node: Awaited<ReturnType<typeof startCityLoop>> | null = null;
  let baseline: RunningServer | null = null;
  let load: LoadGenerator | null = null;
  try {
    node = await startCityLoop({ DATABASE_URL: scratch.url, DEMO_SCALE: 'small' });
    await client.connect();
    const now = new Date();
    const fill = await appendCases(client, { from: 0, to: cases }, { now, maxCases: cases });
    await client.query('analyze cases');
    ctx.log(`open311: ${fmt(fill.cases)} cases, ${fmt(fill.events)} events in ${fmt(fill.ms / 1000)} s`);

    const from = new Date(now.getTime() - 90 * DAY + 60_000);
    const window = `start_date=${encodeURIComponent(from.toISOString())}&end_date=${encodeURIComponent(now.toISOString())}`;
    const paths = {
      json: `/open311/v2/requests.json?${window}`,
      xml: `/open311/v2/requests.xml?${window}`,
    };
    // The baseline: the same driver, one query, JSON.stringify — nothing else.
    baseline = await startBaseline(pool, from, now);

    // The same 1,000 requests on both sides, or the comparison means nothing.
    const json = (await (await fetch(`${node.url}${paths.json}`)).json()) as Array<{
      service_request_id: string;
    }>;
    const base = (await (await fetch(`${baseline.url}/baseline`)).json()) as Array<{ code: string }>;
    if (json.length !== 1000 || base.length !== 1000)
      throw new Error(
        `open311: ${json.length} requests and ${base.length} baseline rows, expected 1000 each`,
      );
    if (json.some((r, i) => r.service_request_id !== base[i]!.code))
      throw new Error('open311: the endpoint and the baseline list different requests');
    const xml = await (await fetch(`${node.url}${paths.xml}`)).text();
    if ((xml.match(/<request>/g) ?? []).length !== 1000)
      throw new Error('open311: the XML does not hold 1000 requests');

    const plan = (await client.query<{ 'QUERY PLAN': string }>(`explain ${BASELINE_SQL}`, [from, now])).rows
      .map((r) => r['QUERY PLAN'])
      .filter((l) => /Index|Seq Scan|Sort/.test(l))
      .map((l) => l.trim().replace(/\s+\(cost.*$/, ''))
      .join('; ');

    load = await LoadGenerator.start();
    const sides = {
      json: { url: node.url, path: paths.json, runs: [] as LoadResult[] },
      xml: { url: node.url, path: paths.xml, runs: [] as LoadResult[] },
      baseline: { url: baseline.url, path: '/baseline', runs: [] as LoadResult[] },
    };
    const run = (s: (typeof sides)[keyof typeof sides], durationMs: number) =>
      load!.run({ url: s.url, paths: [s.path], connections, durationMs });
    for (const s of Object.values(sides)) await run(s, ctx.quick ? 500 : 1_500);
    for (let r = 0; r < rounds; r++) {
      for (const [name, s] of Object.entries(sides)) {
        const res = await run(s, roundMs);
        if (Object.keys(res.status).some((st) => st !== '200') || res.errors + res.timeouts > 0)
          throw new Error(`open311 ${name}: ${JSON.stringify(res.status)}, ${res.errors} errors`);
        s.runs.push(res);
        ctx.log(
          `  round ${r + 1} ${name.padEnd(8)} ${fmt(res.rps)} req/s, p99 ${ms(summarizeLatency(res.latenciesMs).p99)}`,
        );
      }
    }
    const merged = (s: (typeof sides)[keyof typeof sides]) => {
      const m = mergeLoadResults(s.runs);
      return {
        rps: m.rps,
        lat: summarizeLatency(m.latenciesMs),
        bytes: m.bytesRead / Math.max(1, m.requests),
      };
    };
    const j = merged(sides.json);
    const x = merged(sides.xml);
    const b = merged(sides.baseline);
    const baseRow = { name: 'one SQL query + JSON.stringify', value: b.rps };
    const note = `${fmt(cases)} cases in PostgreSQL (OPEN311_BENCH_CASES), 90-day window, 1,000 results; ${connections} connections, ${rounds} rounds × ${roundMs / 1000} s alternating; window plan: ${plan}`;
    return [
      {
        name: 'GET /open311/v2/requests.json',
        value: j.rps,
        unit: 'req/s',
        baseline: baseRow,
        target: '≥ 0.5×',
        note: `${note}; ${fmt(j.bytes)} bytes per answer (baseline ${fmt(b.bytes)})`,
      },
      {
        name: 'GET /open311/v2/requests.xml',
        value: x.rps,
        unit: 'req/s',
        baseline: baseRow,
        target: '≥ 0.3×',
        note: `${fmt(x.bytes)} bytes per answer`,
      },
      {
        name: 'one SQL query + JSON.stringify',
        value: b.rps,
        unit: 'req/s',
        note: 'the baseline: a bare Fastify route, node-postgres pool, one query of the same rows and the columns a request shows',
      },
      {
        name: 'requests.json p99',
        value: j.lat.p99,
        unit: 'ms',
        baseline: { name: 'baseline p99', value: b.lat.p99 },
        note: `p50 ${ms(j.lat.p50)} (baseline ${ms(b.lat.p50)})`,
      },
      {
        name: 'requests.xml p99',
        value: x.lat.p99,
        unit: 'ms',
        baseline: { name: 'baseline p99', value: b.lat.p99 },
        note: `p50 ${ms(x.lat.p50)}`,
      },
    ];
  } finally {
    await load?.close().catch(() => {});
    await baseline?.close().catch(() => {});
    await node?.close().catch(() => {});
    await pool.end().catch(() => {});
    await client.end().catch(() => {});
    await scratch.drop();
  }
}

/** A bare Fastify route that reads the window's rows in one query and answers JSON.stringify(rows). */
async function startBaseline(pool: pg.Pool, from: Date, to: Date): Promise<RunningServer> {
  const app = Fastify({ logger: false });
  app.get('/baseline', async (_req, reply) => {
    const rows = (await pool.query(BASELINE_SQL, [from, to])).rows;
    return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(rows));
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
