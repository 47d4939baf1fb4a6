import { readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * CPU time of other processes (the broker, PostgreSQL backends) from /proc, Linux only. On a
 * shared machine wall-clock rates swing with whatever else runs; the CPU a path spends per
 * message does not, so the benchmarks report it next to the rates.
 */

const TICK_MS = 10; // USER_HZ is 100 on every Linux we run on (getconf CLK_TCK)

/** User + system CPU milliseconds a process has used so far; null when it is gone or unreadable. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) — utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** CPU used by a set of processes between start() and stop(); processes that ended count nothing. */
export class CpuMeter {
  private readonly start = new Map<number, number>();
  constructor(private readonly pids: () => Promise<number[]> | number[]) {}

  async begin(): Promise<void> {
    this.start.clear();
    for (const pid of await this.pids()) this.start.set(pid, cpuMsOf(pid) ?? 0);
  }

  /** CPU ms since begin(); a process that appeared in between counts from its birth. */
  async end(): Promise<number> {
    let ms = 0;
    for (const pid of await this.pids()) ms += (cpuMsOf(pid) ?? 0) - (this.start.get(pid) ?? 0);
    return ms;
  }
}

/**
 * The backends of one database (the server's pools hold their connections for the whole run).
 * The PostgreSQL server's shared helpers (WAL writer, checkpointer) are not counted.
 */
export function postgresBackends(url: string): CpuMeter {
  return new CpuMeter(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      return r.rows.map((x) => x.pid);
    } finally {
      await c.end();
    }
  });
}
