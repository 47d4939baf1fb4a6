import { DomainError, maskPhone } from '@cityloop/domain';
import type { NotificationList, NotificationListQuery } from '@cityloop/domain/api';
import type { Clock } from '../../clock.js';
import type { Db, Queryable } from '../../db/db.js';
import type { NotificationAdapter } from './notifications.adapters.js';
import * as repo from './notifications.repository.js';

/** Attempts before a message is given up and left for an administrator (failed). */
export const MAX_ATTEMPTS = 8;
/** How long a sender holds the messages it took (another node skips them meanwhile). */
const HOLD_MS = 60_000;
const BATCH = 20;

/** The wait before the next attempt after `attempts` failed ones: 30 s, 1, 2, 4 … minutes, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

function maskEmail(e: string): string {
  const at = e.indexOf('@');
  return at <= 0 ? '***' : `${e[0]}***${e.slice(at)}`;
}

export type NewMessage = repo.NewMessage;

/**
 * The notification outbox: messages are written in the transaction of what caused them
 * (`enqueue`) and the sender (`sendDue`, a job, and a nudge after each enqueue) hands them to the
 * channel's adapter, marking a message sent only when the adapter confirmed it.
 */
export class NotificationService {
  private sending: Promise<number> | null = null;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly adapters: Record<'sms' | 'email', NotificationAdapter>,
    private readonly log: (msg: string, err?: unknown) => void = () => undefined,
  ) {}

  /** Writes a message into the outbox inside the caller's transaction. */
  enqueue(q: Queryable, m: NewMessage): Promise<number> {
    return repo.insertMessage(q, m, this.clock.now());
  }

  /**
   * Sends what is due now, without waiting for the job's next tick (a verification code should
   * arrive at once). Never throws: a failure is the outbox's to retry.
   */
  nudge(): void {
    void this.sendDue().catch((err: unknown) => this.log('notification outbox: send failed', err));
  }

  /** One pass of the sender; answers how many messages were confirmed sent. */
  async sendDue(): Promise<number> {
    // One pass at a time on this node; a nudge during a pass waits for it and runs again.
    while (this.sending) await this.sending.catch(() => undefined);
    this.sending = this.pass();
    try {
      return await this.sending;
    } finally {
      this.sending = null;
    }
  }

  private async pass(): Promise<number> {
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      const batch = await repo.claimDue(this.db, now, new Date(now.getTime() + HOLD_MS), BATCH);
      if (!batch.length) return sent;
      for (const m of batch) {
        const adapter = this.adapters[m.channel];
        try {
          const receipt = await adapter.send(m);
          await repo.markSent(this.db, m.id, adapter.name, receipt, this.clock.now());
          sent++;
        } catch (err) {
          const why = err instanceof Error ? err.message : String(err);
          const next =
            m.attempts >= MAX_ATTEMPTS ? null : new Date(this.clock.now().getTime() + backoffMs(m.attempts));
          await repo.markFailed(this.db, m.id, why, adapter.name, next);
        }
      }
      if (batch.length < BATCH) return sent;
    }
  }

  async list(query: NotificationListQuery): Promise<NotificationList> {
    const limit = query.limit ?? 50;
    const [rows, counts] = await Promise.all([
      repo.list(this.db, query.state ?? 'failed', query.before, limit + 1),
      repo.counts(this.db),
    ]);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        channel: r.channel,
        recipient: r.channel === 'sms' ? (maskPhone(r.recipient) ?? '') : maskEmail(r.recipient),
        topic: r.topic,
        state: r.state,
        attempts: r.attempts,
        nextAttemptAt: r.state === 'pending' ? r.next_attempt_at.toISOString() : null,
        lastError: r.last_error,
        adapter: r.adapter,
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at ? r.sent_at.toISOString() : null,
      })),
      counts,
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }

  /** A failed message tried again now. */
  async retry(id: number): Promise<{ ok: true }> {
    if (!(await repo.retry(this.db, id, this.clock.now())))
      throw new DomainError('not_found', `No failed message ${id}`);
    this.nudge();
    return { ok: true };
  }

  /** The messages about a case (tests, and the case's own page later). */
  ofCase(caseId: number) {
    return repo.byCase(this.db, caseId);
  }
}
