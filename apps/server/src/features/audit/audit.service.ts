import type { AuditAction, AuditEntity } from '@cityloop/domain';
import type { Actor } from '../../actor.js';
import type { Queryable } from '../../db/db.js';

export interface AuditEntryInput {
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Records one write: who, when, what changed. Call inside the write's own transaction. */
export async function audit(q: Queryable, actor: Actor | null, e: AuditEntryInput): Promise<void> {
  await q.query(
    `insert into audit_log(user_id, username, action, entity, entity_id, before, after, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor?.user?.id ?? null,
      actor?.user?.username ?? 'system',
      e.action,
      e.entity,
      e.entityId == null ? null : String(e.entityId),
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      actor?.requestId ?? null,
    ],
  );
}
