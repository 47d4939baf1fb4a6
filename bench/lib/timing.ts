import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

export interface TimingOptions {
  /** Untimed runs first, so the JIT has compiled the hot path before we time it. */
  warmupRuns: number;
  /** Timed runs; the median is reported (robust against a GC pause or a noisy neighbour). */
  runs: number;
  /** Operations one run performs (e.g. the number of points looked up), for ops/s. */
  opsPerRun: number;
}

export interface Timing {
  /** Median operations per second over the timed runs. */
  opsPerSec: number;
  medianMs: number;
  runsMs: number[];
}

/**
 * Times `body` (one run = `opsPerRun` operations): warm-up runs, then `runs` timed runs, median.
 * `body` returns a number that is folded into a sink so the optimiser cannot drop the work.
 */
export function timeRuns(body: () => number, opts: TimingOptions): Timing {
  let sink = 0;
  for (let i = 0; i < opts.warmupRuns; i++) sink += body();
  const runsMs: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const start = performance.now();
    sink += body();
    runsMs.push(performance.now() - start);
  }
  blackhole(sink);
  const medianMs = median(runsMs);
  return { opsPerSec: opts.opsPerRun / (medianMs / 1000), medianMs, runsMs };
}

/** Reachable from outside the module, so writes to it cannot be optimised away. */
export const sinkBox = { value: 0 };
/** Keeps a value observable so the work that produced it is not optimised away. */
export function blackhole(value: number): void {
  sinkBox.value = (sinkBox.value + value) | 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
