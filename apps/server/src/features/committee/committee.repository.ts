import type { Queryable } from '../../db/db.js';

export interface MemberRow {
  id: number;
  department_id: number;
  member_kind: string;
  contact_name: string;
  contact_phone: string;
  responsibilities: string;
  responsibilities_en: string;
}

export interface CampaignRow {
  id: number;
  code: string;
  theme: string;
  theme_en: string;
  lead_member_id: number;
  area_codes: string[];
  target_label: string;
  target_label_en: string;
  target_unit: string;
  start_date: string;
  end_date: string;
}

export interface TaskRow {
  id: number;
  campaign_id: number;
  member_id: number;
  title: string;
  title_en: string;
  target: number;
  deadline: string;
  score: number | null;
  done: number;
  reports: number;
}

export interface ReportRow {
  id: number;
  task_id: number;
  count: number;
  note: string;
  photos: string[];
  place: string | null;
  lon: number | null;
  lat: number | null;
  reported_at: string;
}

export interface ProblemRow {
  id: number;
  campaign_id: number;
  member_id: number;
  description: string;
  lon: number;
  lat: number;
  case_id: string;
  case_code: string;
  found_at: string;
}

export interface ScoreChangeRow {
  id: number;
  task_id: number;
  score_before: number | null;
  score_after: number;
  evidence: string;
  evidence_photos: string[];
  changed_at: string;
}

export async function countMembers(q: Queryable): Promise<number> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from committee_members`);
  return Number(r.rows[0]?.n ?? 0);
}

export async function listMembers(q: Queryable): Promise<MemberRow[]> {
  const r = await q.query<MemberRow>(
    `select id, department_id, member_kind, contact_name, contact_phone, responsibilities, responsibilities_en
       from committee_members order by seq, id`,
  );
  return r.rows;
}

export async function insertMember(
  q: Queryable,
  m: Omit<MemberRow, 'id'> & { seq: number },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into committee_members (department_id, member_kind, contact_name, contact_phone, responsibilities,
            responsibilities_en, seq)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      m.department_id,
      m.member_kind,
      m.contact_name,
      m.contact_phone,
      m.responsibilities,
      m.responsibilities_en,
      m.seq,
    ],
  );
  return r.rows[0]!.id;
}

const CAMPAIGN_COLUMNS = `id, code, theme, theme_en, lead_member_id, area_codes, target_label, target_label_en,
  target_unit, start_date::text as start_date, end_date::text as end_date`;

/** Campaigns, all or only those a member takes part in. */
export async function listCampaigns(q: Queryable, memberIds: number[] | null): Promise<CampaignRow[]> {
  const r = await q.query<CampaignRow>(
    `select ${CAMPAIGN_COLUMNS} from campaigns c
      where $1::int[] is null
         or exists (select 1 from campaign_members m where m.campaign_id = c.id and m.member_id = any($1))
      order by start_date, id`,
    [memberIds],
  );
  return r.rows;
}

export async function getCampaign(q: Queryable, id: number): Promise<CampaignRow | null> {
  const r = await q.query<CampaignRow>(`select ${CAMPAIGN_COLUMNS} from campaigns where id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function campaignMembers(
  q: Queryable,
  campaignIds: number[],
): Promise<Array<{ campaign_id: number; member_id: number }>> {
  const r = await q.query<{ campaign_id: number; member_id: number }>(
    `select campaign_id, member_id from campaign_members where campaign_id = any($1) order by campaign_id, member_id`,
    [campaignIds],
  );
  return r.rows;
}

/** Tasks with the sum of their reported counts, up to `until` when given. */
export async function tasksOf(q: Queryable, campaignIds: number[]): Promise<TaskRow[]> {
  const r = await q.query<TaskRow>(
    `select t.id, t.campaign_id, t.member_id, t.title, t.title_en, t.target, t.deadline::text as deadline, t.score,
            coalesce(sum(r.count), 0)::int as done, count(r.id)::int as reports
       from campaign_tasks t left join campaign_reports r on r.task_id = t.id
      where t.campaign_id = any($1)
      group by t.id
      order by t.campaign_id, t.id`,
    [campaignIds],
  );
  return r.rows;
}

export async function getTask(q: Queryable, id: number): Promise<(TaskRow & { campaign_id: number }) | null> {
  const rows = await q.query<TaskRow>(
    `select t.id, t.campaign_id, t.member_id, t.title, t.title_en, t.target, t.deadline::text as deadline, t.score,
            0 as done, 0 as reports
       from campaign_tasks t where t.id = $1`,
    [id],
  );
  return rows.rows[0] ?? null;
}

/** Counts reported per task in [from, to). */
export async function countsBetween(
  q: Queryable,
  campaignId: number,
  from: Date,
  to: Date,
): Promise<Map<number, number>> {
  const r = await q.query<{ task_id: number; n: number }>(
    `select r.task_id, sum(r.count)::int as n
       from campaign_reports r join campaign_tasks t on t.id = r.task_id
      where t.campaign_id = $1 and r.reported_at >= $2 and r.reported_at < $3
      group by r.task_id`,
    [campaignId, from.toISOString(), to.toISOString()],
  );
  return new Map(r.rows.map((x) => [x.task_id, x.n]));
}

export async function reportsOf(q: Queryable, campaignId: number): Promise<ReportRow[]> {
  const r = await q.query<ReportRow>(
    `select r.id, r.task_id, r.count, r.note, r.photos, r.place, r.lon, r.lat, r.reported_at
       from campaign_reports r join campaign_tasks t on t.id = r.task_id
      where t.campaign_id = $1 order by r.reported_at desc, r.id desc`,
    [campaignId],
  );
  return r.rows;
}

export async function problemsOf(q: Queryable, campaignId: number): Promise<ProblemRow[]> {
  const r = await q.query<ProblemRow>(
    `select id, campaign_id, member_id, description, lon, lat, case_id::text as case_id, case_code, found_at
       from campaign_problems where campaign_id = $1 order by found_at desc, id desc`,
    [campaignId],
  );
  return r.rows;
}

export interface CampaignInsert {
  code: string;
  theme: string;
  themeEn: string;
  leadMemberId: number;
  areaCodes: string[];
  targetLabel: string;
  targetLabelEn: string;
  targetUnit: string;
  startDate: string;
  endDate: string;
  memberIds: number[];
}

export async function insertCampaign(q: Queryable, c: CampaignInsert): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into campaigns (code, theme, theme_en, lead_member_id, area_codes, target_label, target_label_en,
            target_unit, start_date, end_date)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      c.code,
      c.theme,
      c.themeEn,
      c.leadMemberId,
      c.areaCodes,
      c.targetLabel,
      c.targetLabelEn,
      c.targetUnit,
      c.startDate,
      c.endDate,
    ],
  );
  const id = r.rows[0]!.id;
  await q.query(`insert into campaign_members (campaign_id, member_id) select $1, unnest($2::int[])`, [
    id,
    c.memberIds,
  ]);
  return id;
}

export async function nextCampaignCode(q: Queryable, year: number): Promise<string> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from campaigns where code like $1`, [
    `ZX-${year}-%`,
  ]);
  return `ZX-${year}-${String(Number(r.rows[0]?.n ?? 0) + 1).padStart(3, '0')}`;
}

export async function insertTask(
  q: Queryable,
  t: {
    campaignId: number;
    memberId: number;
    title: string;
    titleEn: string;
    target: number;
    deadline: string;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into campaign_tasks (campaign_id, member_id, title, title_en, target, deadline)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [t.campaignId, t.memberId, t.title, t.titleEn, t.target, t.deadline],
  );
  return r.rows[0]!.id;
}

export async function insertReport(
  q: Queryable,
  r: {
    taskId: number;
    count: number;
    note: string;
    photos: string[];
    place: string | null;
    lon: number | null;
    lat: number | null;
    reportedBy: number | null;
    reportedAt: Date;
  },
): Promise<number> {
  const res = await q.query<{ id: number }>(
    `insert into campaign_reports (task_id, count, note, photos, place, lon, lat, reported_by, reported_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [r.taskId, r.count, r.note, r.photos, r.place, r.lon, r.lat, r.reportedBy, r.reportedAt.toISOString()],
  );
  return res.rows[0]!.id;
}

export async function insertProblem(
  q: Queryable,
  p: {
    campaignId: number;
    memberId: number;
    description: string;
    lon: number;
    lat: number;
    caseId: number;
    caseCode: string;
    foundBy: number | null;
    foundAt: Date;
  },
): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into campaign_problems (campaign_id, member_id, description, lon, lat, case_id, case_code, found_by, found_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      p.campaignId,
      p.memberId,
      p.description,
      p.lon,
      p.lat,
      p.caseId,
      p.caseCode,
      p.foundBy,
      p.foundAt.toISOString(),
    ],
  );
  return r.rows[0]!.id;
}

export async function setScore(
  q: Queryable,
  s: {
    taskId: number;
    before: number | null;
    after: number;
    evidence: string;
    photos: string[];
    by: number | null;
    at: Date;
  },
): Promise<number> {
  await q.query(`update campaign_tasks set score = $2 where id = $1`, [s.taskId, s.after]);
  const r = await q.query<{ id: number }>(
    `insert into campaign_score_changes (task_id, score_before, score_after, evidence, evidence_photos, changed_by, changed_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [s.taskId, s.before, s.after, s.evidence, s.photos, s.by, s.at.toISOString()],
  );
  return r.rows[0]!.id;
}

export async function scoreChanges(q: Queryable, taskId: number): Promise<ScoreChangeRow[]> {
  const r = await q.query<ScoreChangeRow>(
    `select id, task_id, score_before, score_after, evidence, evidence_photos, changed_at
       from campaign_score_changes where task_id = $1 order by changed_at, id`,
    [taskId],
  );
  return r.rows;
}
