import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { DomainError } from '@cityloop/domain';
import { ErrorResponse } from '@cityloop/domain/api';
import type { SessionUser } from '../../http/access.js';
import type { AttachmentService } from './attachments.service.js';
import { MAX_ATTACHMENT_BYTES } from './attachments.service.js';

const Attachment = Type.Object({
  id: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  width: Type.Union([Type.Null(), Type.Integer()]),
  height: Type.Union([Type.Null(), Type.Integer()]),
  url: Type.String(),
  thumbUrl: Type.Union([Type.Null(), Type.String()]),
});
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export async function attachmentRoutes(
  app: FastifyInstance,
  ctx: {
    attachments: AttachmentService;
    /** Whether the user may read a case the photo belongs to (the case loop decides). */
    mayReadThroughCase(user: SessionUser, attachmentId: string): Promise<boolean>;
  },
) {
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1 } });

  app.post(
    '/api/attachments',
    {
      config: { access: { roles: 'authenticated', scope: 'none' } },
      schema: {
        tags: ['attachments'],
        summary:
          'Upload one photo (JPEG/PNG/WebP) or PDF as multipart field "file"; returns its id for case actions',
        consumes: ['multipart/form-data'],
        response: { 200: Attachment, 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse },
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw new DomainError('unsupported_media', 'Send the file as multipart/form-data, field "file"');
      const file = await req.file();
      if (!file) throw new DomainError('validation.failed', 'No file in the upload');
      const data = await file.toBuffer().catch((err: { code?: string; message?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE')
          throw new DomainError('payload.too_large', 'Files may be at most 10 MB');
        // A body that stops before the closing boundary: the stream closes early, or busboy says
        // so in the message that @fastify/multipart itself tells apart.
        if (err.code === 'ERR_STREAM_PREMATURE_CLOSE' || err.message === 'Unexpected end of multipart data')
          throw new DomainError('validation.failed', 'The upload was cut off before its end');
        throw err;
      });
      return ctx.attachments.upload(data, file.mimetype, req.user!.id);
    },
  );

  for (const thumb of [false, true]) {
    app.get<{ Params: { id: string } }>(
      thumb ? '/api/attachments/:id/thumb' : '/api/attachments/:id',
      {
        config: { access: { roles: 'authenticated', scope: 'none' } },
        schema: {
          tags: ['attachments'],
          summary: thumb
            ? 'Thumbnail (JPEG, 320 px); for its uploader and those who may read a case it belongs to'
            : 'The stored file; for its uploader and those who may read a case it belongs to',
          params: IdParams,
          response: { 404: ErrorResponse },
        },
      },
      async (req, reply) => {
        const { mime, data } = await ctx.attachments.read(req.params.id, thumb, req.user!, (id) =>
          ctx.mayReadThroughCase(req.user!, id),
        );
        return reply.header('cache-control', 'private, max-age=86400').type(mime).send(data);
      },
    );
  }
}
