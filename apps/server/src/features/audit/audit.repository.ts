import type { Queryable } from '../../db/db.js';
import { pageOf, param, type PageArgs } from '../../db/paging.js';

const like = (q: string) => `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

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

export interface AuditListArgs extends PageArgs {
  entity?: string | undefined;
  q?: string | undefined;
}

/** A page of the log, newest first, by entity and by who or which record. */
export async function listAudit(q: Queryable, a: AuditListArgs) {
  const p: unknown[] = [];
  const where: string[] = [];
  if (a.entity) where.push(`entity = ${param(p, a.entity)}`);
  if (a.q) where.push(`(username ilike ${param(p, like(a.q))} or entity_id like ${param(p, `${a.q}%`)})`);
  return pageOf(
    q,
    {
      select: `id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, username, action, entity,
               entity_id as "entityId", before, after`,
      from: 'audit_log',
      where,
      orderBy: 'id desc',
    },
    p,
    a,
  );
}
