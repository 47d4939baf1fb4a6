import type { AuditEntity } from '@cityloop/domain';
import type { Db } from '../../db/db.js';
import type { PageArgs } from '../../db/paging.js';
import * as repo from './audit.repository.js';

/** A thing's name in both languages (no English: the English page shows the Chinese). */
export interface EntityName {
  name: string;
  nameEn: string | null;
}

/**
 * Names of the things of one kind the log mentions, by their logged ids: a case's code, a
 * person's or a department's name. Each feature names its own things (the log reads no other
 * feature's tables); `search` finds the ids whose names contain a text, for the log's search box.
 */
export interface EntityNamer {
  names(ids: readonly string[]): Promise<Map<string, EntityName>>;
  search?(text: string): Promise<string[]>;
}

/**
 * The audit log as administrators read it: each entry with the name of who did it and of what it
 * was done to, from the features that registered a namer for that kind of thing ('users' names
 * the people too).
 */
export class AuditLog {
  private readonly namers = new Map<AuditEntity, EntityNamer>();

  constructor(private readonly db: Db) {}

  /** Called by a feature when it is built, for the kinds of things it owns. */
  nameEntities(entity: AuditEntity, namer: EntityNamer): void {
    this.namers.set(entity, namer);
  }

  async list(a: PageArgs & { entity?: string | undefined; q?: string | undefined }) {
    const text = a.q?.trim();
    const [userIds, entityIds] = text ? await this.search(text, a.entity) : [[], []];
    const page = await repo.listAudit(this.db, { ...a, userIds, entityIds });
    const people = await this.names(
      'users',
      page.items.flatMap((r) => (r.userId === null ? [] : [String(r.userId)])),
    );
    const byEntity = new Map<string, Map<string, EntityName>>();
    for (const entity of new Set(page.items.map((r) => r.entity))) {
      const ids = page.items.flatMap((r) => (r.entity === entity && r.entityId !== null ? [r.entityId] : []));
      byEntity.set(entity, await this.names(entity as AuditEntity, ids));
    }
    return {
      ...page,
      items: page.items.map(({ userId, ...r }) => {
        const who = userId === null ? undefined : people.get(String(userId));
        const what = r.entityId === null ? undefined : byEntity.get(r.entity)?.get(r.entityId);
        return {
          ...r,
          userName: who?.name ?? null,
          userNameEn: who?.nameEn ?? null,
          entityName: what?.name ?? null,
          entityNameEn: what?.nameEn ?? null,
        };
      }),
    };
  }

  private async names(entity: AuditEntity, ids: string[]): Promise<Map<string, EntityName>> {
    const namer = this.namers.get(entity);
    if (!namer || ids.length === 0) return new Map();
    return namer.names([...new Set(ids)]);
  }

  /** Ids of people and of things (of the chosen kind, or any) whose names contain the text. */
  private async search(text: string, entity: string | undefined): Promise<[number[], string[]]> {
    const people = (await this.namers.get('users')?.search?.(text)) ?? [];
    const things: string[] = [];
    for (const [kind, namer] of this.namers) {
      if ((entity && kind !== entity) || !namer.search) continue;
      things.push(...(await namer.search(text)).map((id) => `${kind}:${id}`));
    }
    return [people.map(Number).filter(Number.isSafeInteger), things];
  }
}
