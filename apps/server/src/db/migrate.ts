import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';

const DIR = path.join(import.meta.dirname, 'migrations');

/**
 * Applies migrations/NNNN_name.sql in order, each in its own transaction, once. An advisory lock
 * keeps two server nodes starting together from racing.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  await db.exec(
    `create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
  );
  const applied: string[] = [];
  await db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock(7310001)');
    const done = new Set(
      (await q.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name),
    );
    for (const f of files) {
      if (done.has(f)) continue;
      // Statements without parameters: run the file as it is (multi-statement simple query).
      await q.exec(readFileSync(path.join(DIR, f), 'utf8'));
      await q.query('insert into schema_migrations(name) values ($1)', [f]);
      applied.push(f);
    }
  });
  return applied;
}
