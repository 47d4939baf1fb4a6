import { randomBytes } from 'node:crypto';
import { SCHEDULER_ACTOR, type Actor } from '../actor.js';
import type { Db } from '../db/db.js';
import { takeLease } from '../db/leases.js';
import type { NodeRole } from '../config.js';
import type { Metrics } from '../observe/metrics.js';

/**
 * A timer of a feature module. `role` says which nodes run it: `ingest` jobs work on the memory of
 * the node that receives the devices' messages (alarm silence ticks, counter flushes) and run on
 * every ingest node; `scheduler` jobs run once in the cluster, on the node that holds their
 * database lease (rollups, retention, deadlines).
 */
export interface Job {
  name: string;
  role: Extract<NodeRole, 'ingest' | 'scheduler'>;
  everyMs: number;
  /** A scheduler job's lease lasts this long (default three periods), so a dead node's lapses. */
  leaseMs?: number;
  /** One run, acting as the timer (`system:scheduler`) in what it writes. */
  run(actor: Actor): Promise<unknown> | unknown;
}

export interface JobRunner {
  stop(): void;
}

/**
 * Runs the jobs this node's roles call for, each on its own timer; a run still going when the
 * next is due is skipped, and a failure is logged and tried again at the next period.
 */
export function startJobs(
  jobs: readonly Job[],
  o: { db: Db; roles: readonly NodeRole[]; log?: (msg: string, err?: unknown) => void; metrics?: Metrics },
): JobRunner {
  const log = o.log ?? (() => undefined);
  const runs = o.metrics?.counter(
    'cityloop_job_runs_total',
    'Timer job runs on this node by outcome (ok, failed; a scheduler job another node holds the lease of is not run)',
    ['job', 'outcome'],
  );
  const seconds = o.metrics?.histogram('cityloop_job_duration_seconds', 'Timer job run time', ['job']);
  const holder = `node-${randomBytes(6).toString('hex')}`;
  const timers = jobs
    .filter((job) => o.roles.includes(job.role))
    .map((job) => {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        void (async () => {
          try {
            if (
              job.role === 'scheduler' &&
              !(await takeLease(o.db, job.name, holder, job.leaseMs ?? job.everyMs * 3))
            )
              return;
            const end = seconds?.startTimer({ job: job.name });
            try {
              await job.run(SCHEDULER_ACTOR);
            } finally {
              end?.();
            }
            runs?.inc({ job: job.name, outcome: 'ok' });
          } catch (err) {
            runs?.inc({ job: job.name, outcome: 'failed' });
            log(`job ${job.name} failed`, err);
          } finally {
            running = false;
          }
        })();
      }, job.everyMs);
      timer.unref();
      return timer;
    });
  return { stop: () => timers.forEach((t) => clearInterval(t)) };
}
