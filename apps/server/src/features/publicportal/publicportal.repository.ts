import type { Queryable } from '../../db/db.js';

/** SQL of the public portal's tables (0021_public_portal.sql). */

export async function countSince(
  q: Queryable,
  table: 'public_reports' | 'public_phone_codes' | 'public_uploads',
  column: 'client_hash' | 'phone',
  value: string,
  since: Date,
): Promise<number> {
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from ${table} where ${column} = $1 and created_at > $2`,
    [value, since],
  );
  return Number(r.rows[0]!.n);
}

export async function lastCodeAt(q: Queryable, phone: string): Promise<Date | null> {
  const r = await q.query<{ created_at: Date }>(
    `select created_at from public_phone_codes where phone = $1 order by created_at desc limit 1`,
    [phone],
  );
  return r.rows[0]?.created_at ?? null;
}

export async function insertCode(
  q: Queryable,
  c: { phone: string; hash: string; salt: string; client: string; at: Date; expiresAt: Date },
) {
  await q.query(
    `insert into public_phone_codes (phone, code_hash, salt, client_hash, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [c.phone, c.hash, c.salt, c.client, c.at, c.expiresAt],
  );
}

export interface CodeRow {
  id: number;
  code_hash: string;
  salt: string;
  tries: number;
}

/** The phone's newest code that is unused, unexpired and not spent by wrong tries (locked). */
export async function liveCode(q: Queryable, phone: string, now: Date): Promise<CodeRow | null> {
  const r = await q.query<CodeRow>(
    `select id, code_hash, salt, tries from public_phone_codes
     where phone = $1 and used_at is null and expires_at > $2 and tries < 5
     order by created_at desc limit 1 for update`,
    [phone, now],
  );
  return r.rows[0] ?? null;
}

export async function codeTried(q: Queryable, id: number) {
  await q.query(`update public_phone_codes set tries = tries + 1 where id = $1`, [id]);
}
export async function codeUsed(q: Queryable, id: number, at: Date) {
  await q.query(`update public_phone_codes set used_at = $2 where id = $1`, [id, at]);
}

export async function insertUpload(
  q: Queryable,
  u: { id: string; client: string; hint: { lon: number; lat: number } | null; at: Date },
) {
  await q.query(
    `insert into public_uploads (attachment_id, client_hash, hint_lon, hint_lat, created_at) values ($1, $2, $3, $4, $5)`,
    [u.id, u.client, u.hint?.lon ?? null, u.hint?.lat ?? null, u.at],
  );
}

/** Of `ids`, those uploaded through the portal and not yet in any case. */
export async function usableUploads(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const r = await q.query<{ attachment_id: string }>(
    `select u.attachment_id from public_uploads u
     where u.attachment_id = any($1::text[])
       and not exists (select 1 from case_photos p where p.attachment_id = u.attachment_id)`,
    [ids],
  );
  return new Set(r.rows.map((x) => x.attachment_id));
}

/** Records a report under the next tracking code of its year (`YT-2026-000123`) and answers the code. */
export async function insertReport(
  q: Queryable,
  r: { caseId: number; prefix: string; year: string; client: string; phone: string | null; at: Date },
): Promise<string> {
  const res = await q.query<{ tracking_code: string }>(
    // At least six digits; past 999,999 the number grows (lpad alone would cut it).
    `with n as (select nextval('public_tracking_seq')::text as v)
     insert into public_reports (case_id, tracking_code, client_hash, phone, created_at)
     select $1, $2 || '-' || $3 || '-' || lpad(n.v, greatest(6, length(n.v)), '0'), $4, $5, $6 from n
     returning tracking_code`,
    [r.caseId, r.prefix, r.year, r.client, r.phone, r.at],
  );
  return res.rows[0]!.tracking_code;
}

export async function reportByCode(
  q: Queryable,
  code: string,
): Promise<{ case_id: number; tracking_code: string } | null> {
  const r = await q.query<{ case_id: string; tracking_code: string }>(
    `select case_id::text, tracking_code from public_reports where tracking_code = $1`,
    [code],
  );
  const row = r.rows[0];
  return row ? { case_id: Number(row.case_id), tracking_code: row.tracking_code } : null;
}

export async function trackingCodeOf(q: Queryable, caseId: number): Promise<string | null> {
  const r = await q.query<{ tracking_code: string }>(
    `select tracking_code from public_reports where case_id = $1`,
    [caseId],
  );
  return r.rows[0]?.tracking_code ?? null;
}

/**
 * Records that the reporter is told about `state`, once: answers the phone to tell when this call
 * changed what was last told (another node's call for the same change answers null).
 */
export async function markNotified(
  q: Queryable,
  caseId: number,
  state: string,
): Promise<{ phone: string; previous: string | null; tracking_code: string } | null> {
  const r = await q.query<{ phone: string; previous: string | null; tracking_code: string }>(
    `with old as (
       select case_id, notified_state from public_reports where case_id = $1 and phone is not null for update)
     update public_reports p set notified_state = $2 from old
     where p.case_id = old.case_id and old.notified_state is distinct from $2
     returning p.phone, old.notified_state as previous, p.tracking_code`,
    [caseId, state],
  );
  return r.rows[0] ?? null;
}

export interface RatingRow {
  id: number;
  case_id: number;
  closing: number;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  comment: string | null;
  state: 'recorded' | 'review' | 'reopened' | 'kept';
  created_at: Date;
}

export async function ratingOf(q: Queryable, caseId: number, closing: number): Promise<RatingRow | null> {
  const r = await q.query<RatingRow>(`select * from public_ratings where case_id = $1 and closing = $2`, [
    caseId,
    closing,
  ]);
  const row = r.rows[0];
  return row ? { ...row, id: Number(row.id), case_id: Number(row.case_id) } : null;
}

/** Inserts the rating of a closing; null when that closing was rated already. */
export async function insertRating(q: Queryable, r: Omit<RatingRow, 'id'>): Promise<number | null> {
  const res = await q.query<{ id: string }>(
    `insert into public_ratings (case_id, closing, satisfaction, comment, state, created_at)
     values ($1, $2, $3, $4, $5, $6) on conflict (case_id, closing) do nothing returning id::text`,
    [r.case_id, r.closing, r.satisfaction, r.comment, r.state, r.created_at],
  );
  return res.rows[0] ? Number(res.rows[0].id) : null;
}

export async function ratingById(q: Queryable, id: number, lock = false): Promise<RatingRow | null> {
  const r = await q.query<RatingRow>(
    `select * from public_ratings where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  const row = r.rows[0];
  return row ? { ...row, id: Number(row.id), case_id: Number(row.case_id) } : null;
}

export async function decideRating(
  q: Queryable,
  id: number,
  state: 'reopened' | 'kept',
  by: number,
  at: Date,
) {
  await q.query(`update public_ratings set state = $2, decided_by = $3, decided_at = $4 where id = $1`, [
    id,
    state,
    by,
    at,
  ]);
}

export async function ratings(
  q: Queryable,
  states: readonly string[],
  limit: number,
): Promise<Array<RatingRow & { tracking_code: string | null }>> {
  // A signed-in resident's report has no public report row (and no tracking code).
  const r = await q.query<RatingRow & { tracking_code: string | null }>(
    `select r.*, p.tracking_code from public_ratings r left join public_reports p on p.case_id = r.case_id
     where r.state = any($1::text[]) order by r.id desc limit $2`,
    [states, limit],
  );
  return r.rows.map((row) => ({ ...row, id: Number(row.id), case_id: Number(row.case_id) }));
}
