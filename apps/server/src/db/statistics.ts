import type { Db } from './db.js';

/**
 * PGlite runs no autovacuum daemon, so nothing refreshes the planner's statistics: a table filled
 * after the migrations keeps none, and the planner guesses. On the demo city's 20,000 cases the
 * month's evaluation of districts took 3.4 s with no statistics and 0.07 s after one ANALYZE.
 * This does autovacuum's analyze part for an embedded database: a table is analysed when it was
 * never analysed, or when it has grown by a fifth (and 8 pages) since its last analysis. Growth
 * is read from the table's size against the pages its last analysis counted, which costs nothing
 * to read, where counting rows would. Time partitions (telemetry) are left out: they are read by
 * device and time through their index, and analysing each new day's partition as it grows would
 * hold PGlite's one connection for little. PostgreSQL has autovacuum and needs none of this.
 */
export interface StatisticsKeeper {
  /** Analyses the tables that need it now; resolves to their names. */
  check(): Promise<string[]>;
  /** Stops the timer and waits for a running check. */
  stop(): Promise<void>;
}

const GROWTH = 1.2;
const MIN_PAGES = 8;

export async function tablesNeedingAnalysis(db: Db): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and not c.relispartition
       and pg_relation_size(c.oid) > 0
       and (c.reltuples < 0 or pg_relation_size(c.oid) / 8192.0 > c.relpages * $1::float8 + $2::int)
     order by c.relname`,
    [GROWTH, MIN_PAGES],
  );
  return r.rows.map((row) => row.name);
}

export function keepPlannerStatistics(
  db: Db,
  opts: { firstMs?: number; everyMs?: number; log?: (msg: string, err?: unknown) => void } = {},
): StatisticsKeeper {
  const log = opts.log ?? (() => undefined);
  let running: Promise<string[]> | null = null;
  let stopped = false;

  async function analyse(): Promise<string[]> {
    const done: string[] = [];
    for (const table of await tablesNeedingAnalysis(db)) {
      if (stopped) break;
      // Names come from pg_class; quoted all the same.
      await db.query(`analyze "${table.replaceAll('"', '""')}"`);
      done.push(table);
    }
    return done;
  }
  function check(): Promise<string[]> {
    if (stopped) return Promise.resolve([]);
    running ??= analyse().finally(() => (running = null));
    return running;
  }
  const tick = () => {
    check().catch((err: unknown) => log('refreshing planner statistics failed', err));
  };
  // The first check a little after the start (not in it: a node starts faster), then periodically.
  const first = setTimeout(tick, opts.firstMs ?? 30_000);
  const timer = setInterval(tick, opts.everyMs ?? 600_000);
  first.unref();
  timer.unref();
  return {
    check,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
