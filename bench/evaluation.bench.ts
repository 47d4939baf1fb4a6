/**
 * Issue: "A month's evaluation for all units over 1,000,000 cases: report the time; it must come
 * from the event rows, not from a hand-maintained counter table that could drift."
 *
 * Fills a scratch PostgreSQL database (TEST_DATABASE_URL, default 127.0.0.1:5432, created and
 * dropped here) with the demo city and N cases spread over 2025 with their event rows — generated
 * in SQL (generate_series), not through the service — then times GET /api/evaluation/{subject}
 * for one month through the real app (units, streets, districts, inspectors), against a plain
 * `select count(*) from case_events where at in the month` in the same run as the baseline.
 * Then the same on in-memory PGlite at 100,000 cases (the embedded database of a small city).
 *
 * Standalone: it declares the harness's row shape itself, so it runs with `tsx
 * bench/evaluation.bench.ts [--quick]` as well as from bench/run.ts.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../apps/server/src/config.js';
import { buildApp } from '../apps/server/src/app.js';
import type { Queryable } from '../apps/server/src/db/db.js';
import { createScratchDatabase } from '../apps/server/src/testing/testApp.js';

interface Row {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}
interface BenchContext {
  quick: boolean;
  log(message: string): void;
}

const SIZES = {
  full: { postgres: 1_000_000, pglite: 100_000, chunk: 100_000, runs: 3 },
  quick: { postgres: 50_000, pglite: 20_000, chunk: 25_000, runs: 2 },
};
const YEAR_START = '2025-01-01T00:00:00+08:00';
const MONTH = { date: '2025-06-15', from: '2025-06-01T00:00:00+08:00', to: '2025-07-01T00:00:00+08:00' };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
type Subject = 'units' | 'streets' | 'districts' | 'inspectors' | 'dispatchers';

export const evaluationBench = {
  name: 'evaluation',
  description:
    "a month's evaluation (综合评价) from the event rows at 1,000,000 cases vs count(*) of the month's events",
  async run(ctx: BenchContext): Promise<Row[]> {
    const size = ctx.quick ? SIZES.quick : SIZES.full;
    const scratch = await createScratchDatabase();
    try {
      const all: Subject[] = ['units', 'streets', 'districts', 'inspectors', 'dispatchers'];
      const rows = await measure(scratch.url, size.postgres, size.chunk, size.runs, all, ctx);
      return [
        ...rows,
        ...(await measure(':memory:', size.pglite, size.chunk, size.runs, ['units', 'streets'], ctx)),
      ];
    } finally {
      // EVALUATION_BENCH_KEEP=1 keeps the PostgreSQL database for EXPLAIN (drop it yourself).
      if (process.env.EVALUATION_BENCH_KEEP === '1') ctx.log(`kept ${scratch.url}`);
      else await scratch.drop();
    }
  },
};

/** Boots the app on the database, fills it with `cases` cases and times the subjects' month. */
async function measure(
  databaseUrl: string,
  cases: number,
  chunk: number,
  runs: number,
  subjects: readonly Subject[],
  ctx: BenchContext,
): Promise<Row[]> {
  let t = performance.now();
  const app = await buildApp(
    loadConfig({
      DATABASE_URL: databaseUrl,
      DEMO_SCALE: 'demo',
      DEMO_CASES: '0',
      SIM_DEVICES: '0',
      PORT: '0',
      MQTT_PORT: '0',
      LOG_LEVEL: 'warn',
      WEB_DIST: '/nonexistent',
    }),
    { logger: false },
  );
  try {
    await app.ready();
    const db = app.platform.db;
    const engine = db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
    ctx.log(`${engine}: demo city in ${fmt(performance.now() - t)} ms`);
    t = performance.now();
    const events = await db.tx((q) => fillCases(q, cases, chunk, ctx));
    ctx.log(
      `${engine}: ${fmt(cases)} cases, ${fmt(events)} events generated in ${fmt((performance.now() - t) / 1000)} s`,
    );

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'cityloop' },
    });
    const session = login.cookies.find((c) => c.name === 'cl_session');
    if (!session) throw new Error(`login failed: ${login.body}`);
    const cookie = `cl_session=${session.value}`;

    const countMonth = `select count(*)::int as n from case_events where at >= $1 and at < $2`;
    const monthEvents = (await db.query<{ n: number }>(countMonth, [MONTH.from, MONTH.to])).rows[0]?.n ?? 0;
    const baselineMs = await medianMs(runs, async () => {
      await db.query(countMonth, [MONTH.from, MONTH.to]);
    });
    ctx.log(
      `${engine}: baseline count(*) of ${fmt(monthEvents)} events in June: ${baselineMs.toFixed(0)} ms`,
    );

    const rows: Row[] = [];
    for (const subject of subjects) {
      let listed = 0;
      const ms = await medianMs(runs, async () => {
        const res = await app.inject({
          url: `/api/evaluation/${subject}?period=month&date=${MONTH.date}`,
          headers: { cookie },
        });
        if (res.statusCode !== 200)
          throw new Error(`${subject}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        const body = res.json<{ rows: Array<{ counts: { disposalDue: number } }> }>();
        listed = body.rows.length;
        if (subject === 'units' && !body.rows.some((r) => r.counts.disposalDue > 0))
          throw new Error('units: no disposal counted — the generator and the queries disagree');
      });
      ctx.log(`${engine}: GET /api/evaluation/${subject} (June, ${listed} rows): ${ms.toFixed(0)} ms`);
      rows.push({
        name: `${engine}, ${fmt(cases)} cases: a month's evaluation of all ${subject}`,
        value: ms / 1000,
        unit: 's',
        baseline: { name: "select count(*) of the month's case_events", value: baselineMs / 1000 },
        note: `${listed} rows; ${fmt(monthEvents)} events in the month; median of ${runs}`,
      });
    }
    return rows;
  } finally {
    await app.close();
  }
}

async function medianMs(runs: number, body: () => Promise<void>): Promise<number> {
  await body(); // warm-up: plans and caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await body();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/**
 * N cases over 2025 and their event rows, in bulk SQL. Each case: report → accept (or, for a
 * public report, verify) → file → dispatch → report_done → to_check → check → close, with in
 * proportions: late intake 8 %, send-back and re-dispatch 4 %, extension 5 %, suspension (left
 * suspended) 2 %, rework 8 %, urge 3 %, disposal taking 1–10 h against an 8 h limit. Secondary
 * indexes are dropped during the load and rebuilt after it, as a bulk import would.
 */
export async function fillCases(db: Queryable, n: number, chunk: number, ctx: BenchContext): Promise<number> {
  const ids = async (sql: string) => (await db.query<{ id: number }>(sql)).rows.map((r) => r.id);
  const role = (r: string) => ids(`select id from users where '${r}' = any(roles) and active order by id`);
  // One connection: the look-ups run one after another.
  const inspectors = await role('inspector');
  const operators = await role('operator');
  const hotline = await role('hotline');
  const leaders = await role('shift_leader');
  const dispatchers = await role('dispatcher');
  const supervisors = await role('supervisor');
  const units = await ids(`select id from departments where active order by id`);
  await db.query(`drop table if exists bench_grids`);
  await db.query(`create table bench_grids as
    select (row_number() over (order by g.code))::int - 1 as n, g.code, g.community_code, g.supervision_grid_code,
      c.street_code, s.district_code, g.centroid_lon as lon, g.centroid_lat as lat
    from unit_grids g join communities c on c.code = g.community_code join streets s on s.code = c.street_code`);
  const grids = (await db.query<{ n: number }>(`select count(*)::int as n from bench_grids`)).rows[0]?.n ?? 0;

  const indexes = (
    await db.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes
       where tablename in ('cases', 'case_events') and indexname not like '%pkey' and indexdef not like 'CREATE UNIQUE%'`,
    )
  ).rows;
  for (const ix of indexes) await db.query(`drop index ${ix.name}`);
  // Foreign keys are checked by triggers; the generator only uses ids it just read.
  await db.query(`set local session_replication_role = replica`);

  const perCase = `((365 * 86400)::float8 / ${n}) * interval '1 second'`;
  const params = `
    select i, r, h[1] < 30 as pub, h[2] < 8 as late, h[3] < 4 as sb, 1 + h[4] % 10 as hours,
      h[5] < 8 as rw, h[6] < 5 as ext, h[7] < 2 as susp, h[8] < 3 as urge,
      ($3::int[])[1 + i % ${units.length}] as unit, ($3::int[])[1 + (i * 7 + 3) % ${units.length}] as wrong,
      ($4::int[])[1 + i % ${inspectors.length}] as insp, g.*
    from generate_series($1::bigint, $2::bigint) i
    cross join lateral (select timestamptz '${YEAR_START}' + (i - 1) * ${perCase} as r) t
    cross join lateral (select array_agg(abs(hashint8(i * 16 + k)) % 100 order by k) as h
      from generate_series(1, 8) k) hh
    join bench_grids g on g.n = i % ${grids}`;
  const op = operators[0] ?? null;
  const seat = hotline[0] ?? op;
  const sl = leaders[0] ?? null;
  const dsp = dispatchers[0] ?? null;
  const sup = supervisors[0] ?? null;
  const people = [units, inspectors] as const;
  let events = 0;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await db.query(
      `insert into cases (id, code, state, snapshot, kind, category, urgency, source, description, lon, lat,
         grid_code, district_code, street_code, community_code, supervision_grid_code, reporter_id, unit_id,
         reported_at, step, dispatched_at, disposal_due_at, closed_at)
       overriding system value
       select i, lpad(i::text, 16, '0'), case when susp then 'suspended' else 'closed' end, '{}'::jsonb, 'event',
         '0102', 'normal', case when pub then 'hotline' else 'inspector' end, '基准测试案件', lon, lat, code,
         district_code, street_code, community_code, supervision_grid_code, case when pub then $5 else insp end, unit, r,
         case when susp then 'dispose' end, r + interval '70 min', r + interval '8 hours',
         case when not susp then r + (hours + case when rw then 5 else 1 end) * interval '1 hour' end
       from (${params}) p`,
      [from, to, ...people, seat],
    );
    const r = await db.query(
      `insert into case_events (case_id, action, from_state, to_state, actor_id, actor_role, at, unit_id, step,
         due_at, on_time, payload)
       select i, v.action, v.from_state, v.to_state, v.actor, v.role, v.at, v.unit, v.step, v.due, v.on_time, v.payload
       from (${params}) p
       cross join lateral (
         select r + case when sb then interval '30 min' else interval '0' end as shift,
           r + (hours + case when ext then 2 else 0 end) * interval '1 hour' as done_at,
           r + interval '8 hours' + case when ext then interval '2 hours' else interval '0' end as done_due
       ) d
       cross join lateral (values
         (1, true, 'report', null, case when pub then 'verifying' else 'reported' end, case when pub then $5 else insp end,
           case when pub then 'hotline' else 'inspector' end, r, null::int, null, null::timestamptz, null::boolean, '{}'::jsonb),
         (2, true, case when pub then 'verify' else 'accept' end, case when pub then 'verifying' else 'reported' end,
           'accepted', case when pub then insp else $6 end, case when pub then 'inspector' else 'operator' end,
           r + case when late then interval '45 min' else interval '10 min' end, null, case when pub then 'verify' else 'accept' end,
           r + interval '30 min', not late, case when pub then '{"confirmed": true}'::jsonb else '{}' end),
         (3, true, 'file', 'accepted', 'filed', $7, 'shift_leader', r + interval '60 min', null, 'file',
           r + interval '80 min', true, '{}'),
         (4, true, 'dispatch', 'filed', 'dispatched', $8, 'dispatcher', r + interval '70 min',
           case when sb then wrong else unit end, 'dispatch', r + interval '90 min', true,
           jsonb_build_object('unitId', case when sb then wrong else unit end)),
         (5, sb, 'request_send_back', 'dispatched', 'dispatched', null, 'handler', r + interval '80 min', wrong, null, null, null, '{}'),
         (6, sb, 'approve_send_back', 'dispatched', 'filed', $8, 'dispatcher', r + interval '90 min', wrong, null, null, null, '{}'),
         (7, sb, 'dispatch', 'filed', 'dispatched', $8, 'dispatcher', r + interval '100 min', unit, 'dispatch',
           r + interval '120 min', true, jsonb_build_object('unitId', unit)),
         (8, ext, 'approve_extension', 'dispatched', 'dispatched', $8, 'dispatcher', shift + interval '2 hours', unit,
           null, null, null, '{"hours": 2}'),
         (9, susp, 'approve_suspension', 'dispatched', 'suspended', $8, 'dispatcher', shift + interval '150 min', unit,
           null, null, null, '{}'),
         (10, urge, 'urge', 'dispatched', 'dispatched', $9, 'supervisor', r + interval '3 hours', unit, null, null, null, '{}'),
         (11, not susp, 'report_done', 'dispatched', 'handled', null, 'handler', done_at, unit, 'dispose', done_due,
           done_at <= done_due, '{}'),
         (12, not susp, 'to_check', 'handled', 'checking', $6, 'operator', done_at + interval '5 min', unit, null, null, null, '{}'),
         (13, not susp, 'check', 'checking', case when rw then 'dispatched' else 'checked_ok' end, insp, 'inspector',
           done_at + interval '15 min', unit, 'check', done_at + interval '35 min', true,
           case when rw then '{"passed": false}'::jsonb else '{"passed": true}' end),
         (14, rw and not susp, 'report_done', 'dispatched', 'handled', null, 'handler', done_at + interval '4 hours', unit,
           'dispose', done_at + interval '8 hours', true, '{}'),
         (15, rw and not susp, 'to_check', 'handled', 'checking', $6, 'operator', done_at + interval '245 min', unit,
           null, null, null, '{}'),
         (16, rw and not susp, 'check', 'checking', 'checked_ok', insp, 'inspector', done_at + interval '255 min', unit,
           'check', done_at + interval '275 min', true, '{"passed": true}'),
         (17, not susp, 'close', 'checked_ok', 'closed', $7, 'shift_leader',
           done_at + case when rw then interval '5 hours' else interval '1 hour' end, unit, 'close',
           done_at + case when rw then interval '310 min' else interval '70 min' end, true, '{}')
       ) v(seq, keep, action, from_state, to_state, actor, role, at, unit, step, due, on_time, payload)
       where v.keep
       order by i, v.seq`,
      [from, to, ...people, seat, op, sl, dsp, sup],
    );
    events += r.rowCount ?? 0;
    ctx.log(`  cases ${fmt(to)} / ${fmt(n)}, events ${fmt(events)}`);
  }
  await db.query(`set local session_replication_role = origin`);
  await db.query(`drop table bench_grids`);
  const t = performance.now();
  for (const ix of indexes) await db.query(ix.def);
  await db.query(`select setval(pg_get_serial_sequence('cases', 'id'), ${n})`);
  await db.query(`analyze cases`);
  await db.query(`analyze case_events`);
  ctx.log(
    `  ${indexes.length} indexes rebuilt and tables analysed in ${fmt((performance.now() - t) / 1000)} s`,
  );
  return events;
}

// `tsx bench/evaluation.bench.ts [--quick]` runs it alone.
if (process.argv[1]?.endsWith('evaluation.bench.ts')) {
  evaluationBench.run({ quick: process.argv.includes('--quick'), log: (m) => console.log(m) }).then(
    (rows) => {
      for (const r of rows)
        console.log(
          `${r.name}: ${r.value.toFixed(2)} ${r.unit}` +
            (r.baseline
              ? ` (baseline ${r.baseline.value.toFixed(3)} s, ${(r.value / r.baseline.value).toFixed(1)}×)`
              : '') +
            (r.note ? ` — ${r.note}` : ''),
        );
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
