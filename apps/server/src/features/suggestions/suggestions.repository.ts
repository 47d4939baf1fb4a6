import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

/** SQL of the suggestion campaigns (民意征集); the rules are in suggestions.service.ts. */

export interface CampaignRow {
  id: number;
  title: string;
  title_en: string | null;
  description: string | null;
  description_en: string | null;
  status: 'open' | 'closed';
  opens_at: Date;
  closes_at: Date | null;
  collected: number;
  adopted: number;
  not_adopted: number;
  assigned: number;
  done: number;
  visited: number;
  satisfied: number;
}

/** The counts as the bureau reports them: collected, adopted, carried out, visited, satisfied. */
const CAMPAIGN_SELECT = `select k.id, k.title, k.title_en, k.description, k.description_en, k.status, k.opens_at, k.closes_at,
  count(s.id)::int as collected,
  count(s.id) filter (where s.status = 'adopted')::int as adopted,
  count(s.id) filter (where s.status = 'not_adopted')::int as not_adopted,
  count(s.id) filter (where s.status = 'adopted' and s.unit_id is not null)::int as assigned,
  count(s.id) filter (where s.status = 'adopted' and s.task_done_at is not null)::int as done,
  count(s.id) filter (where s.visit_result = 'reached')::int as visited,
  count(s.id) filter (where s.visit_result = 'reached'
    and s.visit_satisfaction in ('satisfied', 'basically_satisfied'))::int as satisfied
  from suggestion_campaigns k left join suggestions s on s.campaign_id = k.id`;

export async function listCampaigns(q: Queryable, openOnly: boolean): Promise<CampaignRow[]> {
  const r = await q.query<CampaignRow>(
    `${CAMPAIGN_SELECT} ${openOnly ? `where k.status = 'open'` : ''} group by k.id order by k.opens_at desc, k.id desc`,
  );
  return r.rows;
}

export async function getCampaign(q: Queryable, id: number): Promise<CampaignRow | null> {
  const r = await q.query<CampaignRow>(`${CAMPAIGN_SELECT} where k.id = $1 group by k.id`, [id]);
  return r.rows[0] ?? null;
}

export async function insertCampaign(
  q: Queryable,
  c: { title: string; titleEn: string; description: string; descriptionEn: string; opensAt: Date },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into suggestion_campaigns (title, title_en, description, description_en, status, opens_at)
     values ($1, $2, $3, $4, 'open', $5) returning id`,
    [c.title, c.titleEn, c.description, c.descriptionEn, c.opensAt],
  );
  return r.rows[0]!.id;
}

export async function campaignCount(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(`select count(*)::int as n from suggestion_campaigns`);
  return r.rows[0]?.n ?? 0;
}

export interface SuggestionRow {
  id: number;
  code: string;
  campaign_id: number;
  campaign_title: string;
  campaign_title_en: string | null;
  channel: 'web' | 'hotline';
  topic: string;
  content: string;
  proposer_name: string | null;
  proposer_phone: string | null;
  district_code: string | null;
  group_id: number | null;
  group_title: string | null;
  status: 'received' | 'adopted' | 'not_adopted';
  reply: string | null;
  decided_at: Date | null;
  unit_id: number | null;
  task_due_at: Date | null;
  task_done_at: Date | null;
  task_note: string | null;
  visit_result: 'reached' | 'unreached' | null;
  visit_satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  visited_at: Date | null;
  created_at: Date;
}

const SELECT = `select s.id::int as id, s.code, s.campaign_id, k.title as campaign_title, k.title_en as campaign_title_en,
  s.channel, s.topic, s.content, s.proposer_name, s.proposer_phone, s.district_code, s.group_id::int as group_id,
  g.title as group_title, s.status, s.reply, s.decided_at, s.unit_id, s.task_due_at, s.task_done_at, s.task_note,
  s.visit_result, s.visit_satisfaction, s.visited_at, s.created_at
  from suggestions s join suggestion_campaigns k on k.id = s.campaign_id
  left join suggestion_groups g on g.id = s.group_id`;

export async function insertSuggestion(
  q: Queryable,
  s: {
    code: string;
    campaignId: number;
    channel: 'web' | 'hotline';
    topic: string;
    content: string;
    name: string | null;
    phone: string | null;
    districtCode: string | null;
    recordedBy: number | null;
    at: Date;
  },
): Promise<number> {
  const r = await q.query<{ id: string }>(
    `insert into suggestions (code, campaign_id, channel, topic, content, proposer_name, proposer_phone,
       district_code, recorded_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      s.code,
      s.campaignId,
      s.channel,
      s.topic,
      s.content,
      s.name,
      s.phone,
      s.districtCode,
      s.recordedBy,
      s.at,
    ],
  );
  return Number(r.rows[0]!.id);
}

export async function byCode(q: Queryable, code: string): Promise<SuggestionRow | null> {
  const r = await q.query<SuggestionRow>(`${SELECT} where s.code = $1`, [code]);
  return r.rows[0] ?? null;
}

export async function byIds(
  q: Queryable,
  ids: readonly number[],
  forUpdate = false,
): Promise<SuggestionRow[]> {
  const r = await q.query<SuggestionRow>(
    `${SELECT} where s.id = any($1::bigint[]) order by s.id${forUpdate ? ' for update of s' : ''}`,
    [ids],
  );
  return r.rows;
}

export interface ListFilter {
  campaignId?: number | undefined;
  status?: string | undefined;
  task?: 'assigned' | 'unassigned' | 'done' | 'overdue' | undefined;
  groupId?: number | undefined;
  unitId?: number | undefined;
  districtCode?: string | undefined;
  now: Date;
}

/** Newest first by keyset on id. */
export async function list(
  q: Queryable,
  f: ListFilter,
  page: { cursor?: number | undefined; limit: number },
): Promise<SuggestionRow[]> {
  const p: unknown[] = [];
  const where: string[] = [];
  if (f.campaignId !== undefined) where.push(`s.campaign_id = ${param(p, f.campaignId)}`);
  if (f.status !== undefined) where.push(`s.status = ${param(p, f.status)}`);
  if (f.groupId !== undefined) where.push(`s.group_id = ${param(p, f.groupId)}`);
  if (f.unitId !== undefined) where.push(`s.unit_id = ${param(p, f.unitId)}`);
  if (f.districtCode !== undefined) where.push(`s.district_code = ${param(p, f.districtCode)}`);
  if (f.task === 'assigned') where.push(`s.unit_id is not null and s.task_done_at is null`);
  if (f.task === 'unassigned') where.push(`s.status = 'adopted' and s.unit_id is null`);
  if (f.task === 'done') where.push(`s.task_done_at is not null`);
  if (f.task === 'overdue')
    where.push(`s.unit_id is not null and s.task_done_at is null and s.task_due_at < ${param(p, f.now)}`);
  if (page.cursor !== undefined) where.push(`s.id < ${param(p, page.cursor)}`);
  const r = await q.query<SuggestionRow>(
    `${SELECT} ${where.length ? `where ${where.join(' and ')}` : ''} order by s.id desc limit ${param(p, page.limit)}`,
    p,
  );
  return r.rows;
}

export async function insertGroup(
  q: Queryable,
  campaignId: number,
  title: string,
  at: Date,
): Promise<number> {
  const r = await q.query<{ id: string }>(
    `insert into suggestion_groups (campaign_id, title, created_at) values ($1, $2, $3) returning id`,
    [campaignId, title, at],
  );
  return Number(r.rows[0]!.id);
}

export async function update(
  q: Queryable,
  ids: readonly number[],
  set: Partial<{
    group_id: number;
    status: string;
    reply: string;
    decided_at: Date;
    unit_id: number;
    task_due_at: Date;
    task_done_at: Date;
    task_note: string;
    visit_result: string;
    visit_satisfaction: string | null;
    visited_at: Date;
  }>,
): Promise<void> {
  const p: unknown[] = [];
  const cols = Object.entries(set).map(([k, v]) => `${k} = ${param(p, v)}`);
  await q.query(`update suggestions set ${cols.join(', ')} where id = any(${param(p, ids)}::bigint[])`, p);
}

export async function insertEvents(
  q: Queryable,
  ids: readonly number[],
  e: { action: string; actorId: number | null; actorSystem: string | null; at: Date; payload: object },
): Promise<void> {
  await q.query(
    `insert into suggestion_events (suggestion_id, action, actor_id, actor_system, at, payload)
     select unnest($1::bigint[]), $2, $3, $4, $5, $6`,
    [ids, e.action, e.actorId, e.actorSystem, e.at, JSON.stringify(e.payload)],
  );
}

/**
 * Takes one submission slot of a client address, atomically (the window restarts when older than
 * `windowMinutes`); returns the submissions in the window including this one.
 */
export async function takeSlot(q: Queryable, key: string, windowMinutes: number, now: Date): Promise<number> {
  const r = await q.query<{ attempts: number }>(
    `insert into suggestion_throttle (key, attempts, window_start) values ($1, 1, $3)
     on conflict (key) do update set
       attempts = case when suggestion_throttle.window_start < $3::timestamptz - make_interval(mins => $2) then 1
                       else suggestion_throttle.attempts + 1 end,
       window_start = case when suggestion_throttle.window_start < $3::timestamptz - make_interval(mins => $2) then $3
                           else suggestion_throttle.window_start end
     returning attempts`,
    [key, windowMinutes, now],
  );
  return r.rows[0]!.attempts;
}

export async function districtExists(q: Queryable, code: string): Promise<boolean> {
  const r = await q.query(`select 1 from districts where code = $1`, [code]);
  return r.rows.length > 0;
}

export async function departmentExists(q: Queryable, id: number): Promise<boolean> {
  const r = await q.query(`select 1 from departments where id = $1 and active`, [id]);
  return r.rows.length > 0;
}
