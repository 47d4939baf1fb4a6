/**
 * Issue 23: "Monthly contractor assessment for 200 contracts over 1,000,000 cases ≤ 1.5× the
 * case-loop evaluation of units for the same month."
 *
 * Fills a scratch PostgreSQL database with the demo city, 200 contracts (each with its contractor's
 * team, a handling unit, on one street of the city) and N cases over 2025 spread over every unit
 * with their event rows — the evaluation benchmark's own generator — then times, in the same run,
 * the city-wide evaluation of units for June (the baseline: `evaluateCity('units')`) and the monthly
 * assessment of all contracts in force (`assessMonth`: that evaluation, the findings' deductions,
 * the evidence cases of 200 units and the stored scores). The first assessment stores and audits
 * every contract's month; the timed ones find them unchanged (as a re-read of a month does).
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../apps/server/src/config.js';
import { buildApp } from '../apps/server/src/app.js';
import { userActor } from '../apps/server/src/actor.js';
import { findUserByUsername } from '../apps/server/src/features/auth/auth.repository.js';
import { toSessionUser } from '../apps/server/src/features/auth/auth.service.js';
import { createScratchDatabase } from '../apps/server/src/testing/testApp.js';
import { fillCases } from './evaluation.bench.js';
import type { BenchContext, Row } from './lib/types.js';

const SIZES = {
  full: { cases: 1_000_000, chunk: 100_000, runs: 3 },
  quick: { cases: 50_000, chunk: 25_000, runs: 2 },
};
const CONTRACTS = 200;
const MONTH = '2025-06';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export const contractsBench = {
  name: 'contracts',
  description:
    'monthly assessment of 200 contractors over 1,000,000 cases vs the evaluation of units for the month',
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
    const supervisor = userActor(toSessionUser((await findUserByUsername(db, 'supervisor'))!));
    let t = performance.now();
    const streets = (await db.query<{ code: string }>(`select code from streets order by code`)).rows;
    for (let i = 0; i < CONTRACTS; i++) {
      const monthly = 100_000 + (i % 10) * 20_000;
      await app.services.contracts.create(
        {
          code: `BENCH-${String(i + 1).padStart(3, '0')}`,
          name: `基准合同${i + 1}`,
          nameEn: `Bench contract ${i + 1}`,
          service: 'street_cleaning',
          contractor: `基准保洁公司${i + 1}`,
          contractorEn: `Bench Cleaning ${i + 1}`,
          districtCode: null,
          standard: '一级道路保洁',
          standardEn: 'Class 1 cleaning',
          valueYuan: monthly * 36,
          startDate: '2025-01-01',
          endDate: '2027-12-31',
          paymentTerms: '按月支付',
          paymentTermsEn: 'Monthly',
          rules: {
            passScore: 90,
            yuanPerPoint: monthly / 100,
            pointsPerComplaint: 2,
            findingWeight: 1,
            capYuan: monthly / 10,
          },
          sections: [{ kind: 'grid', code: streets[i % streets.length]!.code }],
        },
        supervisor,
      );
    }
    ctx.log(`contracts: ${CONTRACTS} contracts in ${fmt(performance.now() - t)} ms`);
    t = performance.now();
    const events = await db.tx((q) => fillCases(q, size.cases, size.chunk, ctx));
    ctx.log(
      `contracts: ${fmt(size.cases)} cases, ${fmt(events)} events in ${fmt((performance.now() - t) / 1000)} s`,
    );

    const query = { period: 'month' as const, date: `${MONTH}-15` };
    const evaluate = () => app.services.evaluation.evaluateCity('units', query);
    const assess = () => app.services.contractAssessments.assessMonth(MONTH, supervisor);
    t = performance.now();
    const first = await assess();
    const firstMs = performance.now() - t;
    const scored = first.items.filter((a) => a.figures.disposalDue > 0).length;
    if (first.items.length < CONTRACTS || scored < CONTRACTS)
      throw new Error(
        `only ${scored} of ${first.items.length} contracts had cases: the generator and the units disagree`,
      );
    const deducted = first.items.filter((a) => a.deductionYuan > 0).length;
    if (first.items.some((a) => a.deductionYuan > a.capYuan)) throw new Error('a deduction above its cap');
    // Alternated, so that a machine busier in one half does not favour either side.
    const base: number[] = [];
    const mine: number[] = [];
    await evaluate();
    for (let i = 0; i < size.runs; i++) {
      let s = performance.now();
      await evaluate();
      base.push(performance.now() - s);
      s = performance.now();
      await assess();
      mine.push(performance.now() - s);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [b, m] = [median(base), median(mine)];
    ctx.log(`contracts: evaluation of units ${fmt(b)} ms, assessment of ${CONTRACTS} contracts ${fmt(m)} ms`);
    return [
      {
        name: `PostgreSQL, ${fmt(size.cases)} cases: a month's assessment of ${first.items.length} contracts`,
        value: m / 1000,
        unit: 's',
        baseline: { name: 'the evaluation of all units for the same month', value: b / 1000 },
        target: '≤ 1.5×',
        note: `median of ${size.runs}, alternating; the first run (storing and auditing every month) took ${fmt(firstMs)} ms; ${deducted} contracts with a deduction`,
      },
    ];
  } finally {
    await app.close();
  }
}

// `tsx bench/contracts.bench.ts [--quick]` runs it alone.
if (process.argv[1]?.endsWith('contracts.bench.ts')) {
  contractsBench.run({ quick: process.argv.includes('--quick'), log: (msg) => console.log(msg) }).then(
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
