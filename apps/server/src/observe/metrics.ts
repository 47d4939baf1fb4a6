import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * This node's Prometheus metrics (`GET /metrics`). One registry per node (tests build many nodes
 * in one process, so nothing goes into prom-client's global registry). Modules add what they
 * measure when they are built: a gauge read at scrape time from their own figures, or a counter or
 * histogram they update as they work. Every name starts with `cityloop_`.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(opts: { processMetrics?: boolean } = {}) {
    // Process metrics (CPU, memory, event-loop lag, handles) once per process: the node's, not the
    // tests' many apps.
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'cityloop_' });
  }

  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets: number[] = LATENCY_BUCKETS,
  ) {
    return new Histogram<L>({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** A gauge whose values are read when Prometheus scrapes (`set` them in `read`). */
  gauge<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (g: Gauge<L>) => void | Promise<void>,
  ) {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await read(this);
      },
    });
  }

  /**
   * A counter whose totals a service already keeps: `read` sets each labelled total at scrape time
   * (they only grow while the node runs, as Prometheus expects of a counter).
   */
  counterOf<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (set: (labels: Partial<Record<L, string>>, total: number) => void) => void,
  ) {
    return new Counter<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        read((labels, total) => this.inc(labels as never, total));
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Seconds: from a cached lookup (0.5 ms) to a slow export (10 s). */
export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
