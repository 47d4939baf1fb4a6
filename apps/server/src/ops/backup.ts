import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Queryable } from '../db/db.js';
import { run } from '../db/postgres.js';

/** What a backup folder holds, written last: a folder without it is not a finished backup. */
export interface BackupManifest {
  format: 1;
  createdAt: string;
  database: Db['kind'];
  /** The database copy inside the folder: PGlite's data folder (tar.gz) or a pg_dump archive. */
  databaseFile: string;
  /** The newest migration the copy holds. */
  migration: string;
  /** Uploaded files copied beside it. */
  files: number;
  /** What the copy holds, checked again after a restore. */
  counts: RecordCounts;
}

export interface RecordCounts {
  cases: number;
  caseEvents: number;
  attachments: number;
  readings: number;
  users: number;
}

export const MANIFEST = 'manifest.json';
const DB_FILE: Record<Db['kind'], string> = { pglite: 'database.tar.gz', postgres: 'database.dump' };

export async function countRecords(q: Queryable): Promise<RecordCounts> {
  const { rows } = await q.query<RecordCounts>(
    `select (select count(*) from cases)::int as "cases",
            (select count(*) from case_events)::int as "caseEvents",
            (select count(*) from attachments)::int as "attachments",
            (select count(*) from readings)::int as "readings",
            (select count(*) from users)::int as "users"`,
  );
  return rows[0]!;
}

async function newestMigration(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ name: string }>('select max(name) as name from schema_migrations');
  return rows[0]?.name ?? '';
}

/**
 * Backs up the database and the uploaded files into `dir` (created; must not exist). The database
 * is copied first and the files after it: a file is stored before the row that names it, so every
 * file a copied row names is there (files uploaded meanwhile are extra, and harmless).
 */
export async function createBackup(db: Db, o: { dir: string; blobDir: string }): Promise<BackupManifest> {
  await mkdir(path.dirname(o.dir), { recursive: true });
  await mkdir(o.dir);
  try {
    const counts = await countRecords(db);
    const migration = await newestMigration(db);
    const databaseFile = DB_FILE[db.kind];
    await db.dump(path.join(o.dir, databaseFile));
    const files = await copyFiles(o.blobDir, path.join(o.dir, 'files'));
    const manifest: BackupManifest = {
      format: 1,
      createdAt: new Date().toISOString(),
      database: db.kind,
      databaseFile,
      migration,
      files,
      counts,
    };
    await writeFile(path.join(o.dir, MANIFEST), JSON.stringify(manifest, null, 2));
    return manifest;
  } catch (err) {
    await rm(o.dir, { recursive: true, force: true });
    throw err;
  }
}

/** Copies a folder tree; returns how many files it held (0 when it does not exist). */
async function copyFiles(from: string, to: string): Promise<number> {
  if (!(await exists(from))) return 0;
  await cp(from, to, { recursive: true, errorOnExist: false, force: false });
  return countFiles(to);
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n++;
  return n;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

export async function readManifest(dir: string): Promise<BackupManifest> {
  let m: BackupManifest;
  try {
    m = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
  } catch {
    throw new Error(`${dir} is not a finished CityLoop backup (no readable ${MANIFEST})`);
  }
  if (m.format !== 1)
    throw new Error(`${dir}: backup format ${String(m.format)} is not one this version reads`);
  return m;
}

/**
 * Restores a backup into a node's empty storage: PGlite's data folder under `dataDir` (which must
 * not hold a database yet) or the empty PostgreSQL database at `databaseUrl`, and the files into
 * `dataDir/blobs`. Then counts what it restored against the manifest.
 */
export async function restoreBackup(
  dir: string,
  target: { databaseUrl: string | null; dataDir: string },
): Promise<{ manifest: BackupManifest; counts: RecordCounts }> {
  const manifest = await readManifest(dir);
  const dump = path.join(dir, manifest.databaseFile);
  const into = target.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database !== into)
    throw new Error(
      `This backup is of a ${manifest.database} database; restore it into ${manifest.database === 'pglite' ? 'the embedded database (no DATABASE_URL)' : 'a PostgreSQL server (DATABASE_URL)'}`,
    );
  let counts: RecordCounts;
  if (target.databaseUrl) {
    const { openPostgres } = await import('../db/postgres.js');
    const db = await openPostgres(target.databaseUrl, 1);
    try {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from pg_tables where schemaname = 'public'`,
      );
      if (rows[0]!.n > 0)
        throw new Error('The target database is not empty: restore into a new, empty database');
      await run(process.env.PG_RESTORE || 'pg_restore', [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        `--dbname=${target.databaseUrl}`,
        dump,
      ]);
      counts = await countRecords(db);
    } finally {
      await db.close();
    }
  } else {
    const pgData = path.join(target.dataDir, 'pglite');
    if ((await exists(pgData)) && (await readdir(pgData)).length > 0)
      throw new Error(`${pgData} already holds a database: restore into a new DATA_DIR`);
    await mkdir(pgData, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create({ dataDir: pgData, loadDataDir: new Blob([await readFile(dump)]) });
    try {
      const { wrap } = await import('../db/pglite.js');
      counts = await countRecords(wrap(pg));
    } finally {
      await pg.close();
    }
  }
  await copyFiles(path.join(dir, 'files'), path.join(target.dataDir, 'blobs'));
  for (const k of Object.keys(manifest.counts) as (keyof RecordCounts)[])
    if (counts[k] !== manifest.counts[k])
      throw new Error(`Restored ${counts[k]} ${k} where the backup holds ${manifest.counts[k]}`);
  return { manifest, counts };
}
