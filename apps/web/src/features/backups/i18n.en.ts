import type { BackupsMessages } from './i18n.zh-CN';

const backupsEn: BackupsMessages = {
  backups: {
    title: 'Backup and restore',
    intro:
      'A backup holds the database and the uploaded files (photos, attachments), kept on the server under DATA_DIR/backups. BACKUP_EVERY_HOURS sets scheduled backups, BACKUP_KEEP how many are kept.',
    restoreHint: 'To restore: stop the service, run {command} on the server, then start it again.',
    create: 'Back up now',
    creating: 'Backing up…',
    created: 'Backup {name} is done',
    empty: 'No backups yet',
    name: 'Backup',
    at: 'Time',
    database: 'Database',
    migration: 'Database version',
    files: 'Files',
    contents: 'Contents',
    counts:
      'Cases {cases} · case steps {caseEvents} · attachments {attachments} · readings {readings} · users {users}',
    databases: { pglite: 'Embedded database (PGlite)', postgres: 'PostgreSQL' },
  },
};

export default backupsEn;
