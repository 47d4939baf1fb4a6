import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@cityloop/domain';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import * as repo from './auth.repository.js';
import { verifyPassword } from './password.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const SESSION_HOURS = 12;
// A session lookup per request is cheap but not free; a short cache keeps hot paths fast and a
// logout still takes effect everywhere within CACHE_MS.
const CACHE_MS = 5_000;

export function toSessionUser(u: repo.UserRow): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    roles: u.roles,
    jurisdiction: { level: u.jurisdiction_level, code: u.jurisdiction_code, departmentId: u.department_id },
    departmentId: u.department_id,
    supervisionGridCodes: u.supervision_grid_codes,
  };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class AuthService {
  private cache = new Map<string, { user: SessionUser | null; at: number }>();
  constructor(private readonly db: Db) {}

  /** Checks the password; locks the account for LOCK_MINUTES after MAX_FAILED_LOGINS failures. */
  async login(username: string, password: string): Promise<{ token: string; user: SessionUser }> {
    const u = await repo.findUserByUsername(this.db, username);
    if (!u || !u.active) throw new DomainError('auth.bad_credentials');
    if (u.locked_until && u.locked_until.getTime() > Date.now()) {
      throw new DomainError('auth.locked', `Locked until ${u.locked_until.toISOString()}`);
    }
    if (!(await verifyPassword(u.password_hash, password))) {
      await repo.recordLoginFailure(this.db, u.id, MAX_FAILED_LOGINS, LOCK_MINUTES);
      const left = MAX_FAILED_LOGINS - (u.failed_logins + 1);
      if (left <= 0) throw new DomainError('auth.locked', `Locked for ${LOCK_MINUTES} minutes`);
      throw new DomainError('auth.bad_credentials', `${left} attempts left before the account is locked`);
    }
    await repo.recordLoginSuccess(this.db, u.id);
    const token = randomBytes(32).toString('base64url');
    await repo.createSession(this.db, hashToken(token), u.id, SESSION_HOURS);
    return { token, user: toSessionUser(u) };
  }

  async logout(token: string): Promise<void> {
    this.cache.delete(token);
    await repo.deleteSession(this.db, hashToken(token));
  }

  async userForToken(token: string): Promise<SessionUser | null> {
    const hit = this.cache.get(token);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.user;
    const row = await repo.findSessionUser(this.db, hashToken(token));
    const user = row ? toSessionUser(row) : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { user, at: Date.now() });
    return user;
  }

  /** Forget cached sessions, e.g. after an admin changed a user's roles. */
  invalidate(): void {
    this.cache.clear();
  }
}
