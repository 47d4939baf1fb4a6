import type { Queryable } from '../../db/db.js';
import type { Role, JurisdictionLevel } from '@cityloop/domain';

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  display_name_en: string | null;
  password_hash: string;
  roles: Role[];
  jurisdiction_level: JurisdictionLevel;
  jurisdiction_code: string | null;
  department_id: number | null;
  active: boolean;
  failed_logins: number;
  locked_until: Date | null;
  supervision_grid_codes: string[];
}

const USER_SELECT = `
  select u.id, u.username, u.display_name, u.display_name_en, u.password_hash, u.roles, u.jurisdiction_level,
         u.jurisdiction_code, u.department_id, u.active, u.failed_logins, u.locked_until,
         coalesce((select array_agg(s.supervision_grid_code order by s.supervision_grid_code)
                   from user_supervision_grids s where s.user_id = u.id), '{}') as supervision_grid_codes
  from users u`;

export async function findUserByUsername(q: Queryable, username: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(`${USER_SELECT} where u.username = $1`, [username]);
  return r.rows[0] ?? null;
}

/**
 * Marks an account as throttled somewhere, for administrators' user list (`locked`): logins are
 * refused by login_throttle per address, never by this flag.
 */
export async function markThrottled(q: Queryable, id: number, minutes: number) {
  await q.query(
    `update users set failed_logins = failed_logins + 1, locked_until = now() + make_interval(mins => $2) where id = $1`,
    [id, minutes],
  );
}

export async function recordLoginSuccess(q: Queryable, id: number) {
  await q.query(`update users set failed_logins = 0, locked_until = null where id = $1`, [id]);
}

export async function createSession(q: Queryable, tokenHash: string, userId: number, ttlHours: number) {
  await q.query(
    `insert into sessions(token_hash, user_id, expires_at) values ($1, $2, now() + make_interval(hours => $3))`,
    [tokenHash, userId, ttlHours],
  );
}

export async function deleteSession(q: Queryable, tokenHash: string) {
  await q.query(`delete from sessions where token_hash = $1`, [tokenHash]);
}

export async function findSessionUser(q: Queryable, tokenHash: string): Promise<UserRow | null> {
  const r = await q.query<UserRow>(
    `${USER_SELECT} join sessions se on se.user_id = u.id
     where se.token_hash = $1 and se.expires_at > now() and u.active`,
    [tokenHash],
  );
  return r.rows[0] ?? null;
}

/** Ends every session of a user (password changed or reset, account deactivated). */
export async function deleteSessionsOf(q: Queryable, userId: number): Promise<void> {
  await q.query(`delete from sessions where user_id = $1`, [userId]);
}
