/** One figure a benchmark reports. */
export interface Row {
  /** What was measured, e.g. "GridIndex.at". */
  name: string;
  value: number;
  /** e.g. "lookups/s", "req/s", "ms". */
  unit: string;
  /** The figure measured in the same run that this one is compared against. */
  baseline?: { name: string; value: number };
  /** value / baseline.value (filled in by the runner when a baseline is given and ratio is not). */
  ratio?: number;
  /** What the ratio should reach, e.g. "≥ 100×" or "≥ 0.7×" (or "≤ 2×" for lower-is-better figures). */
  target?: string;
  /** Whether the ratio meets the target (filled in by the runner from `target` when not given). */
  met?: boolean;
  /** Anything a reader needs to interpret the figure (sample size, error counts…). */
  note?: string;
}

export interface BenchContext {
  /** `--quick`: shorter runs and samples, for checking the harness itself; figures are rougher. */
  quick: boolean;
  /** Progress lines go through here so the final table stays readable. */
  log(message: string): void;
}

export interface Benchmark {
  /** Short name used on the command line: `npm run bench -- <name>`. */
  name: string;
  /** One line shown in the table heading and README. */
  description: string;
  /**
   * Runs the benchmark and returns its figures. Throw to fail the run (e.g. when the fast path and
   * its reference disagree): the runner then exits non-zero.
   */
  run(ctx: BenchContext): Promise<Row[]>;
}
