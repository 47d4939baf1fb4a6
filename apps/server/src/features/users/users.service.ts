import type { Actor } from '../../actor.js';
import type { EntityNamer } from '../audit/audit.log.js';
import { DomainError } from '@cityloop/domain';
import type { UserInput } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import { audit } from '../audit/audit.service.js';
import type { AuthOffer } from '../auth/auth.module.js';
import { hashPassword } from '../auth/password.js';
import { uniqueViolation } from '../org/org.service.js';
import * as repo from './users.repository.js';

function checkJurisdiction(u: UserInput) {
  const j = u.jurisdiction;
  if (j.level === 'district' && !/^[0-9]{6}$/.test(j.code ?? ''))
    throw new DomainError('validation.failed', 'A district jurisdiction needs a 6-digit district code');
  if (j.level === 'street' && !/^[0-9]{9}$/.test(j.code ?? ''))
    throw new DomainError('validation.failed', 'A street jurisdiction needs a 9-digit street code');
  if (j.level === 'department' && j.departmentId === null)
    throw new DomainError('validation.failed', 'A department jurisdiction needs a departmentId');
}

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthOffer,
  ) {}

  list = (a: Parameters<typeof repo.listUsers>[1]) => repo.listUsers(this.db, a);

  /** People by id, as the audit log names them (who did it, and users it was done to). */
  readonly auditNamer: EntityNamer = {
    names: async (ids) => {
      const numeric = ids.map(Number).filter(Number.isSafeInteger);
      const rows = await repo.namesOf(this.db, numeric);
      return new Map(rows.map((r) => [String(r.id), { name: r.name, nameEn: r.nameEn }]));
    },
    search: async (text) => (await repo.idsNamed(this.db, text)).map(String),
  };

  async get(id: number) {
    const u = await repo.getUser(this.db, id);
    if (!u) throw new DomainError('not_found', `User ${id} does not exist`);
    return u;
  }

  async save(id: number | null, input: UserInput, actor: Actor | null) {
    checkJurisdiction(input);
    if (id === null && !input.password)
      throw new DomainError('validation.failed', 'A new user needs a password (8+ characters)');
    const hash = input.password ? await hashPassword(input.password) : null;
    const savedId = await this.db.tx(async (q) => {
      const before = id === null ? null : await repo.getUser(q, id);
      if (id !== null && !before) throw new DomainError('not_found', `User ${id} does not exist`);
      try {
        const newId = id ?? (await repo.insertUser(q, input, hash!));
        if (id !== null) await repo.updateUser(q, id, input, hash);
        // A new password or a deactivation ends the sessions opened with the old state.
        if (id !== null && (hash !== null || input.active === false)) await this.auth.revokeSessions(q, id);
        if (input.supervisionGridCodes) await repo.setSupervisionGrids(q, newId, input.supervisionGridCodes);
        if ((await repo.countAdmins(q)) === 0)
          throw new DomainError('conflict', 'The last active administrator cannot be removed');
        const { password: _omit, ...safe } = input;
        await audit(q, actor, {
          action: id === null ? 'create' : 'update',
          entity: 'users',
          entityId: newId,
          before,
          after: safe,
        });
        return newId;
      } catch (err) {
        throw uniqueViolation(err, `Username ${input.username} is taken`);
      }
    });
    this.auth.invalidate();
    return this.get(savedId);
  }

  async unlock(id: number, actor: Actor) {
    await this.db.tx(async (q) => {
      await this.getIn(q, id);
      await repo.unlockUser(q, id);
      await audit(q, actor, { action: 'unlock', entity: 'users', entityId: id });
    });
    // After the transaction: PGlite has one connection, which the transaction holds.
    await this.auth.unlock((await this.get(id)).username);
    return this.get(id);
  }

  private async getIn(q: Parameters<Parameters<Db['tx']>[0]>[0], id: number) {
    const u = await repo.getUser(q, id);
    if (!u) throw new DomainError('not_found', `User ${id} does not exist`);
    return u;
  }
}
