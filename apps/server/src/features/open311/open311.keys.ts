import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@cityloop/domain';
import type { Open311ApiKey, Open311ApiKeyBody, Open311ApiKeyIssued } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { Clock } from '../../clock.js';
import { Open311Failure, one, type Fields } from './open311.input.js';
import * as repo from './open311.repository.js';
import type { Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { EntityNamer } from '../audit/audit.log.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Partners' API keys: issued and revoked by an administrator, kept as hashes, checked on every write. */
export class Open311Keys {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private presentKey(k: repo.KeyRow): Open311ApiKey {
    return {
      id: k.id,
      name: k.name,
      partner: k.partner,
      prefix: k.key_prefix,
      active: k.active,
      createdAt: k.created_at.toISOString(),
      revokedAt: k.revoked_at ? k.revoked_at.toISOString() : null,
      requests: k.requests,
    };
  }

  /** How the audit log names a key: its name and partner (never the key). */
  readonly auditNamer: EntityNamer = {
    names: async (ids) => {
      const keys = await repo.listKeys(this.db);
      const wanted = new Set(ids);
      return new Map(
        keys
          .filter((k) => wanted.has(String(k.id)))
          .map((k) => [
            String(k.id),
            { name: `${k.name}（${k.partner}）`, nameEn: `${k.name} (${k.partner})` },
          ]),
      );
    },
  };

  async listKeys(): Promise<Open311ApiKey[]> {
    return (await repo.listKeys(this.db)).map((k) => this.presentKey(k));
  }

  /** A new key for a partner: the key itself is in this answer only (the table keeps its hash). */
  async issueKey(body: Open311ApiKeyBody, actor: Actor): Promise<Open311ApiKeyIssued> {
    const secret = randomBytes(24).toString('base64url');
    const key = await this.db.tx(async (q) => {
      const row = await repo.insertKey(q, {
        hash: sha256(secret),
        prefix: secret.slice(0, 6),
        name: body.name.trim(),
        partner: body.partner.trim(),
        createdBy: actor.user?.id ?? null,
        at: this.clock.now(),
      });
      if (!row) throw new Error('a fresh random key collided with an existing one');
      const key = this.presentKey(row);
      // The log names the key by its name, partner and first characters: never the key.
      await audit(q, actor, {
        action: 'open311_key.issue',
        entity: 'open311_key',
        entityId: key.id,
        after: key,
      });
      return key;
    });
    return { key, secret };
  }

  /** Revokes a key: requests with it are refused from now on (revoking twice changes nothing). */
  async revokeKey(id: number, actor: Actor): Promise<Open311ApiKey> {
    return this.db.tx(async (q) => {
      const before = await repo.keyById(q, id);
      if (!before) throw new DomainError('not_found', `API key ${id} does not exist`);
      const row = (await repo.revokeKey(q, id, this.clock.now()))!;
      if (before.active)
        await audit(q, actor, {
          action: 'open311_key.revoke',
          entity: 'open311_key',
          entityId: id,
          before: { active: true },
          after: { active: false },
        });
      return this.presentKey(row);
    });
  }

  /** The demo city's key `demo`, so that the README's examples work. */
  async ensureDemoKey(): Promise<void> {
    await repo.insertKey(this.db, {
      hash: sha256('demo'),
      prefix: 'demo',
      name: 'demo',
      partner: '演示合作方',
      createdBy: null,
      at: this.clock.now(),
    });
  }

  /** The key's id, or 403 when it is missing, unknown or revoked. */
  async idOf(f: Fields): Promise<number> {
    const key = one(f, 'api_key');
    if (key === undefined) throw new Open311Failure(403, [{ code: 403, description: 'api_key is required' }]);
    const row = await repo.activeKeyByHash(this.db, sha256(key));
    if (!row) throw new Open311Failure(403, [{ code: 403, description: 'api_key is not valid' }]);
    return row.id;
  }
}
