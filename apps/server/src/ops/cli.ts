import path from 'node:path';
import { loadConfig } from '../config.js';
import { openDb } from '../db/db.js';
import { createBackup, restoreBackup } from './backup.js';

const USAGE = `Usage:
  npm run backup [-- --out <folder>]   back up the database (DATABASE_URL or DATA_DIR's embedded one)
                                        and the uploaded files into a new folder
  npm run restore -- <folder>           restore a backup into an empty DATA_DIR / empty DATABASE_URL

A running node backs itself up too: Admin → Backups, POST /api/admin/backups, or BACKUP_EVERY_HOURS.
The embedded database may be copied here only while no node runs on it.`;

async function main(argv: string[]) {
  const config = loadConfig();
  const [command, ...rest] = argv;
  if (command === 'backup') {
    const i = rest.indexOf('--out');
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const dir = path.resolve(
      i >= 0 && rest[i + 1] ? rest[i + 1]! : path.join(config.dataDir, 'backups', stamp),
    );
    if (!config.databaseUrl && (await nodeAnswers(config.port)))
      throw new Error(
        `A CityLoop node answers on port ${config.port}: the embedded database cannot be copied from outside it. ` +
          'Use Admin → Backups (POST /api/admin/backups), or stop the node first.',
      );
    const db = await openDb({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
    try {
      const m = await createBackup(db, { dir, blobDir: path.join(config.dataDir, 'blobs') });
      console.log(`Backup written to ${dir}\n${JSON.stringify(m.counts)} · ${m.files} files`);
    } finally {
      await db.close();
    }
    return;
  }
  if (command === 'restore' && rest[0]) {
    const { counts } = await restoreBackup(path.resolve(rest[0]), {
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
    });
    console.log(`Restored into ${config.databaseUrl ?? config.dataDir}: ${JSON.stringify(counts)}`);
    return;
  }
  console.log(USAGE);
  process.exitCode = command ? 2 : 0;
}

async function nodeAnswers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
