import type { Db } from './db.js';

/**
 * PGlite runs no autovacuum daemon, so nothing does its two jobs there:
 * - the planner's statistics: a table filled after the migrations keeps none and the planner
 *   guesses. On the demo city's 20,000 cases a month's evaluation of districts took 3.4 s with no
 *   statistics and 0.07 s after one ANALYZE;
 * - dead rows' space: a table whose rows are inserted and deleted (the rollup queue, sessions)
 *   grows by every row it ever held, as pruning does not record the freed space for new rows.
 *   200 rounds of 200 rows in and out left 413 pages; with a VACUUM every 20 rounds, none.
 * This is autovacuum for an embedded database: `vacuum (analyze)` of each table never analysed,
 * or grown by a fifth (and 8 pages) since its last vacuum or analysis. Growth is read from the
 * table's size against the pages those counted, which costs nothing to read, where counting rows
 * or dead rows would (PGlite keeps no activity statistics either). Time partitions (telemetry)
 * are left out: they are written once, read by device and time through their index and dropped
 * whole by retention. PostgreSQL has autovacuum and needs none of this.
 */
export interface Autovacuum {
  /** Vacuums and analyses the tables that need it now; resolves to their names. */
  check(): Promise<string[]>;
  /** The same, in the background: a failure is logged, as the timer's are. */
  nudge(): void;
  /** Stops the timer and waits for a running check. */
  stop(): Promise<void>;
}

const GROWTH = 1.2;
const MIN_PAGES = 8;

export async function tablesNeedingVacuum(db: Db): Promise<string[]> {
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

export function startAutovacuum(
  db: Db,
  opts: { firstMs?: number; everyMs?: number; log?: (msg: string, err?: unknown) => void } = {},
): Autovacuum {
  const log = opts.log ?? (() => undefined);
  let running: Promise<string[]> | null = null;
  let stopped = false;

  async function vacuum(): Promise<string[]> {
    const done: string[] = [];
    for (const table of await tablesNeedingVacuum(db)) {
      if (stopped) break;
      // Names come from pg_class; quoted all the same.
      await db.query(`vacuum (analyze) "${table.replaceAll('"', '""')}"`);
      done.push(table);
    }
    return done;
  }
  function check(): Promise<string[]> {
    if (stopped) return Promise.resolve([]);
    running ??= vacuum().finally(() => (running = null));
    return running;
  }
  const nudge = () => {
    check().catch((err: unknown) => log('vacuuming the embedded database failed', err));
  };
  // The first check a little after the start (not in it: a node starts faster), then periodically.
  const first = setTimeout(nudge, opts.firstMs ?? 30_000);
  const timer = setInterval(nudge, opts.everyMs ?? 600_000);
  first.unref();
  timer.unref();
  return {
    check,
    nudge,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
