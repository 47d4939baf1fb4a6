import type { AuditAction, AuditEntity } from '@cityloop/domain';
import { systemActorName, type Actor } from '../../actor.js';
import type { Queryable } from '../../db/db.js';
import * as repo from './audit.repository.js';

export interface AuditEntryInput {
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Records one write: who (a user's username, or `system:mqtt`, `system:scheduler` when the system
 * acts), when, what changed. Call inside the write's own transaction.
 */
export async function audit(q: Queryable, actor: Actor | null, e: AuditEntryInput): Promise<void> {
  await repo.insertAuditEntry(q, {
    userId: actor?.user?.id ?? null,
    username: actor?.user?.username ?? (actor?.system ? systemActorName(actor.system) : 'system'),
    action: e.action,
    entity: e.entity,
    entityId: e.entityId == null ? null : String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    requestId: actor?.requestId ?? null,
  });
}
