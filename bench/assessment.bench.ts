/**
 * Issue 21: "Scoring a month with 50,000 findings and 1,000,000 cases for all streets and districts
 * ≤ 2× the time of the case-loop evaluation of units for the same month; re-scoring after one
 * finding changes ≤ 0.05× of the full run (it must not recompute the whole month)."
 *
 * Fills a scratch PostgreSQL database with the demo city, N cases over 2025 (the evaluation
 * benchmark's own generator) and M findings in June recorded through the service (each keeps its
 * parties' deductions in `assessment_deductions`), then times in the same run the city-wide
 * evaluation of units for June (the baseline) against scoring June for every street and every
 * district; and one more finding (what changes when a finding changes: its parties' kept rows) against
 * that full scoring.
 */
import { performance } from 'node:perf_hooks';
import { demoCatalogue, aspectIndex } from '@cityloop/domain';
import { createRng } from '@cityloop/domain/rng';
import { loadConfig } from '../apps/server/src/config.js';
import { buildApp } from '../apps/server/src/app.js';
import { userActor } from '../apps/server/src/actor.js';
import { findUserByUsername } from '../apps/server/src/features/auth/auth.repository.js';
import { toSessionUser } from '../apps/server/src/features/auth/auth.service.js';
import { createScratchDatabase } from '../apps/server/src/testing/testApp.js';
import { fillCases } from './evaluation.bench.js';
import type { BenchContext, Row } from './lib/types.js';

const SIZES = {
  full: { cases: 1_000_000, chunk: 100_000, findings: 50_000, runs: 3 },
  quick: { cases: 50_000, chunk: 25_000, findings: 2_000, runs: 2 },
};
const MONTH = '2025-06';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export const assessmentBench = {
  name: 'assessment',
  description:
    'scoring a month (50,000 findings, 1,000,000 cases) for all streets and districts vs the evaluation of units',
  async run(ctx: BenchContext): Promise<Row[]> {
    const size = ctx.quick ? SIZES.quick : SIZES.full;
    const scratch = await createScratchDatabase();
    try {
      return await measure(scratch.url, size, ctx);
    } finally {
      await scratch.drop();
    }
  },
};

async function measure(databaseUrl: string, size: (typeof SIZES)['full'], ctx: BenchContext): Promise<Row[]> {
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
    const svc = app.services.assessment;
    // A city-level reader records: the bench places findings anywhere in the city.
    const leader = userActor(toSessionUser((await findUserByUsername(db, 'leader'))!));
    let t = performance.now();
    const events = await db.tx((q) => fillCases(q, size.cases, size.chunk, ctx));
    ctx.log(
      `assessment: ${fmt(size.cases)} cases, ${fmt(events)} events in ${fmt((performance.now() - t) / 1000)} s`,
    );

    const grids = (
      await db.query<{ lon: number; lat: number }>(
        `select centroid_lon as lon, centroid_lat as lat from unit_grids order by code`,
      )
    ).rows;
    const aspects = [...aspectIndex(demoCatalogue()).values()].map((x) => x.aspect);
    const rng = createRng(21);
    const severities = ['minor', 'normal', 'serious'] as const;
    let n = 0;
    const finding = () => {
      const a = aspects[Math.floor(rng() * aspects.length)]!;
      const g = grids[Math.floor(rng() * grids.length)]!;
      const day = 1 + Math.floor(rng() * 28);
      return {
        clientId: `bench-finding-${++n}-0000`,
        aspectCode: a.code,
        placeKind: a.placeKinds[0]!,
        lon: g.lon,
        lat: g.lat,
        severity: severities[Math.floor(rng() * 3)]!,
        needsFix: false,
        foundAt: `${MONTH}-${String(day).padStart(2, '0')}T10:00:00+08:00`,
      };
    };
    t = performance.now();
    for (let i = 0; i < size.findings; i++) await svc.record(finding(), leader);
    ctx.log(`assessment: ${fmt(size.findings)} findings in ${fmt((performance.now() - t) / 1000)} s`);

    const query = { period: 'month' as const, date: `${MONTH}-15` };
    const evaluate = () => app.services.evaluation.evaluateCity('units', query);
    const score = async () => {
      const [streets, districts] = await Promise.all([
        svc.scores(MONTH, 'street', false),
        svc.scores(MONTH, 'district', false),
      ]);
      return streets.rows.length + districts.rows.length;
    };
    const parties = await score();
    await evaluate();
    const base: number[] = [];
    const mine: number[] = [];
    const one: number[] = [];
    for (let i = 0; i < size.runs; i++) {
      let s = performance.now();
      await evaluate();
      base.push(performance.now() - s);
      s = performance.now();
      await score();
      mine.push(performance.now() - s);
      s = performance.now();
      await svc.record(finding(), leader);
      one.push(performance.now() - s);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [b, m, o] = [median(base), median(mine), median(one)];
    ctx.log(
      `assessment: evaluation of units ${fmt(b)} ms, scoring ${parties} parties ${fmt(m)} ms, one finding ${fmt(o)} ms`,
    );
    return [
      {
        name: `PostgreSQL, ${fmt(size.cases)} cases, ${fmt(size.findings)} findings: a month's scores of every street and district`,
        value: m / 1000,
        unit: 's',
        baseline: { name: 'the evaluation of all units for the same month', value: b / 1000 },
        target: '≤ 2×',
        note: `median of ${size.runs}, alternating; ${parties} parties; scoring reads the kept deductions, never the findings`,
      },
      {
        name: 'one more finding: its parties’ kept deductions updated (what a re-score changes)',
        value: o / 1000,
        unit: 's',
        baseline: { name: 'scoring the whole month for every street and district', value: m / 1000 },
        target: '≤ 0.05×',
        note: `median of ${size.runs}; the next read of the month's scores sums the kept rows`,
      },
    ];
  } finally {
    await app.close();
  }
}

// `tsx bench/assessment.bench.ts [--quick]` runs it alone.
if (process.argv[1]?.endsWith('assessment.bench.ts')) {
  assessmentBench.run({ quick: process.argv.includes('--quick'), log: (msg) => console.log(msg) }).then(
    (rows) => {
      for (const r of rows)
        console.log(
          `${r.name}: ${r.value.toFixed(3)} ${r.unit}` +
            (r.baseline
              ? ` (baseline ${r.baseline.value.toFixed(3)} s, ${(r.value / r.baseline.value).toFixed(2)}×)`
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
