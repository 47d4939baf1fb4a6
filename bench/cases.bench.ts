import { performance } from 'node:perf_hooks';
import pg from 'pg';
import sharp from 'sharp';
import type { Queryable } from '../apps/server/src/db/db.js';
import { createScratchDatabase, TEST_DATABASE_URL } from '../apps/server/src/testing/testApp.js';
import { appendCases } from './lib/bulkCases.js';
import { LoadGenerator, mergeLoadResults, type LoadResult } from './lib/load.js';
import { rng } from './lib/rng.js';
import { startCityLoop, type CityLoopServer } from './lib/servers.js';
import { summarizeLatency } from './lib/stats.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Issue: "Case intake through HTTP (report with one small photo reference, grid resolution,
 * duplicate check, event append): throughput and p99 latency, as a ratio to a plain single-row
 * INSERT through the same database driver in the same run (aim ≥ 0.3)" and "Dispatcher queue
 * (first page, filtered by district and status) and a unit's inbox at 10,000 vs 1,000,000 cases:
 * p99 latency must not grow more than 2× over that range".
 *
 * Intake runs on PGlite (the default) and, when 127.0.0.1:5432 answers, on PostgreSQL in a scratch
 * database created and dropped here; the queues need PostgreSQL (a million rows in seconds).
 */
export const casesBench: Benchmark = {
  name: 'cases',
  description:
    'case intake (POST /api/cases) vs single-row INSERT; dispatcher queue and unit inbox p99 at 10k vs 1M cases',
  async run(ctx) {
    const rows = await intakeFigures(ctx, 'pglite');
    if (!(await postgresUp())) {
      ctx.log(`PostgreSQL at ${TEST_DATABASE_URL} does not answer: PostgreSQL figures skipped`);
      return rows;
    }
    rows.push(...(await intakeFigures(ctx, 'postgres')));
    rows.push(...(await queueFigures(ctx)));
    return rows;
  },
};

const SIZES = {
  full: {
    /** Concurrent clients in the intake and INSERT runs: a working day's load, then a rush. */
    levels: [16, 64],
    rounds: 5,
    roundMs: 2_000,
    warmupMs: 2_000,
    small: 10_000,
    large: 1_000_000,
    queueMs: 5_000,
  },
  quick: {
    levels: [8, 32],
    rounds: 2,
    roundMs: 1_000,
    warmupMs: 500,
    small: 10_000,
    large: 100_000,
    queueMs: 1_500,
  },
} as const;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

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

/** A CityLoop node on PGlite in memory, or on a scratch PostgreSQL database dropped by `close`. */
async function startNode(db: 'pglite' | 'postgres') {
  const scratch = db === 'postgres' ? await createScratchDatabase() : null;
  try {
    const node = await startCityLoop(scratch ? { DATABASE_URL: scratch.url } : {});
    return {
      node,
      scratchUrl: scratch?.url ?? null,
      async close() {
        await node.close();
        await scratch?.drop();
      },
    };
  } catch (err) {
    await scratch?.drop();
    throw err;
  }
}

async function login(node: CityLoopServer, username: string): Promise<string> {
  const res = await fetch(`${node.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'cityloop' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cl_session='));
  if (res.status !== 200 || !cookie) throw new Error(`login ${username}: ${res.status}`);
  return cookie.split(';')[0]!;
}

/**
 * N concurrent callers, each awaiting one single-row INSERT at a time, through the node's own
 * driver, into `bench_insert` (made by the caller: see intakeFigures).
 */
async function insertLoad(node: CityLoopServer, clients: number, durationMs: number) {
  const db = node.app.platform.db;
  const latencies: number[] = [];
  let n = 0;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await db.query(`insert into bench_insert(at, note, n) values ($1, $2, $3)`, [
        new Date(),
        '基准测试',
        n++,
      ]);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  const took = performance.now() - start;
  return { rows: latencies.length, durationMs: took, rps: latencies.length / (took / 1000), latencies };
}

/** A demo inspector's session, their own photo, and points spread over their own unit grids. */
interface Reporter {
  username: string;
  /** The street the inspector works in (their jurisdiction). */
  street: string;
  cookie: string;
  photo: string;
  points: Array<[number, number]>;
}

async function reporter(
  node: CityLoopServer,
  username: string,
  k: number,
  r: () => number,
): Promise<Reporter> {
  const cookie = await login(node, username);
  const user = (await node.app.services.auth.userForToken(decodeURIComponent(cookie.split('=')[1]!)))!;
  const grids = node.app.services.grids;
  const codes = user.supervisionGridCodes.flatMap((s) => grids.codesInSupervisionGrid(s));
  if (!codes.length) throw new Error(`${username} has no grids`);
  // Uniform in each grid, rejection-sampled against the server's own grid index, as an inspector
  // walking the beat reports: the duplicate check runs on every report and finds the open cases
  // of the same category within 50 m.
  const points: Array<[number, number]> = [];
  for (let j = 0; points.length < 2_000; j++) {
    const code = codes[j % codes.length]!;
    const ring = grids.get(code).polygon[0]!;
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    const lon = Math.min(...lons) + r() * (Math.max(...lons) - Math.min(...lons));
    const lat = Math.min(...lats) + r() * (Math.max(...lats) - Math.min(...lats));
    if (grids.codeAt(lon, lat) === code) points.push([lon, lat]);
  }
  return {
    username,
    street: user.jurisdiction.code ?? '',
    cookie,
    photo: await uploadPhoto(node, cookie, k),
    points,
  };
}

const CATEGORIES = ['0102', '0104', '0201', '0505', '0506', '0507', '0504', '0110'];

/**
 * (a) POST /api/cases against single-row INSERTs through the same driver, same node, same run, at
 * two loads: as many clients as the demo city has inspectors on a working day, and four times that
 * (a rush: the demo's 21 inspectors then report from several phones each, each phone its own
 * session). Throughput is what a side sustains at its best, so the figure with the target compares
 * the two sides' best rates over the loads; each load's own ratio is listed beside it. Every client
 * reports in the inspector's own street, at points spread over their own unit grids. A second run
 * sends every report into one inspector's grids: a year of a street's reports in seconds, so each
 * report finds several open cases of its category within 50 m and the duplicate search does the
 * most work; it is reported beside the figure, without a target.
 */
async function intakeFigures(ctx: BenchContext, db: 'pglite' | 'postgres'): Promise<Row[]> {
  const size = ctx.quick ? SIZES.quick : SIZES.full;
  const started = await startNode(db);
  const { node } = started;
  let load: LoadGenerator | null = null;
  const watch = watchStatements(node);
  try {
    ctx.log(`${db}: CityLoop node with the demo city up in ${fmt(node.bootMs)} ms`);
    const r = rng(20261124);
    // The demo city's inspectors with a beat (`inspector`, then `inspector.1` …): at the larger
    // load each reports from several phones, each phone its own session.
    const inspectors = (await node.app.services.users.list({ role: 'inspector', pageSize: 500 })).items
      .filter((u) => u.supervisionGridCodes.length > 0)
      .map((u) => u.username)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const reporters: Reporter[] = [];
    for (let k = 0; k < Math.max(...size.levels); k++)
      reporters.push(await reporter(node, inspectors[k % inspectors.length]!, k, r));
    const streets = new Set(reporters.map((x) => x.street));
    const body = (x: Reporter, n: number, key: string) => {
      const [lon, lat] = x.points[n % x.points.length]!;
      return JSON.stringify({
        kind: 'event',
        category: CATEGORIES[Math.floor(r() * CATEGORIES.length)],
        lon,
        lat,
        description: `基准测试上报 ${n}`,
        photos: [x.photo],
        idempotencyKey: key,
      });
    };
    const first = reporters[0]!;
    const trips = await statementsPerReport(watch, () =>
      fetch(`${node.url}/api/cases`, {
        method: 'POST',
        headers: { cookie: first.cookie, 'content-type': 'application/json' },
        body: body(first, 0, `bench-${db}-lone-report`),
      }).then((res) => res.status),
    );
    ctx.log(`${db}: one report = ${trips.count} database round trips: ${trips.list}`);
    // The HTTP clients run in the load generator's own process (as real clients would, on other
    // machines); each run gets its own idempotency keys ({{n}} is the request's number).
    load = await LoadGenerator.start();
    const as = (runTag: string, who: readonly Reporter[]) =>
      who.map((x, i) => ({
        headers: { cookie: x.cookie },
        bodies: x.points.map((_, n) => body(x, n, `bench-${db}-${runTag}-${i}-{{n}}`)),
      }));
    const post = (runTag: string, durationMs: number, who: readonly Reporter[], connections: number) =>
      load!.run({ url: node.url, paths: ['/api/cases'], as: as(runTag, who), connections, durationMs });
    await node.app.platform.db.exec(`create table bench_insert (
      id bigint generated always as identity primary key, at timestamptz not null, note text not null, n integer not null)`);
    for (const level of size.levels) {
      await post(`warmup${level}`, size.warmupMs, reporters.slice(0, level), level);
      await insertLoad(node, level, size.warmupMs);
    }
    // Short rounds alternating intake and INSERT at each load (in turn first): on a shared
    // machine whatever else runs slows both sides alike, and each ratio is taken over all rounds.
    const at = size.levels.map((level) => ({
      level,
      runs: [] as LoadResult[],
      inserts: [] as Array<Awaited<ReturnType<typeof insertLoad>>>,
      cpuUs: 0,
      statements: 0,
    }));
    for (let k = 0; k < size.rounds; k++) {
      for (const side of at) {
        const intake = async () => {
          const cpu0 = process.cpuUsage();
          const seen0 = watch.seen.length;
          watch.record();
          side.runs.push(
            await post(
              `measured${k}at${side.level}`,
              size.roundMs,
              reporters.slice(0, side.level),
              side.level,
            ).finally(() => watch.pause()),
          );
          const cpu = process.cpuUsage(cpu0);
          side.cpuUs += cpu.user + cpu.system;
          side.statements += watch.seen
            .slice(seen0)
            .filter((sql) => sql.includes('case_report_batch')).length;
        };
        const insert = async () => void side.inserts.push(await insertLoad(node, side.level, size.roundMs));
        for (const run of k % 2 ? [insert, intake] : [intake, insert]) await run();
      }
    }
    await node.app.platform.db.exec(`drop table bench_insert`);
    const dense = await post('dense', size.rounds * size.roundMs, [first], size.levels[0]);
    const figures = at.map((side) => {
      const run = allCreated(mergeLoadResults(side.runs), `${db} intake at ${side.level} clients`);
      const insert = {
        rps:
          side.inserts.reduce((n, x) => n + x.rows, 0) /
          (side.inserts.reduce((n, x) => n + x.durationMs, 0) / 1000),
        latency: summarizeLatency(side.inserts.flatMap((x) => x.latencies)),
      };
      const latency = summarizeLatency(Array.from(run.latenciesMs));
      const roundRatios = side.runs.map((r, k) => (r.rps / side.inserts[k]!.rps).toFixed(2));
      ctx.log(
        `${db}, ${side.level} clients: intake ${fmt(run.rps)} req/s (p99 ${ms(latency.p99)}), ` +
          `INSERT ${fmt(insert.rps)} rows/s (p99 ${ms(insert.latency.p99)}), ratio ${(run.rps / insert.rps).toFixed(2)}`,
      );
      return { ...side, run, insert, latency, roundRatios };
    });
    allCreated(dense, `${db} dense intake`);
    const best = figures.reduce((a, b) => (b.run.rps > a.run.rps ? b : a));
    const bestInsert = figures.reduce((a, b) => (b.insert.rps > a.insert.rps ? b : a));
    const how =
      `${size.rounds} rounds of ${size.roundMs / 1000} s at each load, intake and INSERT alternating ` +
      `(each first in turn)`;
    const levelNote = (f: (typeof figures)[number]) =>
      `${f.level} clients: ${fmt(f.run.rps)} reports/s against INSERT ${fmt(f.insert.rps)} rows/s = ` +
      `${(f.run.rps / f.insert.rps).toFixed(2)}× (rounds ${f.roundRatios.join(', ')}), ` +
      `${(f.run.requests / Math.max(1, f.statements)).toFixed(1)} reports a statement, ` +
      `server process ${(f.cpuUs / 10 / f.run.durationMs).toFixed(0)}% CPU, load generator ${f.run.clientCpuPct.toFixed(0)}%`;
    return [
      {
        name: `POST /api/cases (${db})`,
        value: best.run.rps,
        unit: 'req/s',
        baseline: { name: `single-row INSERT (${db})`, value: bestInsert.insert.rps },
        target: '≥ 0.3×',
        note:
          `each side's best rate over ${size.levels.join(' and ')} concurrent clients (intake at ${best.level}, ` +
          `INSERT at ${bestInsert.level}); ${how}; the demo's ${inspectors.length} inspectors in ${streets.size} streets, ` +
          `each client in its inspector's own grids; a report with one photo id, grid resolved, duplicate check, event row; ` +
          `${fmt(figures.reduce((n, f) => n + f.run.requests, 0))} reports, all 201; a lone report takes ` +
          `${trips.count} database round trips (the INSERT: 1). ` +
          figures.map(levelNote).join('; '),
      },
      {
        name: `single-row INSERT (${db})`,
        value: bestInsert.insert.rps,
        unit: 'rows/s',
        note:
          `best of ${size.levels.join(' and ')} concurrent callers in the rounds between ` +
          `(${figures.map((f) => `${fmt(f.insert.rps)} at ${f.level}`).join(', ')}); ` +
          `ctx.db.query(insert … values ($1, $2, $3)) on the same node (its pool), autocommit`,
      },
      ...figures.map((f): Row => ({
        name: `POST /api/cases p99 at ${f.level} clients (${db})`,
        value: f.latency.p99,
        unit: 'ms',
        baseline: { name: `INSERT p99 at ${f.level} callers`, value: f.insert.latency.p99 },
        note: `lower is better; p50 ${ms(f.latency.p50)} vs INSERT p50 ${ms(f.insert.latency.p50)}`,
      })),
      {
        name: `POST /api/cases, all in one inspector's grids (${db})`,
        value: dense.rps,
        unit: 'req/s',
        baseline: { name: `single-row INSERT at ${size.levels[0]} (${db})`, value: figures[0]!.insert.rps },
        note:
          `${size.levels[0]} concurrent clients for ${(size.rounds * size.roundMs) / 1000} s, every report by ${first.username} in their own grids after the runs above: ` +
          `the densest case for the duplicate search (no target; a city's reports spread over its streets)`,
      },
    ];
  } finally {
    watch.stop();
    await load?.close();
    await started.close();
  }
}

/** The load run, when every report in it answered 201; otherwise the benchmark fails, saying what came back. */
function allCreated(run: LoadResult, what: string): LoadResult {
  const other = Object.keys(run.status).filter((s) => s !== '201');
  if (other.length || run.errors + run.timeouts > 0)
    throw new Error(
      `${what} answered ${JSON.stringify(run.status)} (${run.errors} lost, ${run.timeouts} timeouts): ` +
        `${Object.values(run.samples)[0] ?? ''}`,
    );
  return run;
}

/**
 * The statements one report sends to the database (begin/commit included), counted by watching
 * the node's Db for one request: where intake time goes next to a one-statement INSERT.
 */
async function statementsPerReport(watch: ReturnType<typeof watchStatements>, send: () => Promise<number>) {
  const seen0 = watch.seen.length;
  watch.record();
  const status = await send().finally(() => watch.pause());
  if (status !== 201) throw new Error(`sample report answered ${status}`);
  const seen = watch.seen.slice(seen0);
  // The writer takes its own connection at its first report: this one, so it is watched too.
  if (!seen.some((sql) => sql.includes('case_report_batch')))
    throw new Error(`the sample report's filing statement was not seen (saw: ${seen.join(' · ')})`);
  // The session lookup is cached by the server; notify is the live bus (PostgreSQL only).
  const short = seen.map((sql) => sql.trim().split(/\s+/).slice(0, 3).join(' '));
  return { count: seen.length, list: short.join(' · ') };
}

/**
 * The statements the node sends to its database while recording, whole, with `begin`, `commit`
 * and `notify` for transactions and bus messages: by wrapping the node's Db (its pool, and the
 * connections it hands out as dedicated, such as the report writer's), so nothing is assumed.
 * The pool is wrapped only while recording, so that the INSERT baseline runs through it bare.
 */
function watchStatements(node: CityLoopServer) {
  const db = node.app.platform.db;
  const original = { query: db.query, tx: db.tx, notify: db.notify, dedicated: db.dedicated };
  const seen: string[] = [];
  let recording = false;
  const watched = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      if (recording) seen.push(sql);
      return q.query(sql, params);
    },
    exec: (sql) => q.exec(sql),
  });
  // The report writer takes its connection once, at its first report: wrapped for the whole run.
  db.dedicated = (name) => watched(original.dedicated(name));
  const pause = () => {
    recording = false;
    db.query = original.query;
    db.tx = original.tx;
    db.notify = original.notify;
  };
  return {
    seen,
    record() {
      recording = true;
      db.query = watched({ query: original.query, exec: db.exec }).query;
      db.notify = (channel, payload) => {
        seen.push('notify');
        return original.notify(channel, payload);
      };
      db.tx = (fn) => {
        seen.push('begin');
        return original.tx((q) => fn(watched(q))).finally(() => seen.push('commit'));
      };
    },
    pause,
    stop() {
      pause();
      db.dedicated = original.dedicated;
    },
  };
}

async function uploadPhoto(node: CityLoopServer, cookie: string, k: number): Promise<string> {
  const png = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 40 + k * 10, g: 90, b: 60 } },
  })
    .jpeg({ quality: 70 })
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/jpeg' }), 'p.jpg');
  const res = await fetch(`${node.url}/api/attachments`, { method: 'POST', headers: { cookie }, body: form });
  if (res.status !== 200) throw new Error(`photo upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const QUEUES = [
  { key: 'dispatcher queue', user: 'dispatcher', path: '/api/cases?queue=to_dispatch&districtCode=370602' },
  { key: 'unit inbox', user: 'sanitation.zhifu', path: '/api/cases?queue=inbox' },
] as const;
type QueueKey = (typeof QUEUES)[number]['key'];

/** One scratch PostgreSQL database with a node, a direct client and the queues' cookies. */
interface QueueSide {
  label: string;
  close(): Promise<void>;
  node: CityLoopServer;
  client: pg.Client;
  cookies: Record<QueueKey, string>;
  http: Record<QueueKey, LoadResult[]>;
  sql: Record<QueueKey, number[]>;
}

/**
 * (b) The two queues at 10k and at 1M cases on PostgreSQL: two scratch databases filled by the
 * same generator (the 1M table is the 10k one grown: the same first 10k rows), measured in
 * alternating rounds so that a busy machine slows both sides alike. Reported: HTTP p99 (the
 * issue's figure), and the p99 of the queue's SQL alone, with each plan.
 */
async function queueFigures(ctx: BenchContext): Promise<Row[]> {
  const size = ctx.quick ? SIZES.quick : SIZES.full;
  const now = new Date();
  const sides: QueueSide[] = [];
  let load: LoadGenerator | null = null;
  try {
    for (const n of [size.small, size.large]) {
      const started = await startNode('postgres');
      const client = new pg.Client({ connectionString: started.scratchUrl! });
      const side: QueueSide = {
        label: fmt(n),
        node: started.node,
        client,
        close: async () => {
          await client.end().catch(() => {});
          await started.close();
        },
        cookies: { 'dispatcher queue': '', 'unit inbox': '' },
        http: { 'dispatcher queue': [], 'unit inbox': [] },
        sql: { 'dispatcher queue': [], 'unit inbox': [] },
      };
      sides.push(side);
      await client.connect();
      // Both tables end at `now`: the first page holds recent cases at either size (how old an open
      // case is changes the cost of its traffic light, which is not what is measured here).
      const fill = await appendCases(client, { from: 0, to: n }, { now, maxCases: n });
      ctx.log(`postgres: ${fmt(fill.cases)} cases, ${fmt(fill.events)} events in ${fmt(fill.ms / 1000)} s`);
      for (const q of QUEUES) side.cookies[q.key] = await login(side.node, q.user);
      for (const q of QUEUES) {
        const res = await fetch(`${side.node.url}${q.path}`, { headers: { cookie: side.cookies[q.key] } });
        const body = (await res.json()) as { items?: unknown[] };
        if (res.status !== 200 || (body.items?.length ?? 0) < 50)
          throw new Error(`${q.key} at ${side.label}: ${res.status}, ${body.items?.length ?? 0} items`);
      }
    }
    load = await LoadGenerator.start();
    const run = (side: QueueSide, q: (typeof QUEUES)[number], durationMs: number) =>
      load!.run({
        url: side.node.url,
        paths: [q.path],
        connections: 4,
        durationMs,
        headers: { cookie: side.cookies[q.key] },
      });
    for (const side of sides) for (const q of QUEUES) await run(side, q, size.warmupMs);
    const rounds = ctx.quick ? 2 : 3;
    for (let r = 0; r < rounds; r++) {
      for (const q of QUEUES) {
        for (const side of sides) {
          const res = await run(side, q, size.queueMs);
          if (Object.keys(res.status).some((st) => st !== '200') || res.errors + res.timeouts > 0)
            throw new Error(`${q.key} at ${side.label}: ${JSON.stringify(res.status)}, ${res.errors} errors`);
          side.http[q.key].push(res);
          side.sql[q.key].push(...(await sqlTimes(side.client, q.key, 100)));
          const l = summarizeLatency(res.latenciesMs);
          ctx.log(`  round ${r + 1} ${side.label.padStart(9)} ${q.key}: p50 ${ms(l.p50)}, p99 ${ms(l.p99)}`);
        }
      }
    }
    const [small, large] = sides as [QueueSide, QueueSide];
    const plans = {
      small: Object.fromEntries(
        await Promise.all(QUEUES.map(async (q) => [q.key, await explain(small.client, q.key)])),
      ),
      large: Object.fromEntries(
        await Promise.all(QUEUES.map(async (q) => [q.key, await explain(large.client, q.key)])),
      ),
    } as Record<'small' | 'large', Record<QueueKey, string>>;
    // What the partial indexes of migration 0006 buy: the 1M plans and SQL times without them.
    const without: Record<QueueKey, { plan: string; p99: number }> = {
      'dispatcher queue': { plan: '', p99: Number.NaN },
      'unit inbox': { plan: '', p99: Number.NaN },
    };
    await large.client.query('begin');
    try {
      await large.client.query(
        `drop index if exists cases_to_dispatch_district, cases_to_dispatch, cases_inbox`,
      );
      for (const q of QUEUES) {
        without[q.key] = {
          plan: await explain(large.client, q.key),
          p99: summarizeLatency(await sqlTimes(large.client, q.key, 60)).p99,
        };
      }
    } finally {
      await large.client.query('rollback');
    }
    return QUEUES.flatMap((q): Row[] => {
      const a = summarizeLatency(mergeLoadResults(small.http[q.key]).latenciesMs);
      const b = summarizeLatency(mergeLoadResults(large.http[q.key]).latenciesMs);
      const sa = summarizeLatency(small.sql[q.key]);
      const sb = summarizeLatency(large.sql[q.key]);
      return [
        {
          name: `${q.key} p99 at ${large.label}`,
          value: b.p99,
          unit: 'ms',
          baseline: { name: `p99 at ${small.label}`, value: a.p99 },
          target: '≤ 2×',
          note:
            `GET ${q.path} as ${q.user}, first page (50 rows), 4 keep-alive connections, ` +
            `${rounds} alternating rounds of ${size.queueMs / 1000} s; p50 ${ms(a.p50)} → ${ms(b.p50)}`,
        },
        {
          name: `${q.key} SQL p99 at ${large.label}`,
          value: sb.p99,
          unit: 'ms',
          baseline: { name: `SQL p99 at ${small.label}`, value: sa.p99 },
          target: '≤ 2×',
          note:
            `the queue's query alone (as listCases builds it), execution time by the server, ${sb.count} runs each; ` +
            `plan at ${small.label}: ${plans.small[q.key]}; at ${large.label}: ${plans.large[q.key]}; ` +
            `without migration 0006 at ${large.label}: SQL p99 ${ms(without[q.key].p99)}, ${without[q.key].plan}`,
        },
      ];
    });
  } finally {
    await load?.close();
    for (const side of sides) await side.close();
  }
}

/**
 * The queue's SQL executed `n` times, each timed by the server (EXPLAIN ANALYZE, timing off): the
 * query's own cost, without the round trip a busy machine makes noisy. In ms.
 */
async function sqlTimes(client: pg.Client, key: QueueKey, n: number): Promise<number[]> {
  const sql = await queueSql(client, key);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const r = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, timing off) ${sql}`);
    const line = r.rows.map((x) => x['QUERY PLAN']).find((l) => l.startsWith('Execution Time'));
    out.push(Number(/([0-9.]+) ms/.exec(line ?? '')?.[1] ?? Number.NaN));
  }
  return out;
}

async function queueSql(client: pg.Client, key: QueueKey): Promise<string> {
  if (key === 'dispatcher queue')
    return `select c.* from cases c where (c.state = 'filed' or (c.state = 'dispatched' and c.snapshot->>'dispatchLevel' = 'district'))
      and c.district_code = '370602' order by c.id desc limit 51`;
  const unit = await client.query<{ id: number }>(
    `select id from departments where code = 'sanitation-zhifu'`,
  );
  return `select c.* from cases c where c.unit_id = ${Number(unit.rows[0]?.id ?? 0)}
    and c.state in ('dispatched', 'handling', 'suspended') and coalesce(c.snapshot->>'dispatchLevel', 'unit') = 'unit'
    order by c.id desc limit 51`;
}

/** The plan of the queue's SQL (as listCases builds it), in one line: top nodes and execution time. */
async function explain(client: pg.Client, key: QueueKey): Promise<string> {
  const sql = await queueSql(client, key);
  const r = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers off, timing off) ${sql}`);
  const lines = r.rows.map((x) => x['QUERY PLAN']);
  const nodes = lines
    .filter((l) => /(Scan|Sort|BitmapOr|Limit)/.test(l))
    .slice(0, 3)
    .map((l) =>
      l
        .trim()
        .replace(/^->\s*/, '')
        .replace(/\s+\(cost.*$/, '')
        .replace(/ on cases c/, ''),
    );
  const exec = lines.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  return `${nodes.join(' ← ')} (${exec})`;
}
