import type { Queryable } from '../../db/db.js';

/** SQL of emergency command (0024_emergency.sql); rules live in the service. */

export interface PlanRow {
  hazard: string;
  version: number;
  body: unknown;
  edited_by: string | null;
  edited_at: Date;
}

/** The newest version of each hazard's plan. */
export async function currentPlans(q: Queryable): Promise<PlanRow[]> {
  return (
    await q.query<PlanRow>(
      `select distinct on (hazard) hazard, version, body, edited_by, edited_at
         from emergency_plans order by hazard, version desc`,
    )
  ).rows;
}

export async function insertPlan(
  q: Queryable,
  p: { hazard: string; body: unknown; editedBy: string | null; at: Date },
): Promise<number> {
  const r = await q.query<{ version: number }>(
    `insert into emergency_plans (hazard, version, body, edited_by, edited_at)
     select $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, $4 from emergency_plans where hazard = $1
     returning version`,
    [p.hazard, JSON.stringify(p.body), p.editedBy, p.at],
  );
  return r.rows[0]!.version;
}

export interface WarningRow {
  id: number;
  code: string;
  type: string;
  colour: string;
  hazard: string | null;
  area: string;
  valid_from: Date;
  valid_to: Date;
  issuer: string;
  text: string | null;
  source: 'duty' | 'feed';
  entered_by: string | null;
  created_at: Date;
}
const WARNING_COLS = `id, code, type, colour, hazard, area, valid_from, valid_to, issuer, text, source, entered_by, created_at`;

/** Stores a warning unless one with the same key exists; returns the row and whether it is new. */
export async function insertWarning(
  q: Queryable,
  w: Omit<WarningRow, 'id' | 'created_at'> & { dedupKey: string; at: Date },
): Promise<{ row: WarningRow; created: boolean }> {
  const r = await q.query<WarningRow>(
    `insert into weather_warnings (code, type, colour, hazard, area, valid_from, valid_to, issuer, text, source,
       dedup_key, entered_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (dedup_key) do nothing returning ${WARNING_COLS}`,
    [
      w.code,
      w.type,
      w.colour,
      w.hazard,
      w.area,
      w.valid_from,
      w.valid_to,
      w.issuer,
      w.text,
      w.source,
      w.dedupKey,
      w.entered_by,
      w.at,
    ],
  );
  if (r.rows[0]) return { row: r.rows[0], created: true };
  const old = await q.query<WarningRow>(`select ${WARNING_COLS} from weather_warnings where dedup_key = $1`, [
    w.dedupKey,
  ]);
  return { row: old.rows[0]!, created: false };
}

/** Warnings in force at `at`, and (all) those that ended within `recentMs` before it, newest first. */
export async function listWarnings(q: Queryable, at: Date, recentMs: number): Promise<WarningRow[]> {
  return (
    await q.query<WarningRow>(
      `select ${WARNING_COLS} from weather_warnings
        where valid_to > $1::timestamptz - ($2::float8 * interval '1 millisecond')
        order by created_at desc, id desc limit 200`,
      [at, recentMs],
    )
  ).rows;
}

export async function feedKeyActive(q: Queryable, hash: string): Promise<boolean> {
  const r = await q.query(`select 1 from emergency_feed_keys where key_hash = $1 and active`, [hash]);
  return r.rows.length > 0;
}
export async function insertFeedKey(q: Queryable, name: string, hash: string): Promise<void> {
  await q.query(`insert into emergency_feed_keys (name, key_hash) values ($1, $2) on conflict do nothing`, [
    name,
    hash,
  ]);
}

export interface ResponseRow {
  id: number;
  hazard: string;
  level: string;
  state: 'active' | 'ended';
  plan_version: number;
  started_at: Date;
  ended_at: Date | null;
  signed_by: string;
  evidence: unknown;
}
const RESPONSE_COLS = `id, hazard, level, state, plan_version, started_at, ended_at, signed_by, evidence`;

export async function activeResponses(q: Queryable): Promise<ResponseRow[]> {
  return (
    await q.query<ResponseRow>(`select ${RESPONSE_COLS} from emergency_responses where state = 'active'`)
  ).rows;
}
export async function responseById(q: Queryable, id: number, lock = false): Promise<ResponseRow | null> {
  return (
    (
      await q.query<ResponseRow>(
        `select ${RESPONSE_COLS} from emergency_responses where id = $1${lock ? ' for update' : ''}`,
        [id],
      )
    ).rows[0] ?? null
  );
}
export async function activeResponseOf(q: Queryable, hazard: string): Promise<ResponseRow | null> {
  return (
    (
      await q.query<ResponseRow>(
        `select ${RESPONSE_COLS} from emergency_responses where hazard = $1 and state = 'active' for update`,
        [hazard],
      )
    ).rows[0] ?? null
  );
}
export async function recentResponses(q: Queryable, limit: number): Promise<ResponseRow[]> {
  return (
    await q.query<ResponseRow>(`select ${RESPONSE_COLS} from emergency_responses order by id desc limit $1`, [
      limit,
    ])
  ).rows;
}
export async function insertResponse(
  q: Queryable,
  r: { hazard: string; level: string; planVersion: number; at: Date; signedBy: string; evidence: unknown },
): Promise<number> {
  const res = await q.query<{ id: number }>(
    `insert into emergency_responses (hazard, level, state, plan_version, started_at, signed_by, evidence)
     values ($1, $2, 'active', $3, $4, $5, $6::jsonb) returning id`,
    [r.hazard, r.level, r.planVersion, r.at, r.signedBy, JSON.stringify(r.evidence ?? null)],
  );
  return res.rows[0]!.id;
}
export async function setResponseLevel(
  q: Queryable,
  id: number,
  level: string,
  evidence: unknown,
): Promise<void> {
  await q.query(
    `update emergency_responses set level = $2, evidence = coalesce($3::jsonb, evidence) where id = $1`,
    [id, level, evidence === undefined ? null : JSON.stringify(evidence)],
  );
}
export async function endResponse(q: Queryable, id: number, at: Date): Promise<void> {
  await q.query(`update emergency_responses set state = 'ended', ended_at = $2 where id = $1`, [id, at]);
}

export interface ProposalRow {
  id: number;
  hazard: string;
  kind: 'activate' | 'raise' | 'lower' | 'end';
  level: string | null;
  from_level: string | null;
  state: 'open' | 'signed' | 'dismissed' | 'superseded';
  evidence: unknown;
  created_at: Date;
}
const PROPOSAL_COLS = `id, hazard, kind, level, from_level, state, evidence, created_at`;

export async function openProposals(q: Queryable): Promise<ProposalRow[]> {
  return (await q.query<ProposalRow>(`select ${PROPOSAL_COLS} from emergency_proposals where state = 'open'`))
    .rows;
}
/** The newest proposal of a hazard, whatever its state. */
export async function latestProposal(q: Queryable, hazard: string): Promise<ProposalRow | null> {
  return (
    (
      await q.query<ProposalRow>(
        `select ${PROPOSAL_COLS} from emergency_proposals where hazard = $1 order by id desc limit 1`,
        [hazard],
      )
    ).rows[0] ?? null
  );
}
export async function proposalById(q: Queryable, id: number): Promise<ProposalRow | null> {
  return (
    (
      await q.query<ProposalRow>(
        `select ${PROPOSAL_COLS} from emergency_proposals where id = $1 for update`,
        [id],
      )
    ).rows[0] ?? null
  );
}
export async function insertProposal(
  q: Queryable,
  p: {
    hazard: string;
    kind: string;
    level: string | null;
    fromLevel: string | null;
    evidence: unknown;
    at: Date;
  },
): Promise<ProposalRow | null> {
  const r = await q.query<ProposalRow>(
    `insert into emergency_proposals (hazard, kind, level, from_level, state, evidence, created_at)
     values ($1, $2, $3, $4, 'open', $5::jsonb, $6) on conflict do nothing returning ${PROPOSAL_COLS}`,
    [p.hazard, p.kind, p.level, p.fromLevel, JSON.stringify(p.evidence), p.at],
  );
  return r.rows[0] ?? null;
}
export async function setProposalEvidence(q: Queryable, id: number, evidence: unknown): Promise<void> {
  await q.query(`update emergency_proposals set evidence = $2::jsonb where id = $1 and state = 'open'`, [
    id,
    JSON.stringify(evidence),
  ]);
}
export async function closeProposal(
  q: Queryable,
  id: number,
  state: 'signed' | 'dismissed' | 'superseded',
  by: string,
  at: Date,
): Promise<boolean> {
  const r = await q.query(
    `update emergency_proposals set state = $2, decided_by = $3, decided_at = $4 where id = $1 and state = 'open'`,
    [id, state, by, at],
  );
  return r.rowCount > 0;
}

export interface EventInput {
  responseId: number | null;
  hazard: string | null;
  kind: string;
  fromLevel?: string | null;
  toLevel?: string | null;
  actorId: number | null;
  actorName: string;
  reason?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}
export interface EventRow {
  id: number;
  response_id: number | null;
  hazard: string | null;
  kind: string;
  from_level: string | null;
  to_level: string | null;
  actor_name: string;
  reason: string | null;
  data: Record<string, unknown>;
  at: Date;
}
export async function insertEvent(q: Queryable, e: EventInput): Promise<EventRow> {
  const r = await q.query<EventRow>(
    `insert into emergency_events (response_id, hazard, kind, from_level, to_level, actor_id, actor_name, reason, data, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
     returning id::int as id, response_id, hazard, kind, from_level, to_level, actor_name, reason, data, at`,
    [
      e.responseId,
      e.hazard,
      e.kind,
      e.fromLevel ?? null,
      e.toLevel ?? null,
      e.actorId,
      e.actorName,
      e.reason ?? null,
      JSON.stringify(e.data ?? {}),
      e.at,
    ],
  );
  return r.rows[0]!;
}
export async function listEvents(
  q: Queryable,
  a: { responseId?: number | undefined; limit: number },
): Promise<EventRow[]> {
  const where = a.responseId !== undefined ? 'where response_id = $2' : '';
  const params: unknown[] = [a.limit];
  if (a.responseId !== undefined) params.push(a.responseId);
  return (
    await q.query<EventRow>(
      `select id::int as id, response_id, hazard, kind, from_level, to_level, actor_name, reason, data, at
         from emergency_events ${where} order by id desc limit $1`,
      params,
    )
  ).rows;
}

export interface CalloutRow {
  id: number;
  response_id: number;
  hazard: string;
  level: string;
  target_kind: 'user' | 'department' | 'team';
  target: string;
  called_at: Date;
  acked_at: Date | null;
  acked_by: string | null;
  escalated_at: Date | null;
}
const CALLOUT_COLS = `c.id, c.response_id, r.hazard, c.level, c.target_kind, c.target, c.called_at, c.acked_at, c.acked_by, c.escalated_at`;

/** Adds the call-outs not made yet for a response; returns those added. */
export async function insertCallouts(
  q: Queryable,
  responseId: number,
  level: string,
  targets: Array<{ kind: 'user' | 'department' | 'team'; target: string }>,
  at: Date,
): Promise<Array<{ id: number; target_kind: string; target: string }>> {
  if (targets.length === 0) return [];
  const r = await q.query<{ id: number; target_kind: string; target: string }>(
    `insert into emergency_callouts (response_id, level, target_kind, target, called_at)
     select $1, $2, k, t, $5 from unnest($3::text[], $4::text[]) as x(k, t)
     on conflict (response_id, target_kind, target) do nothing returning id, target_kind, target`,
    [responseId, level, targets.map((t) => t.kind), targets.map((t) => t.target), at],
  );
  return r.rows;
}
export async function listCallouts(q: Queryable, responseIds: number[]): Promise<CalloutRow[]> {
  if (responseIds.length === 0) return [];
  return (
    await q.query<CalloutRow>(
      `select ${CALLOUT_COLS} from emergency_callouts c join emergency_responses r on r.id = c.response_id
        where c.response_id = any($1::int[]) order by c.id`,
      [responseIds],
    )
  ).rows;
}
export async function calloutById(q: Queryable, id: number): Promise<CalloutRow | null> {
  return (
    (
      await q.query<CalloutRow>(
        `select ${CALLOUT_COLS} from emergency_callouts c join emergency_responses r on r.id = c.response_id
          where c.id = $1 for update of c`,
        [id],
      )
    ).rows[0] ?? null
  );
}
export async function ackCallout(q: Queryable, id: number, by: string, at: Date): Promise<boolean> {
  const r = await q.query(
    `update emergency_callouts set acked_at = $3, acked_by = $2 where id = $1 and acked_at is null`,
    [id, by, at],
  );
  return r.rowCount > 0;
}
/** Marks unacknowledged call-outs of active responses called before `before` as escalated; returns them. */
export async function escalateCallouts(
  q: Queryable,
  beforeByHazard: Record<string, Date>,
  at: Date,
): Promise<CalloutRow[]> {
  const hazards = Object.keys(beforeByHazard);
  if (hazards.length === 0) return [];
  const r = await q.query<{ id: number }>(
    `update emergency_callouts c set escalated_at = $3
       from emergency_responses r, unnest($1::text[], $2::timestamptz[]) as x(hazard, before)
      where r.id = c.response_id and r.state = 'active' and r.hazard = x.hazard
        and c.acked_at is null and c.escalated_at is null and c.called_at <= x.before
      returning c.id`,
    [hazards, hazards.map((h) => beforeByHazard[h]), at],
  );
  if (r.rows.length === 0) return [];
  return (
    await q.query<CalloutRow>(
      `select ${CALLOUT_COLS} from emergency_callouts c join emergency_responses r on r.id = c.response_id
        where c.id = any($1::int[])`,
      [r.rows.map((x) => x.id)],
    )
  ).rows;
}

export interface TaskRow {
  id: number;
  response_id: number;
  hazard: string;
  kind: 'action' | 'closure';
  department: string;
  title: string;
  title_en: string;
  device_id: string | null;
  state: 'open' | 'acknowledged' | 'done';
  created_at: Date;
  acked_at: Date | null;
  done_at: Date | null;
  done_by: string | null;
  note: string | null;
}
const TASK_COLS = `t.id, t.response_id, r.hazard, t.kind, t.department, t.title, t.title_en, t.device_id, t.state,
  t.created_at, t.acked_at, t.done_at, t.done_by, t.note`;

export async function insertTasks(
  q: Queryable,
  responseId: number,
  tasks: Array<{
    kind: 'action' | 'closure';
    department: string;
    title: string;
    titleEn: string;
    deviceId: string | null;
  }>,
  at: Date,
): Promise<number[]> {
  if (tasks.length === 0) return [];
  const r = await q.query<{ id: number }>(
    `insert into emergency_tasks (response_id, kind, department, title, title_en, device_id, state, created_at)
     select $1, k, d, t, te, dev, 'open', $7 from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as x(k, d, t, te, dev)
     on conflict (response_id, kind, department, title) do nothing returning id`,
    [
      responseId,
      tasks.map((t) => t.kind),
      tasks.map((t) => t.department),
      tasks.map((t) => t.title),
      tasks.map((t) => t.titleEn),
      tasks.map((t) => t.deviceId),
      at,
    ],
  );
  return r.rows.map((x) => x.id);
}
export async function listTasks(q: Queryable, responseIds: number[]): Promise<TaskRow[]> {
  if (responseIds.length === 0) return [];
  return (
    await q.query<TaskRow>(
      `select ${TASK_COLS} from emergency_tasks t join emergency_responses r on r.id = t.response_id
        where t.response_id = any($1::int[]) order by t.id`,
      [responseIds],
    )
  ).rows;
}
export async function taskById(q: Queryable, id: number): Promise<TaskRow | null> {
  return (
    (
      await q.query<TaskRow>(
        `select ${TASK_COLS} from emergency_tasks t join emergency_responses r on r.id = t.response_id
          where t.id = $1 for update of t`,
        [id],
      )
    ).rows[0] ?? null
  );
}
export async function setTaskState(
  q: Queryable,
  id: number,
  state: 'acknowledged' | 'done',
  by: string,
  at: Date,
  note: string | null,
): Promise<void> {
  if (state === 'acknowledged')
    await q.query(
      `update emergency_tasks set state = 'acknowledged', acked_at = $3, acked_by = $2 where id = $1`,
      [id, by, at],
    );
  else
    await q.query(
      `update emergency_tasks set state = 'done', done_at = $3, done_by = $2, note = $4,
              acked_at = coalesce(acked_at, $3), acked_by = coalesce(acked_by, $2) where id = $1`,
      [id, by, at, note],
    );
}

export async function insertOutbox(
  q: Queryable,
  rows: Array<{ recipientKind: string; recipient: string; kind: string; payload: unknown }>,
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into emergency_outbox (recipient_kind, recipient, kind, payload, created_at, delivered_at)
     select rk, r, k, p::jsonb, $5, $5 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as x(rk, r, k, p)`,
    [
      rows.map((r) => r.recipientKind),
      rows.map((r) => r.recipient),
      rows.map((r) => r.kind),
      rows.map((r) => JSON.stringify(r.payload)),
      at,
    ],
  );
}

export interface SiteRow {
  device_id: string;
  kind: 'point' | 'underpass';
  yellow_cm: number;
  red_cm: number;
}
export async function listSites(q: Queryable): Promise<SiteRow[]> {
  return (await q.query<SiteRow>(`select device_id, kind, yellow_cm, red_cm from emergency_sites`)).rows;
}
export async function insertSites(
  q: Queryable,
  sites: Array<{ deviceId: string; kind: 'point' | 'underpass' }>,
): Promise<void> {
  if (sites.length === 0) return;
  await q.query(
    `insert into emergency_sites (device_id, kind) select d, k from unnest($1::text[], $2::text[]) as x(d, k)
     on conflict (device_id) do nothing`,
    [sites.map((s) => s.deviceId), sites.map((s) => s.kind)],
  );
}
