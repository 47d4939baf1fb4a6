/** Percentile by linear interpolation between closest ranks; `p` in 0–100. Sorts a copy. */
export function percentile(values: ArrayLike<number>, p: number): number {
  return percentiles(values, [p])[0]!;
}

/** Several percentiles of one sample with a single sort; `ps` in 0–100. NaN for an empty sample. */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  if (values.length === 0) return ps.map(() => Number.NaN);
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => {
    if (p < 0 || p > 100) throw new RangeError(`percentile ${p} outside 0–100`);
    const rank = (p / 100) * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
  });
}

export function median(values: ArrayLike<number>): number {
  return percentile(values, 50);
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length ? sum / values.length : Number.NaN;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarizeLatency(ms: ArrayLike<number>): LatencySummary {
  const [p50, p90, p99, max] = percentiles(ms, [50, 90, 99, 100]) as [number, number, number, number];
  return { count: ms.length, mean: mean(ms), p50, p90, p99, max };
}
