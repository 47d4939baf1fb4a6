import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import { ErrorResponse } from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { BackupService } from './backups.service.js';

const Counts = Type.Object({
  cases: Type.Integer(),
  caseEvents: Type.Integer(),
  attachments: Type.Integer(),
  readings: Type.Integer(),
  users: Type.Integer(),
});
const Backup = Type.Object({
  name: Type.String(),
  format: Type.Literal(1),
  createdAt: Type.String({ format: 'date-time' }),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  databaseFile: Type.String(),
  migration: Type.String(),
  files: Type.Integer(),
  counts: Counts,
});

const tags = ['system'];
const ADMIN = { access: { roles: rolesFor('backups'), scope: 'none' as const } };

export async function backupRoutes(app: FastifyInstance, backups: BackupService) {
  app.get(
    '/api/admin/backups',
    {
      config: ADMIN,
      schema: {
        tags,
        summary: 'Finished backups under DATA_DIR/backups, newest first',
        response: { 200: Type.Array(Backup) },
      },
    },
    () => backups.list(),
  );
  app.post(
    '/api/admin/backups',
    {
      config: ADMIN,
      schema: {
        tags,
        summary:
          'Back up the database and the uploaded files now (restore with `npm run restore -- <folder>`, see README)',
        response: { 201: Backup, 500: ErrorResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await backups.create(actorOf(req))),
  );
}
