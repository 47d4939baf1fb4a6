import type { Queryable } from '../../db/db.js';

/**
 * SQL of Open311 (0016_open311.sql): partners' keys, the categories' questions, what a partner sent
 * with its requests and updates. GeoReport's request list is a public, read-only projection of the
 * cases (with their unit's name and latest public note): one query, so that a thousand requests
 * cost one round trip; it writes nothing there.
 */

export interface KeyRow {
  id: number;
  name: string;
  partner: string;
  key_prefix: string;
  active: boolean;
  created_at: Date;
  revoked_at: Date | null;
  requests: number;
}

const KEY_COLUMNS = `k.id, k.name, k.partner, k.key_prefix, k.active, k.created_at, k.revoked_at,
  (select count(*)::int from open311_requests r where r.api_key_id = k.id) as requests`;

export async function insertKey(
  q: Queryable,
  k: { hash: string; prefix: string; name: string; partner: string; createdBy: number | null; at: Date },
): Promise<KeyRow | null> {
  const r = await q.query<{ id: number }>(
    `insert into open311_api_keys (key_hash, key_prefix, name, partner, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6) on conflict (key_hash) do nothing returning id`,
    [k.hash, k.prefix, k.name, k.partner, k.createdBy, k.at],
  );
  return r.rows[0] ? keyById(q, r.rows[0].id) : null;
}

export async function keyById(q: Queryable, id: number): Promise<KeyRow | null> {
  const r = await q.query<KeyRow>(`select ${KEY_COLUMNS} from open311_api_keys k where k.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function listKeys(q: Queryable): Promise<KeyRow[]> {
  return (await q.query<KeyRow>(`select ${KEY_COLUMNS} from open311_api_keys k order by k.id desc`)).rows;
}

/** The active key with this hash. */
export async function activeKeyByHash(q: Queryable, hash: string): Promise<{ id: number } | null> {
  const r = await q.query<{ id: number }>(`select id from open311_api_keys where key_hash = $1 and active`, [
    hash,
  ]);
  return r.rows[0] ?? null;
}

export async function revokeKey(q: Queryable, id: number, at: Date): Promise<KeyRow | null> {
  await q.query(
    `update open311_api_keys set active = false, revoked_at = coalesce(revoked_at, $2) where id = $1`,
    [id, at],
  );
  return keyById(q, id);
}

export interface AttributeRow {
  kind: 'component' | 'event';
  category: string;
  code: string;
  variable: boolean;
  datatype: string;
  required: boolean;
  datatype_description: string | null;
  ord: number;
  description: string;
  description_en: string | null;
  answers: { key: string; name: string; name_en?: string }[];
}

export async function attributesOf(q: Queryable, kind: string, category: string): Promise<AttributeRow[]> {
  const r = await q.query<AttributeRow>(
    `select * from open311_attributes where kind = $1 and category = $2 order by ord`,
    [kind, category],
  );
  return r.rows;
}

/** The categories that ask extra questions, as `kind:category`. */
export async function categoriesWithAttributes(q: Queryable): Promise<Set<string>> {
  const r = await q.query<{ key: string }>(
    `select distinct kind || ':' || category as key from open311_attributes`,
  );
  return new Set(r.rows.map((x) => x.key));
}

/** The case a key made from the same content since `since` (a retried POST). */
export async function retriedRequest(
  q: Queryable,
  keyId: number,
  hash: string,
  since: Date,
): Promise<{ code: string } | null> {
  const r = await q.query<{ code: string }>(
    `select c.code from open311_requests r join cases c on c.id = r.case_id
     where r.api_key_id = $1 and r.content_hash = $2 and r.created_at >= $3
     order by r.created_at desc limit 1`,
    [keyId, hash, since],
  );
  return r.rows[0] ?? null;
}

export async function insertRequest(
  q: Queryable,
  r: {
    caseId: number;
    keyId: number;
    token: string;
    hash: string;
    attributes: Record<string, string | string[]>;
    mediaUrl: string | null;
    contact: Record<string, string>;
    addressId: string | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `insert into open311_requests (case_id, api_key_id, token, content_hash, attributes, media_url, contact, address_id, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (case_id) do nothing`,
    [
      r.caseId,
      r.keyId,
      r.token,
      r.hash,
      JSON.stringify(r.attributes),
      r.mediaUrl,
      JSON.stringify(r.contact),
      r.addressId,
      r.at,
    ],
  );
}

export async function requestByToken(q: Queryable, token: string): Promise<{ code: string } | null> {
  const r = await q.query<{ code: string }>(
    `select c.code from open311_requests r join cases c on c.id = r.case_id where r.token = $1`,
    [token],
  );
  return r.rows[0] ?? null;
}

export async function caseIdByCode(q: Queryable, code: string): Promise<number | null> {
  const r = await q.query<{ id: number }>(`select id::int as id from cases where code = $1`, [code]);
  return r.rows[0]?.id ?? null;
}

/** A case as GeoReport shows it. Times are epoch ms (number) so the page costs no Date objects. */
export interface RequestRow {
  code: string;
  state: string;
  kind: string;
  category: string;
  description: string;
  address: string | null;
  lat: number;
  lon: number;
  grid_code: string;
  source: string;
  urgency: string;
  district_code: string;
  street_code: string;
  duplicate_code: string | null;
  reported_ms: number;
  updated_ms: number;
  closed_ms: number | null;
  due_ms: number | null;
  unit_name: string | null;
  unit_name_en: string | null;
  media_url: string | null;
  attributes: Record<string, string | string[]> | null;
  note: string | null;
}

const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;

const REQUEST_SELECT = `
  select c.code, c.state, c.kind, c.category, c.description, c.address, c.lat, c.lon, c.grid_code,
    c.source, c.urgency, c.district_code, c.street_code, dup.code as duplicate_code,
    ${ms('c.reported_at')} as reported_ms, ${ms('c.updated_at')} as updated_ms,
    ${ms('c.closed_at')} as closed_ms, ${ms('c.disposal_due_at')} as due_ms,
    d.name as unit_name, d.name_en as unit_name_en, r.media_url, r.attributes, n.comment as note
  from cases c
  left join departments d on d.id = c.unit_id
  left join cases dup on dup.id = c.duplicate_of
  left join open311_requests r on r.case_id = c.id
  left join lateral (
    select e.comment from case_events e
    where e.case_id = c.id and e.action = any($1::text[]) and e.comment is not null and e.comment <> ''
    order by e.id desc limit 1
  ) n on true`;

export async function requestsByCodes(
  q: Queryable,
  codes: readonly string[],
  noteActions: readonly string[],
): Promise<RequestRow[]> {
  const r = await q.query<RequestRow>(
    `${REQUEST_SELECT} where c.code = any($2::text[]) order by c.reported_at desc, c.id desc`,
    [noteActions, codes],
  );
  return r.rows;
}

export interface RequestWindow {
  from: Date;
  to: Date;
  /** `kind:category` keys; empty = all. */
  categories: readonly string[];
  /** The case states to list (open or closed ones); null = all. */
  states: readonly string[] | null;
  updatedAfter: Date | null;
  updatedBefore: Date | null;
  limit: number;
  offset: number;
}

/**
 * Cases reported in a window, newest first (cases_reported_at_id walks it in order); a page of
 * it by offset, as GeoReport's page/page_size extension asks, bounded by the 90-day window.
 */
export async function requestsInWindow(
  q: Queryable,
  w: RequestWindow,
  noteActions: readonly string[],
): Promise<RequestRow[]> {
  const params: unknown[] = [noteActions, w.from, w.to];
  const where = ['c.reported_at >= $2', 'c.reported_at <= $3'];
  if (w.categories.length) {
    params.push(w.categories);
    where.push(`(c.kind || ':' || c.category) = any($${params.length}::text[])`);
  }
  if (w.states) {
    params.push(w.states);
    where.push(`c.state = any($${params.length}::text[])`);
  }
  if (w.updatedAfter) {
    params.push(w.updatedAfter);
    where.push(`c.updated_at >= $${params.length}`);
  }
  if (w.updatedBefore) {
    params.push(w.updatedBefore);
    where.push(`c.updated_at <= $${params.length}`);
  }
  params.push(w.limit, w.offset);
  const r = await q.query<RequestRow>(
    `${REQUEST_SELECT} where ${where.join(' and ')}
     order by c.reported_at desc, c.id desc limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return r.rows;
}

export interface UpdateRow {
  id: number;
  code: string;
  action: string;
  to_state: string;
  comment: string | null;
  duplicate_code: string | null;
  at_ms: number;
}

/**
 * The steps of cases the public follows (their report and every change of state) in a window, oldest
 * first; only public notes carry their words.
 */
export async function updatesInWindow(
  q: Queryable,
  w: { from: Date; to: Date; code: string | null; limit: number },
  noteActions: readonly string[],
): Promise<UpdateRow[]> {
  const params: unknown[] = [noteActions, w.from, w.to, w.limit];
  let byCase = '';
  if (w.code) {
    params.push(w.code);
    byCase = `and c.code = $${params.length}`;
  }
  const r = await q.query<UpdateRow>(
    `select e.id::int as id, c.code, e.action, e.to_state,
       case when e.action = any($1::text[]) then e.comment end as comment,
       dup.code as duplicate_code, ${ms('e.at')} as at_ms
     from case_events e join cases c on c.id = e.case_id
     left join cases dup on dup.id = c.duplicate_of
     where e.at >= $2 and e.at <= $3 and (e.action = 'report' or e.from_state is distinct from e.to_state) ${byCase}
     order by e.at, e.id limit $4`,
    params,
  );
  return r.rows;
}

export async function insertUpdate(
  q: Queryable,
  u: {
    caseId: number;
    keyId: number;
    updateId: string;
    status: string;
    description: string;
    mediaUrls: string[];
    contact: Record<string, string>;
    updatedAt: Date;
    at: Date;
  },
): Promise<boolean> {
  const r = await q.query(
    `insert into open311_updates (case_id, api_key_id, update_id, status, description, media_urls, contact, updated_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (api_key_id, update_id) do nothing`,
    [
      u.caseId,
      u.keyId,
      u.updateId,
      u.status,
      u.description,
      u.mediaUrls,
      JSON.stringify(u.contact),
      u.updatedAt,
      u.at,
    ],
  );
  return r.rowCount > 0;
}
