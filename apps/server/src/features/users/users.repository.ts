import type { Queryable } from '../../db/db.js';
import { pageOf, param, type PageArgs } from '../../db/paging.js';
import type { UserInput, User } from '@cityloop/domain/api';

const SELECT = `u.id, u.username, u.display_name as "displayName", u.display_name_en as "displayNameEn", u.roles,
  json_build_object('level', u.jurisdiction_level, 'code', u.jurisdiction_code, 'departmentId', u.department_id) as jurisdiction,
  u.department_id as "departmentId", u.phone, u.active,
  (u.locked_until is not null and u.locked_until > now()) as locked,
  coalesce((select array_agg(s.supervision_grid_code order by s.supervision_grid_code) from user_supervision_grids s
            where s.user_id = u.id), '{}') as "supervisionGridCodes"`;

export async function listUsers(
  q: Queryable,
  a: PageArgs & { q?: string | undefined; role?: string | undefined },
) {
  const p: unknown[] = [];
  const where: string[] = [];
  if (a.q) {
    const t = param(p, `%${a.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    where.push(`(u.username ilike ${t} or u.display_name ilike ${t} or u.display_name_en ilike ${t})`);
  }
  if (a.role) where.push(`${param(p, a.role)} = any(u.roles)`);
  return pageOf<User>(q, { select: SELECT, from: 'users u', where, orderBy: 'u.id' }, p, a);
}

export async function getUser(q: Queryable, id: number): Promise<User | null> {
  const r = await q.query<User>(`select ${SELECT} from users u where u.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function insertUser(q: Queryable, u: UserInput, passwordHash: string): Promise<number> {
  const r = await q.query<{ id: number }>(
    `insert into users(username, display_name, password_hash, roles, jurisdiction_level, jurisdiction_code, department_id, phone, active,
       display_name_en)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      u.username,
      u.displayName,
      passwordHash,
      u.roles,
      u.jurisdiction.level,
      u.jurisdiction.code,
      u.jurisdiction.departmentId,
      u.phone ?? null,
      u.active ?? true,
      u.displayNameEn ?? null,
    ],
  );
  return r.rows[0]!.id;
}

export async function updateUser(q: Queryable, id: number, u: UserInput, passwordHash: string | null) {
  await q.query(
    `update users set username = $2, display_name = $3, roles = $4, jurisdiction_level = $5, jurisdiction_code = $6,
       department_id = $7, phone = $8, active = $9, password_hash = coalesce($10, password_hash),
       -- An edit that does not send the English name keeps it.
       display_name_en = case when $11 then $12 else display_name_en end, updated_at = now()
     where id = $1`,
    [
      id,
      u.username,
      u.displayName,
      u.roles,
      u.jurisdiction.level,
      u.jurisdiction.code,
      u.jurisdiction.departmentId,
      u.phone ?? null,
      u.active ?? true,
      passwordHash,
      u.displayNameEn !== undefined,
      u.displayNameEn ?? null,
    ],
  );
}

export async function setSupervisionGrids(q: Queryable, userId: number, codes: string[]) {
  await q.query(`delete from user_supervision_grids where user_id = $1`, [userId]);
  if (codes.length) {
    await q.query(
      `insert into user_supervision_grids(user_id, supervision_grid_code) select $1, unnest($2::text[])`,
      [userId, codes],
    );
  }
}

export async function unlockUser(q: Queryable, id: number) {
  await q.query(`update users set failed_logins = 0, locked_until = null where id = $1`, [id]);
}

export async function countAdmins(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from users where 'admin' = any(roles) and active`,
  );
  return r.rows[0]?.n ?? 0;
}

/** Display names of users by id (the audit log names who did what). */
export async function namesOf(q: Queryable, ids: readonly number[]) {
  return (
    await q.query<{ id: number; name: string; nameEn: string | null }>(
      `select id, display_name as name, display_name_en as "nameEn" from users where id = any($1::int[])`,
      [ids],
    )
  ).rows;
}

/** Ids of users whose display name (either language) contains the text. */
export async function idsNamed(q: Queryable, text: string): Promise<number[]> {
  const t = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return (
    await q.query<{ id: number }>(
      `select id from users where display_name ilike $1 or display_name_en ilike $1 limit 200`,
      [t],
    )
  ).rows.map((r) => r.id);
}
