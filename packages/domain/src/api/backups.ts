import { Type, type Static } from '@sinclair/typebox';

/** How much of each kind a backup holds (read from the database when it was made). */
export const BackupCounts = Type.Object({
  cases: Type.Integer(),
  caseEvents: Type.Integer(),
  attachments: Type.Integer(),
  readings: Type.Integer(),
  users: Type.Integer(),
});

/** GET/POST /api/admin/backups: one finished backup (its manifest). */
export const Backup = Type.Object({
  name: Type.String({ description: 'The folder under DATA_DIR/backups' }),
  format: Type.Literal(1),
  createdAt: Type.String({ format: 'date-time' }),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  databaseFile: Type.String(),
  migration: Type.String({ description: 'The last migration applied when it was made' }),
  files: Type.Integer({ description: 'Uploaded files (photos, attachments) it holds' }),
  counts: BackupCounts,
});
export type Backup = Static<typeof Backup>;
