import type { Actor } from '../../actor.js';
import { DomainError } from '@cityloop/domain';
import type { ImportReport } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import * as repo from './importJobs.repository.js';

export interface ImportJob {
  id: number;
  state: 'validating' | 'invalid' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  report: ImportReport | null;
}

export interface ImportSteps<T> {
  /** Checks the whole file; nothing is written. */
  validate(): Promise<{ report: ImportReport; items: T[] }>;
  /** Writes every item in one transaction, advancing job.processed as it goes. */
  write(items: T[], job: ImportJob): Promise<void>;
}

/**
 * Imports run as jobs a browser can follow: validated first, written only when the report is
 * clean, in one transaction so a failure leaves nothing half-imported. Progress lives in memory
 * on the node that runs the job; the outcome is kept in import_jobs.
 */
export class ImportJobs {
  private jobs = new Map<number, ImportJob>();

  constructor(
    private readonly db: Db,
    private readonly kind: string,
  ) {}

  async start<T>(actor: Actor, steps: ImportSteps<T>): Promise<ImportJob> {
    const id = await repo.insertJob(this.db, this.kind, actor.user?.id ?? null);
    const job: ImportJob = { id, state: 'validating', total: 0, processed: 0, report: null };
    this.jobs.set(job.id, job);
    void this.run(job, steps).catch(async (err: unknown) => {
      job.state = 'failed';
      const message = err instanceof Error ? err.message : String(err);
      job.report = {
        ok: false,
        total: job.total,
        valid: 0,
        problems: [{ kind: 'failed', code: null, index: -1, message }],
      };
      await this.finish(job).catch(() => undefined);
    });
    return job;
  }

  get(id: number): ImportJob {
    const job = this.jobs.get(id);
    if (!job) throw new DomainError('not_found', `Import job ${id} does not exist on this server`);
    return job;
  }

  private async run<T>(job: ImportJob, steps: ImportSteps<T>) {
    const { report, items } = await steps.validate();
    job.report = report;
    job.total = items.length;
    if (report.ok) {
      job.state = 'running';
      await steps.write(items, job);
      job.state = 'done';
    } else {
      job.state = 'invalid';
    }
    await this.finish(job);
  }

  private async finish(job: ImportJob) {
    await repo.finishJob(this.db, job);
  }
}
