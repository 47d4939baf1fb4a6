import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@cityloop/domain';
import type { Db, Queryable } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import * as repo from './auth.repository.js';
import * as throttle from './throttle.repository.js';
import { hashPassword, verifyPassword } from './password.js';

/** Password checks one account may get from one address in LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
/** Failed logins one address may make in LOCK_MINUTES, over all accounts (a whole office behind one NAT). */
export const MAX_FAILED_LOGINS_PER_ADDRESS = 50;
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
    displayNameEn: u.display_name_en,
    roles: u.roles,
    jurisdiction: { level: u.jurisdiction_level, code: u.jurisdiction_code, departmentId: u.department_id },
    departmentId: u.department_id,
    supervisionGridCodes: u.supervision_grid_codes,
  };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class AuthService {
  private cache = new Map<string, { user: SessionUser | null; at: number }>();
  /** A hash of a random password: unknown and inactive users are checked against it, as long. */
  private dummyHash: Promise<string> | null = null;
  constructor(private readonly db: Db) {}

  /**
   * Checks the password of a login from `address` (the client's, per TRUST_PROXY). Each attempt
   * first takes a slot of its (account, address) and its address, atomically: past
   * MAX_FAILED_LOGINS for the pair, or MAX_FAILED_LOGINS_PER_ADDRESS for the address, in
   * LOCK_MINUTES the login is refused (423) without checking the password, so parallel attempts get
   * no more checks than the limit, and a stranger elsewhere cannot lock the real user out. Unknown,
   * inactive and real usernames get the same answers after the same work.
   */
  async login(
    username: string,
    password: string,
    address = 'unknown',
  ): Promise<{ token: string; user: SessionUser }> {
    const accountKey = `acct:${username}|${address}`;
    const addressKey = `addr:${address}`;
    const [forAccount, forAddress] = await Promise.all([
      throttle.takeAttempt(this.db, accountKey, username, LOCK_MINUTES),
      throttle.takeAttempt(this.db, addressKey, null, LOCK_MINUTES),
    ]);
    if (forAccount > MAX_FAILED_LOGINS || forAddress > MAX_FAILED_LOGINS_PER_ADDRESS) {
      throw new DomainError('auth.locked', `Too many attempts: try again in up to ${LOCK_MINUTES} minutes`);
    }
    const u = await repo.findUserByUsername(this.db, username);
    const known = u !== null && u.active;
    const ok = await verifyPassword(known ? u.password_hash : await this.dummy(), password);
    if (!known || !ok) {
      if (known && forAccount >= MAX_FAILED_LOGINS) await repo.markThrottled(this.db, u.id, LOCK_MINUTES);
      throw new DomainError('auth.bad_credentials');
    }
    await Promise.all([
      throttle.clearKeys(this.db, [accountKey]),
      throttle.pruneExpired(this.db, LOCK_MINUTES),
      throttle.giveBack(this.db, addressKey),
      repo.recordLoginSuccess(this.db, u.id),
    ]);
    const token = randomBytes(32).toString('base64url');
    await repo.createSession(this.db, hashToken(token), u.id, SESSION_HOURS);
    return { token, user: toSessionUser(u) };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(18).toString('base64url'));
    return this.dummyHash;
  }

  /** An administrator's unlock: the account's throttles from every address are lifted. */
  async unlock(username: string): Promise<void> {
    await throttle.clearAccount(this.db, username);
  }

  /** Ends a user's sessions at once (password changed or reset, account deactivated). */
  async revokeSessions(q: Queryable, userId: number): Promise<void> {
    await repo.deleteSessionsOf(q, userId);
    this.invalidate();
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
