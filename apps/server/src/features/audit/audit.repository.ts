import type { Queryable } from '../../db/db.js';
import { pageOf, param, type PageArgs } from '../../db/paging.js';

export interface AuditRowInput {
  userId: number | null;
  username: string;
  action: string;
  entity: string;
  entityId: string | null;
  /** JSON text, or null. */
  before: string | null;
  after: string | null;
  requestId: string | null;
}

export async function insertAuditEntry(q: Queryable, e: AuditRowInput): Promise<void> {
  await q.query(
    `insert into audit_log(user_id, username, action, entity, entity_id, before, after, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.userId, e.username, e.action, e.entity, e.entityId, e.before, e.after, e.requestId],
  );
}

export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

const like = (q: string) => `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/**
 * A page of the log, newest first. `q` matches a username or an entity id's start, and the people
 * or things whose names matched it (`userIds`; `entityIds` as "entity:id"), found by their features.
 */
export async function listAudit(
  q: Queryable,
  a: PageArgs & {
    entity?: string | undefined;
    q?: string | undefined;
    userIds?: number[];
    entityIds?: string[];
  },
) {
  const p: unknown[] = [];
  const where: string[] = [];
  if (a.entity) where.push(`entity = ${param(p, a.entity)}`);
  if (a.q) {
    const or = [`username ilike ${param(p, like(a.q))}`, `entity_id like ${param(p, `${a.q}%`)}`];
    if (a.userIds?.length) or.push(`user_id = any(${param(p, a.userIds)}::int[])`);
    if (a.entityIds?.length) or.push(`entity || ':' || entity_id = any(${param(p, a.entityIds)}::text[])`);
    where.push(`(${or.join(' or ')})`);
  }
  return pageOf<AuditRow>(
    q,
    {
      select: `id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, user_id as "userId",
               username, action, entity, entity_id as "entityId", before, after`,
      from: 'audit_log',
      where,
      orderBy: 'id desc',
    },
    p,
    a,
  );
}
