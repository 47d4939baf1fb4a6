import path from 'node:path';
import { defineModule } from '../../modules/module.js';
import { BackupService } from './backups.service.js';
import { backupRoutes } from './backups.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    backups: Record<string, never>;
  }
  interface Services {
    backups: BackupService;
  }
}

/**
 * Backups of the database and the uploaded files, made by the running node: on an administrator's
 * request, and every BACKUP_EVERY_HOURS by the scheduler (off by default), keeping BACKUP_KEEP.
 */
export const backupsModule = defineModule({
  name: 'backups',
  needs: [],
  create({ db, config, clock }) {
    const backups = new BackupService(db, {
      root: path.join(config.dataDir, 'backups'),
      // Where the attachments module's local store keeps the uploaded files.
      blobDir: path.join(config.dataDir, 'blobs'),
      keep: config.backup.keep,
      clock,
    });
    const everyMs = config.backup.everyHours * 3_600_000;
    return {
      offer: {},
      services: { backups },
      routes: (app) => backupRoutes(app, backups),
      jobs:
        everyMs > 0
          ? [
              {
                name: 'backup',
                role: 'scheduler',
                everyMs,
                leaseMs: everyMs,
                run: (actor) => backups.create(actor),
              },
            ]
          : [],
    };
  },
});
