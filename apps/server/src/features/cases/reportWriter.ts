import type { Db, Queryable } from '../../db/db.js';
import * as repo from './cases.repository.js';

interface Pending {
  item: repo.ReportItem;
  resolve(rows: repo.ReportRows): void;
  reject(err: unknown): void;
}

/**
 * Files new reports with group commit. Reports wait for the end of the event loop's turn (the
 * requests read from the sockets in the same turn reach here together) or, when filing is under
 * way, for it to finish, and then go together in one statement (`case_report_batch`: one INSERT
 * per table for all of them). Most of a lone report's cost is the statement around it, not its
 * rows, so under load this files about twice as many reports per second (bench/cases.bench.ts); a
 * report that arrives alone waits for nothing but the end of its turn. (PGlite runs a statement
 * to its end before the loop goes on, so without the wait for the turn's end no two reports would
 * ever meet.)
 *
 * Each report keeps its own outcome: when a batch fails (an unknown photo id breaks a foreign key,
 * two nodes' batches deadlock on the same idempotency key, the connection drops), nothing of it was
 * written and every report in it is filed again alone, answering its caller with its own result or
 * error.
 */
export class ReportWriter {
  private readonly queue: Pending[] = [];
  private filing = false;
  private scheduled = false;
  /** The writer's own connection (Db.dedicated), taken at the first report. */
  private connection: Queryable | null = null;

  constructor(
    private readonly db: Db,
    /** At most this many reports in one statement. */
    private readonly maxBatch = 64,
  ) {}

  write(item: repo.ReportItem): Promise<repo.ReportRows> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /**
   * One filing statement at a time per node. PGlite runs one at a time anyway; on PostgreSQL two
   * concurrent batches were measured to file fewer reports per second than one batch twice the
   * size, however the reports were split between them (bench/cases.bench.ts).
   */
  private pump(): void {
    if (this.filing || !this.queue.length) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.filing = true;
    void this.file(batch).finally(() => {
      this.filing = false;
      this.pump();
    });
  }

  /**
   * On PostgreSQL the statements go through a connection of the writer's own rather than the
   * pool's: filing is one statement after another, and each would otherwise wait for a pool
   * connection behind the other callbacks of the turn and queue behind other work's statements.
   * Measured with the intake benchmark's clients, in rounds alternating the two in one run, the
   * own connection filed 4–7% more reports per second at 16 clients and 10–12% more at 32 and 64.
   */
  private async file(batch: Pending[]): Promise<void> {
    const q = (this.connection ??= this.db.dedicated('cityloop report writer'));
    if (batch.length > 1) {
      // A failed batch wrote nothing: its reports are filed again below, one by one, so that each
      // caller gets its own report's outcome.
      const items = batch.map((p) => p.item);
      const rows = await repo.insertReports(q, items).catch(() => null);
      if (rows) {
        batch.forEach((p, k) => p.resolve(rows[k]!));
        return;
      }
    }
    await Promise.all(batch.map((p) => repo.insertReport(q, p.item).then(p.resolve, p.reject)));
  }
}
