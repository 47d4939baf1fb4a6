import type { Queryable } from './db.js';

/**
 * Takes (or renews) a named lease for ttlMs; true when this holder has it. A job that must run
 * once in the cluster (rollups, retention, deadlines) runs only on the node holding its lease.
 */
export async function takeLease(q: Queryable, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const r = await q.query(
    `insert into scheduler_leases(name, holder, expires_at)
     values ($1, $2, now() + ($3::float8 * interval '1 millisecond'))
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where scheduler_leases.holder = excluded.holder or scheduler_leases.expires_at < now()
     returning holder`,
    [name, holder, ttlMs],
  );
  return r.rowCount > 0;
}
