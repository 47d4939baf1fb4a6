import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import { Backup, ErrorResponse } from '@cityloop/domain/api';
import { actorOf } from '../../http/actor.js';
import type { BackupService } from './backups.service.js';

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
