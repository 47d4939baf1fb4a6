import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

/** SQL of the hotline's call records (0013_hotline_calls.sql). */
export interface CallRow {
  id: number;
  nature: string;
  caller_name: string | null;
  caller_phone: string | null;
  content: string;
  answer: string | null;
  address: string | null;
  seat_name: string | null;
  kb_article_id: number | null;
  kb_version: number | null;
  created_at: Date;
}

export async function insertCall(
  q: Queryable,
  c: {
    nature: string;
    callerName: string | null;
    callerPhone: string | null;
    content: string;
    answer: string | null;
    address: string | null;
    districtCode: string | null;
    seatId: number | null;
    at: Date;
    kbArticleId?: number | null;
    kbVersion?: number | null;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into hotline_calls (nature, caller_name, caller_phone, content, answer, address, district_code, seat_id, created_at,
       kb_article_id, kb_version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id::int as id`,
    [
      c.nature,
      c.callerName,
      c.callerPhone,
      c.content,
      c.answer,
      c.address,
      c.districtCode,
      c.seatId,
      c.at,
      c.kbArticleId ?? null,
      c.kbVersion ?? null,
    ],
  );
  return r.rows[0]!.id;
}

/** Calls newest first by keyset on (created_at, id); a district seat sees its district's. */
export async function listCalls(
  q: Queryable,
  f: {
    districtCode: string | null;
    nature?: string | undefined;
    before: { at: Date; id: number } | null;
    limit: number;
    id?: number;
    /** Digits of the caller's number. */
    phoneDigits?: string;
  },
): Promise<CallRow[]> {
  const p: unknown[] = [];
  const where: string[] = [];
  if (f.districtCode) where.push(`h.district_code = ${param(p, f.districtCode)}`);
  if (f.nature) where.push(`h.nature = ${param(p, f.nature)}`);
  if (f.id !== undefined) where.push(`h.id = ${param(p, f.id)}`);
  if (f.phoneDigits !== undefined)
    where.push(
      `h.caller_phone is not null and regexp_replace(h.caller_phone, '[^0-9]', '', 'g') = ${param(p, f.phoneDigits)}`,
    );
  if (f.before) where.push(`(h.created_at, h.id) < (${param(p, f.before.at)}, ${param(p, f.before.id)})`);
  const r = await q.query<CallRow>(
    `select h.id::int as id, h.nature, h.caller_name, h.caller_phone, h.content, h.answer, h.address,
            u.display_name as seat_name, h.kb_article_id, h.kb_version, h.created_at
     from hotline_calls h left join users u on u.id = h.seat_id
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by h.created_at desc, h.id desc limit ${param(p, f.limit)}`,
    p,
  );
  return r.rows;
}

/** A call's caller and district, for revealing the number. */
export async function callPhone(q: Queryable, id: number) {
  const r = await q.query<{
    caller_phone: string | null;
    caller_name: string | null;
    district_code: string | null;
  }>(`select caller_phone, caller_name, district_code from hotline_calls where id = $1`, [id]);
  return r.rows[0] ?? null;
}

// ---- knowledge base ----

export interface KbRow {
  id: number;
  category: string;
  active: boolean;
  version: number;
  question: string;
  answer: string;
  question_en: string;
  answer_en: string;
  keywords: string;
  edited_by: string | null;
  edited_at: Date;
}

export async function kbCategories(q: Queryable) {
  const r = await q.query<{ code: string; name: string; name_en: string }>(
    `select code, name, name_en from kb_categories order by ord, code`,
  );
  return r.rows;
}

export async function upsertKbCategory(
  q: Queryable,
  c: { code: string; name: string; nameEn: string; ord: number },
): Promise<void> {
  await q.query(
    `insert into kb_categories (code, name, name_en, ord) values ($1, $2, $3, $4)
     on conflict (code) do update set name = excluded.name, name_en = excluded.name_en, ord = excluded.ord`,
    [c.code, c.name, c.nameEn, c.ord],
  );
}

const KB_SELECT = `select a.id, a.category, a.active, v.version, v.question, v.answer, v.question_en, v.answer_en,
       v.keywords, u.display_name as edited_by, v.edited_at
  from kb_articles a join kb_versions v on v.article_id = a.id and v.version = a.version
  left join users u on u.id = v.edited_by`;

/** Answers at their current version: each word of `words` in the question, answer or keywords (either language). */
export async function searchKb(
  q: Queryable,
  f: { words: readonly string[]; category?: string | undefined; retired: boolean; limit: number },
): Promise<KbRow[]> {
  const p: unknown[] = [];
  const where: string[] = [];
  if (!f.retired) where.push('a.active');
  if (f.category) where.push(`a.category = ${param(p, f.category)}`);
  const hits: string[] = [];
  for (const w of f.words) {
    const like = `'%' || ${param(
      p,
      w.replace(/[\\%_]/g, (c) => `\\${c}`),
    )} || '%'`;
    const text = `(v.question || ' ' || v.keywords || ' ' || v.question_en || ' ' || v.answer || ' ' || v.answer_en)`;
    where.push(`${text} ilike ${like}`);
    hits.push(
      `(case when (v.question || ' ' || v.keywords || ' ' || v.question_en) ilike ${like} then 1 else 0 end)`,
    );
  }
  // Answers whose question or keywords hold the words first, then the rest.
  const score = hits.length ? `${hits.join(' + ')} desc, ` : '';
  const r = await q.query<KbRow>(
    `${KB_SELECT} ${where.length ? `where ${where.join(' and ')}` : ''}
     order by ${score}a.category, a.id limit ${param(p, f.limit)}`,
    p,
  );
  return r.rows;
}

export async function kbArticle(q: Queryable, id: number, forUpdate = false): Promise<KbRow | null> {
  const r = await q.query<KbRow>(`${KB_SELECT} where a.id = $1 ${forUpdate ? 'for update of a' : ''}`, [id]);
  return r.rows[0] ?? null;
}

export async function kbVersions(q: Queryable, id: number) {
  const r = await q.query<Omit<KbRow, 'id' | 'category' | 'active'>>(
    `select v.version, v.question, v.answer, v.question_en, v.answer_en, v.keywords,
            u.display_name as edited_by, v.edited_at
     from kb_versions v left join users u on u.id = v.edited_by
     where v.article_id = $1 order by v.version desc`,
    [id],
  );
  return r.rows;
}

export async function kbVersionExists(q: Queryable, id: number, version: number) {
  const r = await q.query<{ answer: string }>(
    `select answer from kb_versions where article_id = $1 and version = $2`,
    [id, version],
  );
  return r.rows[0] ?? null;
}

export interface KbText {
  question: string;
  answer: string;
  questionEn: string;
  answerEn: string;
  keywords: string;
}

export async function insertKbArticle(
  q: Queryable,
  a: { category: string; active: boolean; text: KbText; by: number | null; at: Date },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into kb_articles (category, version, active, created_at, updated_at) values ($1, 1, $2, $3, $3) returning id`,
    [a.category, a.active, a.at],
  );
  const id = r.rows[0]!.id;
  await insertKbVersion(q, id, 1, a.text, a.by, a.at);
  return id;
}

export async function insertKbVersion(
  q: Queryable,
  id: number,
  version: number,
  t: KbText,
  by: number | null,
  at: Date,
): Promise<void> {
  await q.query(
    `insert into kb_versions (article_id, version, question, answer, question_en, answer_en, keywords, edited_by, edited_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, version, t.question, t.answer, t.questionEn, t.answerEn, t.keywords, by, at],
  );
}

export async function updateKbArticle(
  q: Queryable,
  id: number,
  f: { category: string; active: boolean; version: number; at: Date },
): Promise<void> {
  await q.query(
    `update kb_articles set category = $2, active = $3, version = $4, updated_at = $5 where id = $1`,
    [id, f.category, f.active, f.version, f.at],
  );
}

export async function kbCount(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(`select count(*)::int as n from kb_articles`);
  return r.rows[0]!.n;
}

// ---- settings and repeat alerts ----

export async function settings(q: Queryable) {
  const r = await q.query<{ repeat_radius_m: number; repeat_threshold: number }>(
    `select repeat_radius_m, repeat_threshold from hotline_settings where id = 1`,
  );
  return r.rows[0] ?? { repeat_radius_m: 50, repeat_threshold: 3 };
}

export async function saveSettings(
  q: Queryable,
  s: { radiusM: number; threshold: number; by: number | null; at: Date },
): Promise<void> {
  await q.query(
    `insert into hotline_settings (id, repeat_radius_m, repeat_threshold, updated_by, updated_at) values (1, $1, $2, $3, $4)
     on conflict (id) do update set repeat_radius_m = $1, repeat_threshold = $2, updated_by = $3, updated_at = $4`,
    [s.radiusM, s.threshold, s.by, s.at],
  );
}

export async function insertAlert(
  q: Queryable,
  a: { caseId: number; repeats: number; from: string; to: string; at: Date },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into hotline_repeat_alerts (case_id, repeats, urgency_from, urgency_to, created_at)
     values ($1, $2, $3, $4, $5) returning id`,
    [a.caseId, a.repeats, a.from, a.to, a.at],
  );
  return r.rows[0]!.id;
}

export interface AlertRow {
  id: number;
  case_id: number;
  repeats: number;
  urgency_from: string;
  urgency_to: string;
  created_at: Date;
  seen_by: string | null;
  seen_at: Date | null;
}

export async function listAlerts(q: Queryable, f: { seen: boolean; limit: number; id?: number }) {
  const p: unknown[] = [];
  const where: string[] = [];
  if (!f.seen) where.push('r.seen_at is null');
  if (f.id !== undefined) where.push(`r.id = ${param(p, f.id)}`);
  const r = await q.query<AlertRow>(
    `select r.id, r.case_id::int as case_id, r.repeats, r.urgency_from, r.urgency_to, r.created_at,
            u.display_name as seen_by, r.seen_at
     from hotline_repeat_alerts r left join users u on u.id = r.seen_by
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by r.created_at desc, r.id desc limit ${param(p, f.limit)}`,
    p,
  );
  return r.rows;
}

/** Marks an alert taken up; false when there is none of that id (or it was taken up already). */
export async function markAlertSeen(q: Queryable, id: number, by: number, at: Date): Promise<boolean> {
  const r = await q.query(
    `update hotline_repeat_alerts set seen_by = $2, seen_at = $3 where id = $1 and seen_at is null`,
    [id, by, at],
  );
  return r.rowCount > 0;
}
