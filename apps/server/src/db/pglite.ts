import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.js';

const INT8 = 20;
const NUMERIC = 1700;

/** A PGlite (or one of its transactions) as a Queryable. */
export const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
  async query<T>(sql: string, params?: unknown[]) {
    const r = await q.query<T>(sql, params);
    // PGlite reports affectedRows 0 for SELECT; count the rows then, as node-postgres does.
    return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
  },
  async exec(sql: string) {
    await q.exec(sql);
  },
});

/**
 * Embedded PostgreSQL (WASM). dataDir null → in memory (tests); `from`: start from this copy of a
 * data folder (a `dump` of another PGlite) instead of an empty cluster.
 */
export async function openPglite(dataDir: string | null, opts: { from?: Blob } = {}): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // int8 ids and counts stay far below 2^53; plain numbers keep both drivers' rows alike.
  const pg = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(opts.from ? { loadDataDir: opts.from } : {}),
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    tx: (fn) => pg.transaction((t) => fn(wrap(t))),
    listen: async (channel, cb) => {
      const unlisten = await pg.listen(channel, cb);
      return () => unlisten();
    },
    async notify(channel, payload) {
      await pg.query('select pg_notify($1, $2)', [channel, payload]);
    },
    dedicated: () => base,
    async dump(file, opts) {
      // Taken under PGlite's own lock: no statement runs while the folder is copied.
      const tar = await pg.dumpDataDir(opts?.compress === false ? 'none' : 'gzip');
      await writeFile(file, Buffer.from(await tar.arrayBuffer()));
    },
    close: () => pg.close(),
  };
}
