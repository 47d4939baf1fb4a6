import type { Queryable } from '../../db/db.js';

/** Records a new import job; returns its id. */
export async function insertJob(q: Queryable, kind: string, createdBy: number | null): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into import_jobs(kind, state, created_by) values ($1, 'validating', $2) returning id`,
    [kind, createdBy],
  );
  return r.rows[0]!.id;
}

/** Records how a job ended. */
export async function finishJob(
  q: Queryable,
  job: { id: number; state: string; total: number; processed: number; report: unknown },
): Promise<void> {
  await q.query(
    `update import_jobs set state = $2, total = $3, processed = $4, report = $5, finished_at = now() where id = $1`,
    [job.id, job.state, job.total, job.processed, JSON.stringify(job.report)],
  );
}
