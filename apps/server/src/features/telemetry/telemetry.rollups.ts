import type { Db } from '../../db/db.js';
import * as repo from './telemetry.repository.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** The latest instant a Date (and a timestamptz) can hold: "everything queued". */
export const ALL_QUEUED = 8.64e15;

/** Contiguous runs of aligned buckets as [from, to) ranges of at most maxBuckets each. */
export function runsOf(
  buckets: readonly number[],
  size: number,
  maxBuckets: number,
): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const b of buckets) {
    const last = runs.at(-1);
    if (last && last[1] === b && (last[1] - last[0]) / size < maxBuckets) last[1] = b + size;
    else runs.push([b, b + size]);
  }
  return runs;
}

/**
 * One run of the rollup job. Minutes that closed `graceMs` before `now` and were queued by raw
 * writes are recomputed from the raw rows, and their hours queued; then closed queued hours are
 * recomputed from the minutes. Each step is one transaction with the queue entries it takes, so
 * a failure puts them back. Recomputing replaces a bucket, so the rollups count each stored
 * reading once — however often it was delivered or the job ran. `now = ALL_QUEUED` takes
 * everything queued, open minutes too (tests, a node draining before it stops).
 */
export async function rollUp(
  db: Db,
  now: number,
  graceMs: number,
): Promise<{ minutes: number; hours: number }> {
  const minutes = await db.tx(async (q) => {
    const due = await repo.takeQueuedBuckets(q, '1m', now - graceMs - MINUTE_MS + 1);
    if (due.length === 0) return 0;
    await repo.summarizeTimeIndexes(q, 'readings', due[0]!, due.at(-1)! + MINUTE_MS);
    for (const [from, to] of runsOf(due, MINUTE_MS, 60)) await repo.rollUpMinutes(q, from, to);
    const hours = [...new Set(due.map((m) => m - (m % HOUR_MS)))];
    await repo.queueRollups(q, '1h', hours);
    return due.length;
  });
  const hours = await db.tx(async (q) => {
    const due = await repo.takeQueuedBuckets(q, '1h', now - graceMs - HOUR_MS + 1);
    if (due.length === 0) return 0;
    await repo.summarizeTimeIndexes(q, 'readings_1m', due[0]!, due.at(-1)! + HOUR_MS);
    for (const [from, to] of runsOf(due, HOUR_MS, 24)) await repo.rollUpHours(q, from, to);
    return due.length;
  });
  return { minutes, hours };
}
