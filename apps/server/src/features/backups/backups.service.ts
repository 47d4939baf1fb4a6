import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import { createBackup, readManifest, type BackupManifest } from '../../ops/backup.js';
import { audit } from '../audit/audit.service.js';

export interface BackupEntry extends BackupManifest {
  /** The folder's name under DATA_DIR/backups. */
  name: string;
}

/**
 * Backups made by the running node (the only safe way for the embedded database, whose folder no
 * second process may open): under DATA_DIR/backups/<UTC time>, on demand or on a timer, keeping
 * the newest `keep`.
 */
export class BackupService {
  private running: Promise<BackupEntry> | null = null;

  constructor(
    private readonly db: Db,
    private readonly o: { root: string; blobDir: string; keep: number; clock: Clock },
  ) {}

  /** Makes a backup now; a second call while one runs gets the running one. */
  create(actor: Actor): Promise<BackupEntry> {
    this.running ??= this.make(actor).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async make(actor: Actor): Promise<BackupEntry> {
    const name = this.o.clock.now().toISOString().replace(/[:.]/g, '-');
    const manifest = await createBackup(this.db, {
      dir: path.join(this.o.root, name),
      blobDir: this.o.blobDir,
    });
    await audit(this.db, actor, {
      action: 'backup.create',
      entity: 'backup',
      entityId: name,
      after: manifest,
    });
    await this.prune();
    return { name, ...manifest };
  }

  /** Finished backups, newest first (a folder without a manifest is one that failed or runs). */
  async list(): Promise<BackupEntry[]> {
    const names = await readdir(this.o.root).catch(() => [] as string[]);
    const entries = await Promise.all(
      names.map(async (name) => {
        try {
          return { name, ...(await readManifest(path.join(this.o.root, name))) };
        } catch {
          return null;
        }
      }),
    );
    return entries.filter((e): e is BackupEntry => e !== null).sort((a, b) => b.name.localeCompare(a.name));
  }

  private async prune() {
    const old = (await this.list()).slice(this.o.keep);
    for (const e of old) await rm(path.join(this.o.root, e.name), { recursive: true, force: true });
  }
}
