import { OPEN_STATES, type CaseSnapshot } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

export interface CaseRow {
  id: number;
  code: string;
  state: string;
  snapshot: CaseSnapshot;
  kind: 'component' | 'event';
  category: string;
  urgency: string;
  source: string;
  nature: string | null;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  grid_code: string;
  district_code: string;
  street_code: string;
  community_code: string;
  supervision_grid_code: string | null;
  component_code: string | null;
  reporter_id: number | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  wants_reply: boolean;
  unit_id: number | null;
  task_inspector_id: number | null;
  pending_kind: string | null;
  duplicate_of: number | null;
  idempotency_key: string | null;
  reported_at: Date;
  step: string | null;
  step_started_at: Date | null;
  step_due_at: Date | null;
  dispatched_at: Date | null;
  disposal_due_at: Date | null;
  closed_at: Date | null;
  updated_at: Date;
  version: number;
}

export type NewCaseRow = Omit<
  CaseRow,
  'id' | 'code' | 'updated_at' | 'version' | 'closed_at' | 'dispatched_at' | 'disposal_due_at'
> & {
  closed_at?: Date | null;
};

/** The columns a case list entry shows (presentSummary) and whether a user may see it needs. */
export type CaseSummaryRow = Pick<
  CaseRow,
  | 'id'
  | 'code'
  | 'state'
  | 'kind'
  | 'category'
  | 'urgency'
  | 'source'
  | 'description'
  | 'address'
  | 'lon'
  | 'lat'
  | 'grid_code'
  | 'district_code'
  | 'street_code'
  | 'unit_id'
  | 'pending_kind'
  | 'reported_at'
  | 'step'
  | 'step_due_at'
  | 'reporter_id'
  | 'reporter_phone'
> & { snapshot: Pick<CaseSnapshot, 'dispatchLevel' | 'reworkCount'> };

/** What one report call returns: the case it made (null: the idempotency key was used) and nearby open cases. */
export interface ReportRows {
  created: CaseRow | null;
  /** Open cases of the same category within the radius around the report, newest first. */
  near: NearCaseRow[];
}

/** An open case near a report, as `case_report_batch` returns it (migration 0010). */
type NearArray = [
  id: number,
  code: string,
  state: string,
  lon: number,
  lat: number,
  grid_code: string,
  unit_id: number | null,
  reporter_id: number | null,
];

/** An open case of the same category near a new report: enough to name it, place it and check who may see it. */
export type NearCaseRow = Pick<
  CaseRow,
  'id' | 'code' | 'state' | 'lon' | 'lat' | 'grid_code' | 'unit_id' | 'reporter_id'
>;

const nearFromArray = (a: NearArray): NearCaseRow => ({
  id: a[0],
  code: a[1],
  state: a[2],
  lon: a[3],
  lat: a[4],
  grid_code: a[5],
  unit_id: a[6],
  reporter_id: a[7],
});

/** One report as `case_report_batch` (migrations 0010, 0013, 0014) takes it. */
export interface ReportItem {
  row: NewCaseRow;
  /** The report date in city time (YYYY-MM-DD): the case code's prefix. */
  reportDay: string;
  event: {
    actorId: number | null;
    actorRole: string | null;
    /** The system part that reported (`system:mqtt`…); null when a person did. */
    actorSystem: string | null;
    comment: string | null;
    payload: Record<string, unknown>;
    photos: string[];
  };
  /** Half the search box around the report; null: no search (a confirmed duplicate). */
  box: { dLat: number; dLon: number } | null;
}

interface ReportResultRow {
  new_id: number;
  new_code: string;
  new_updated_at: Date;
  near: NearArray[];
}

const searchBox = ({ row, box }: ReportItem) =>
  box && [row.lat - box.dLat, row.lat + box.dLat, row.lon - box.dLon, row.lon + box.dLon];

function reportRows(row: NewCaseRow, made: ReportResultRow | undefined): ReportRows {
  if (!made) return { created: null, near: [] };
  return {
    created: {
      ...row,
      id: made.new_id,
      code: made.new_code,
      updated_at: made.new_updated_at,
      version: 1,
      dispatched_at: null,
      disposal_due_at: null,
      closed_at: row.closed_at ?? null,
    },
    near: made.near.map(nearFromArray),
  };
}

/**
 * A report: the case with its code (report date in city time + id), the `report` event, the photo
 * links, and the open cases of the same category within the radius. An unknown photo id fails the
 * call on case_photos' foreign key, writing nothing. (A batch of one: see insertReports.)
 */
export async function insertReport(q: Queryable, item: ReportItem): Promise<ReportRows> {
  return (await insertReports(q, [item]))[0]!;
}

/**
 * Reports in one statement (`case_report_batch`, migrations 0010 and 0014: one INSERT per table for all of
 * them), in order: a report's search sees the ones before it in the batch, as if filed one by one.
 * One failing report fails them all and writes nothing; the caller then files them one at a time.
 */
export async function insertReports(q: Queryable, items: readonly ReportItem[]): Promise<ReportRows[]> {
  const r = await q.query<ReportResultRow & { idx: number }>(
    `select * from case_report_batch($1::jsonb, $2::text[])`,
    [
      JSON.stringify(
        items.map((item) => ({
          c: item.row,
          day: item.reportDay.replace(/-/g, ''),
          actor: item.event.actorId,
          role: item.event.actorRole,
          system: item.event.actorSystem,
          comment: item.event.comment,
          payload: item.event.payload,
          photos: item.event.photos,
          box: searchBox(item),
        })),
      ),
      // The duplicate search looks among the cases still worked on: the domain's list, not SQL's own.
      OPEN_STATES,
    ],
  );
  const made = new Map(r.rows.map((m) => [m.idx, m]));
  return items.map((item, k) => reportRows(item.row, made.get(k + 1)));
}

export async function findByIdempotencyKey(q: Queryable, key: string): Promise<CaseRow | null> {
  const r = await q.query<CaseRow>(`select * from cases where idempotency_key = $1`, [key]);
  return r.rows[0] ?? null;
}

export async function getCase(q: Queryable, id: number, forUpdate = false): Promise<CaseRow | null> {
  const r = await q.query<CaseRow>(`select * from cases where id = $1 ${forUpdate ? 'for update' : ''}`, [
    id,
  ]);
  return r.rows[0] ?? null;
}

/** Several cases by id in one statement, in the order of `ids` (missing ones left out). */
export async function getCases(q: Queryable, ids: readonly number[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<CaseRow>(`select * from cases where id = any($1::bigint[])`, [ids]);
  const byId = new Map(r.rows.map((row) => [Number(row.id), row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type CaseUpdate = Partial<
  Pick<
    CaseRow,
    | 'state'
    | 'snapshot'
    | 'urgency'
    | 'unit_id'
    | 'task_inspector_id'
    | 'pending_kind'
    | 'step'
    | 'step_started_at'
    | 'step_due_at'
    | 'dispatched_at'
    | 'disposal_due_at'
    | 'closed_at'
  >
>;

export async function updateCase(q: Queryable, id: number, fields: CaseUpdate): Promise<void> {
  const params: unknown[] = [id];
  const sets = Object.entries(fields).map(
    ([k, v]) => `${k} = ${param(params, k === 'snapshot' ? JSON.stringify(v) : v)}`,
  );
  await q.query(
    `update cases set ${sets.join(', ')}, updated_at = now(), version = version + 1 where id = $1`,
    params,
  );
}

export interface EventInsert {
  caseId: number;
  action: string;
  fromState: string | null;
  toState: string;
  actorId: number | null;
  actorRole: string | null;
  /** The system part that acted (`system:mqtt`, `system:scheduler`); null when a person did. */
  actorSystem: string | null;
  at: Date;
  comment: string | null;
  payload: Record<string, unknown>;
  photos: string[];
  unitId: number | null;
  step: string | null;
  dueAt: Date | null;
  onTime: boolean | null;
  usedMs: number | null;
  limitMs: number | null;
}

export async function insertEvent(q: Queryable, e: EventInsert): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into case_events(case_id, action, from_state, to_state, actor_id, actor_role, at, comment, payload, photos,
       unit_id, step, due_at, on_time, used_ms, limit_ms, actor_system)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) returning id`,
    [
      e.caseId,
      e.action,
      e.fromState,
      e.toState,
      e.actorId,
      e.actorRole,
      e.at,
      e.comment,
      JSON.stringify(e.payload),
      e.photos,
      e.unitId,
      e.step,
      e.dueAt,
      e.onTime,
      e.usedMs,
      e.limitMs,
      e.actorSystem,
    ],
  );
  const id = r.rows[0]!.id;
  if (e.photos.length) {
    await q.query(
      `insert into case_photos(case_id, attachment_id, event_id) select $1, unnest($2::text[]), $3 on conflict do nothing`,
      [e.caseId, e.photos, id],
    );
  }
  return id;
}

export interface EventRow {
  id: number;
  action: string;
  fromState: string | null;
  toState: string;
  actorId: number | null;
  actorName: string | null;
  actorNameEn: string | null;
  actorRole: string | null;
  actorSystem: string | null;
  at: Date;
  comment: string | null;
  payload: Record<string, unknown>;
  photos: string[];
  unitId: number | null;
  unitName: string | null;
  unitNameEn: string | null;
  step: string | null;
  dueAt: Date | null;
  onTime: boolean | null;
  usedMs: number | null;
  limitMs: number | null;
}

export async function listEvents(q: Queryable, caseId: number): Promise<EventRow[]> {
  const r = await q.query<EventRow>(
    `select e.id, e.action, e.from_state as "fromState", e.to_state as "toState", e.actor_id as "actorId",
            u.display_name as "actorName", u.display_name_en as "actorNameEn", e.actor_role as "actorRole",
            e.actor_system as "actorSystem", e.at, e.comment, e.payload, e.photos,
            e.unit_id as "unitId", d.name as "unitName", d.name_en as "unitNameEn", e.step, e.due_at as "dueAt",
            e.on_time as "onTime",
            e.used_ms as "usedMs", e.limit_ms as "limitMs"
     from case_events e left join users u on u.id = e.actor_id left join departments d on d.id = e.unit_id
     where e.case_id = $1 order by e.id`,
    [caseId],
  );
  return r.rows;
}

/** Open cases of the same category within a box around a point (the caller filters by distance). */
export async function openNear(
  q: Queryable,
  a: {
    kind: string;
    category: string;
    lat: number;
    lon: number;
    dLat: number;
    dLon: number;
    excludeId?: number;
  },
): Promise<CaseRow[]> {
  const r = await q.query<CaseRow>(
    `select * from cases
     where kind = $1 and category = $2 and closed_at is null and state = any($8::text[])
       and lat between $3 and $4 and lon between $5 and $6 and id <> $7
     order by id desc limit 20`,
    [
      a.kind,
      a.category,
      a.lat - a.dLat,
      a.lat + a.dLat,
      a.lon - a.dLon,
      a.lon + a.dLon,
      a.excludeId ?? 0,
      OPEN_STATES,
    ],
  );
  return r.rows;
}

/** The reports linked to a case as duplicates of it (repeat calls, 重复投诉), oldest first. */
export async function linkedReports(q: Queryable, caseId: number) {
  const r = await q.query<
    Pick<
      CaseRow,
      'id' | 'code' | 'source' | 'nature' | 'description' | 'reporter_name' | 'reporter_phone' | 'reported_at'
    >
  >(
    `select id::int as id, code, source, nature, description, reporter_name, reporter_phone, reported_at
     from cases where duplicate_of = $1 order by reported_at, id`,
    [caseId],
  );
  return r.rows;
}

/** A caller's cases by phone number (digits only), newest first (0022's index). */
export async function casesByPhone(q: Queryable, digits: string, limit: number): Promise<CaseRow[]> {
  const r = await q.query<CaseRow>(
    `select * from cases where regexp_replace(reporter_phone, '[^0-9]', '', 'g') = $1
       and reporter_phone is not null
     order by reported_at desc, id desc limit $2`,
    [digits, limit],
  );
  return r.rows;
}

/** The cases a file belongs to (a report's or a step's photo), as much as reading them needs. */
export async function casesWithPhoto(
  q: Queryable,
  attachmentId: string,
): Promise<Array<Pick<CaseRow, 'grid_code' | 'unit_id' | 'reporter_id'>>> {
  const r = await q.query<Pick<CaseRow, 'grid_code' | 'unit_id' | 'reporter_id'>>(
    `select c.grid_code, c.unit_id, c.reporter_id from case_photos p join cases c on c.id = p.case_id
     where p.attachment_id = $1`,
    [attachmentId],
  );
  return r.rows;
}

export async function photosOf(q: Queryable, caseId: number): Promise<string[]> {
  const r = await q.query<{ attachment_id: string }>(
    `select attachment_id from case_photos where case_id = $1`,
    [caseId],
  );
  return r.rows.map((x) => x.attachment_id);
}

export async function casesOfComponent(q: Queryable, componentCode: string) {
  const r = await q.query<{
    id: number;
    code: string;
    state: string;
    reported_at: Date;
    description: string;
  }>(
    `select id, code, state, reported_at, description from cases where component_code = $1 order by id desc limit 200`,
    [componentCode],
  );
  return r.rows.map((c) => ({
    id: c.id,
    code: c.code,
    state: c.state,
    reportedAt: c.reported_at.toISOString(),
    description: c.description,
  }));
}

/** Case codes by id (the audit log names the cases it mentions). */
export async function codesOf(q: Queryable, ids: readonly number[]) {
  return (
    await q.query<{ id: number; code: string }>(`select id, code from cases where id = any($1::bigint[])`, [
      ids,
    ])
  ).rows;
}

/** Ids of the cases whose code starts with the text (at most 200). */
export async function idsByCode(q: Queryable, prefix: string): Promise<number[]> {
  if (!/^[0-9A-Za-z-]+$/.test(prefix)) return [];
  return (
    await q.query<{ id: number }>(`select id from cases where code like $1 order by id limit 200`, [
      `${prefix}%`,
    ])
  ).rows.map((r) => Number(r.id));
}
