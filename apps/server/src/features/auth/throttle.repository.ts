import type { Queryable } from '../../db/db.js';

/**
 * Takes one attempt on a throttle key, atomically: the window restarts when older than
 * `windowMinutes`. Returns the attempts in the window including this one.
 */
export async function takeAttempt(
  q: Queryable,
  key: string,
  username: string | null,
  windowMinutes: number,
): Promise<number> {
  const r = await q.query<{ attempts: number }>(
    `insert into login_throttle(key, username, attempts, window_start) values ($1, $2, 1, now())
     on conflict (key) do update set
       attempts = case when login_throttle.window_start < now() - make_interval(mins => $3) then 1
                       else login_throttle.attempts + 1 end,
       window_start = case when login_throttle.window_start < now() - make_interval(mins => $3) then now()
                           else login_throttle.window_start end
     returning attempts`,
    [key, username, windowMinutes],
  );
  return r.rows[0]!.attempts;
}

/** Gives back attempts on keys (a successful login frees its account's slot). */
export async function clearKeys(q: Queryable, keys: string[]): Promise<void> {
  await q.query(`delete from login_throttle where key = any($1::text[])`, [keys]);
}

/** An administrator's unlock: every throttle on the account, from every address. */
export async function clearAccount(q: Queryable, username: string): Promise<void> {
  await q.query(`delete from login_throttle where username = $1`, [username]);
}

/** Gives back one attempt on a key (a successful login does not count against its address). */
export async function giveBack(q: Queryable, key: string): Promise<void> {
  await q.query(`update login_throttle set attempts = greatest(attempts - 1, 0) where key = $1`, [key]);
}

/** Forgets windows that are over (run on successful logins, so the table stays small). */
export async function pruneExpired(q: Queryable, windowMinutes: number): Promise<void> {
  await q.query(`delete from login_throttle where window_start < now() - make_interval(mins => $1)`, [
    windowMinutes,
  ]);
}
