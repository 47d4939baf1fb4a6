import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

/** SQL of the notification outbox (0021_notifications.sql). */

export interface OutboxRow {
  id: number;
  channel: 'sms' | 'email';
  recipient: string;
  topic: string;
  subject: string;
  body: string;
  case_id: number | null;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  adapter: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface NewMessage {
  channel: 'sms' | 'email';
  recipient: string;
  topic: string;
  subject: string;
  body: string;
  caseId: number | null;
}

export async function insertMessage(q: Queryable, m: NewMessage, at: Date): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into notification_outbox (channel, recipient, topic, subject, body, case_id, next_attempt_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) returning id`,
    [m.channel, m.recipient, m.topic, m.subject, m.body, m.caseId, at],
  );
  return Number(r.rows[0]!.id);
}

/**
 * Takes up to `limit` messages that are due and not held by another sender, holding them until
 * `holdUntil` and counting the attempt. Rows another transaction is taking are skipped.
 */
export async function claimDue(
  q: Queryable,
  now: Date,
  holdUntil: Date,
  limit: number,
): Promise<OutboxRow[]> {
  const r = await q.query<OutboxRow>(
    `update notification_outbox o set locked_until = $2, attempts = o.attempts + 1
     where o.id in (
       select id from notification_outbox
       where state = 'pending' and next_attempt_at <= $1 and (locked_until is null or locked_until <= $1)
       order by next_attempt_at, id limit $3 for update skip locked)
     returning o.*`,
    [now, holdUntil, limit],
  );
  return r.rows.map((row) => ({
    ...row,
    id: Number(row.id),
    case_id: row.case_id === null ? null : Number(row.case_id),
  }));
}

export async function markSent(q: Queryable, id: number, adapter: string, receipt: string, at: Date) {
  await q.query(
    `update notification_outbox set state = 'sent', sent_at = $2, adapter = $3, receipt = $4,
       locked_until = null, last_error = null where id = $1`,
    [id, at, adapter, receipt],
  );
}

export async function markFailed(
  q: Queryable,
  id: number,
  error: string,
  adapter: string,
  next: Date | null,
) {
  await q.query(
    `update notification_outbox set last_error = $2, adapter = $3, locked_until = null,
       state = case when $4::timestamptz is null then 'failed' else 'pending' end,
       next_attempt_at = coalesce($4::timestamptz, next_attempt_at)
     where id = $1`,
    [id, error.slice(0, 500), adapter, next],
  );
}

/** A failed message tried again: due now, with its attempts counted afresh. */
export async function retry(q: Queryable, id: number, at: Date): Promise<boolean> {
  const r = await q.query(
    `update notification_outbox set state = 'pending', attempts = 0, next_attempt_at = $2, locked_until = null
     where id = $1 and state = 'failed'`,
    [id, at],
  );
  return r.rowCount > 0;
}

export async function list(
  q: Queryable,
  state: OutboxRow['state'],
  before: number | undefined,
  limit: number,
): Promise<OutboxRow[]> {
  const p: unknown[] = [];
  const where = [`state = ${param(p, state)}`];
  if (before !== undefined) where.push(`id < ${param(p, before)}`);
  const r = await q.query<OutboxRow>(
    `select * from notification_outbox where ${where.join(' and ')} order by id desc limit ${param(p, limit)}`,
    p,
  );
  return r.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function counts(q: Queryable): Promise<Record<OutboxRow['state'], number>> {
  const r = await q.query<{ state: OutboxRow['state']; n: number }>(
    `select state, count(*)::int as n from notification_outbox group by state`,
  );
  const out = { pending: 0, sent: 0, failed: 0 };
  for (const row of r.rows) out[row.state] = Number(row.n);
  return out;
}

export async function byCase(q: Queryable, caseId: number): Promise<OutboxRow[]> {
  const r = await q.query<OutboxRow>(`select * from notification_outbox where case_id = $1 order by id`, [
    caseId,
  ]);
  return r.rows.map((row) => ({ ...row, id: Number(row.id) }));
}
