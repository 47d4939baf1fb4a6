/**
 * `npm run bench` runs every registered benchmark; `npm run bench -- grids` only those named.
 * Flags: `--quick` (short runs, to check the harness; figures are rough), `--list`.
 * Prints a table at the end and writes bench/results/latest.json. Exits 1 if a benchmark failed
 * (threw, e.g. a fast path disagreeing with its reference); a target not met is reported, not fatal.
 *
 * Adding a benchmark: create bench/<name>.bench.ts exporting a `Benchmark`, and add it to the list
 * below. Benchmarks run one after another, never concurrently (2-core machine).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { basemapBench } from './basemap.bench.js';
import { gridsBench } from './grids.bench.js';
import { ingestBench } from './ingest.bench.js';
import { alarmsBench } from './alarms.bench.js';
import { casesBench } from './cases.bench.js';
import { evaluationBench } from './evaluation.bench.js';
import { cockpitBench } from './cockpit.bench.js';
import { open311Bench } from './open311.bench.js';
import { securityBench } from './security.bench.js';
import { clusterBench } from './cluster.bench.js';
import { publicPortalBench } from './publicportal.bench.js';
import { contractsBench } from './contracts.bench.js';
import { assessmentBench } from './assessment.bench.js';
import { emergencyBench } from './emergency.bench.js';
import { networksBench } from './networks.bench.js';
import { sanitationBench } from './sanitation.bench.js';
import { finishRow, renderTable, type TableSection } from './lib/report.js';
import type { Benchmark, Row } from './lib/types.js';

const BENCHMARKS: readonly Benchmark[] = [
  gridsBench,
  basemapBench,
  evaluationBench,
  casesBench,
  ingestBench,
  alarmsBench,
  open311Bench,
  securityBench,
  clusterBench,
  publicPortalBench,
  contractsBench,
  assessmentBench,
  cockpitBench,
  emergencyBench,
  networksBench,
  sanitationBench,
];

interface BenchResult {
  name: string;
  description: string;
  ok: boolean;
  error?: string;
  durationMs: number;
  rows: Row[];
}

function usage(): string {
  return [
    'usage: npm run bench [-- [--quick] [--list] [name…]]',
    'benchmarks:',
    ...BENCHMARKS.map((b) => `  ${b.name.padEnd(12)} ${b.description}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('-')));
  const names = argv.filter((a) => !a.startsWith('-'));
  for (const f of flags) {
    if (!['--quick', '--list', '--help', '-h'].includes(f)) {
      console.error(`unknown option ${f}\n${usage()}`);
      return 2;
    }
  }
  if (flags.has('--help') || flags.has('-h') || flags.has('--list')) {
    console.log(usage());
    return 0;
  }
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
  const quick = flags.has('--quick');
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  console.log(
    `CityLoop benchmarks ${quick ? '(quick) ' : ''}— ${selected.map((b) => b.name).join(', ')}; ` +
      `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ` +
      `load average ${loadBefore[0]!.toFixed(1)}`,
  );
  if (loadBefore[0]! > os.cpus().length / 2)
    console.log('  note: the machine is busy; absolute figures will be low and noisy, ratios less so');

  const results: BenchResult[] = [];
  for (const bench of selected) {
    console.log(`\n■ ${bench.name}: ${bench.description}`);
    const t0 = performance.now();
    const result: BenchResult = {
      name: bench.name,
      description: bench.description,
      ok: true,
      durationMs: 0,
      rows: [],
    };
    try {
      result.rows = (await bench.run({ quick, log: (m) => console.log(`  ${m}`) })).map(finishRow);
    } catch (err) {
      result.ok = false;
      result.error = err instanceof Error ? err.message : String(err);
      console.error(`  ✗ ${bench.name} failed:`, err);
    }
    result.durationMs = performance.now() - t0;
    console.log(`  (${(result.durationMs / 1000).toFixed(1)} s)`);
    results.push(result);
  }

  const sections: TableSection[] = results.map((r) => ({
    title: `${r.name} — ${r.description}`,
    rows: r.rows,
    ...(r.error ? { error: r.error } : {}),
  }));
  const loadAfter = os.loadavg();
  console.log(`\n${renderTable(sections)}\n`);
  console.log(
    `load average ${loadBefore[0]!.toFixed(1)} before, ${loadAfter[0]!.toFixed(1)} after ` +
      `(${os.cpus().length} cores): above ~1 other work shared the machine with the benchmark`,
  );

  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    quick,
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      loadAverage: { before: loadBefore[0], after: loadAfter[0] },
    },
    benchmarks: results,
  };
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
  const failed = results.filter((r) => !r.ok);
  if (failed.length) console.error(`FAILED: ${failed.map((r) => r.name).join(', ')}`);
  return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
