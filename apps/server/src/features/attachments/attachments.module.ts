import path from 'node:path';
import type { SessionUser } from '../../http/access.js';
import { defineModule } from '../../modules/module.js';
import { AttachmentService } from './attachments.service.js';
import { LocalBlobStore } from './blobStore.js';
import { attachmentRoutes } from './attachments.routes.js';

/** Whether a user may read a photo because they may read a case it belongs to. */
export type PhotoReadAccess = (user: SessionUser, attachmentId: string) => Promise<boolean>;

/**
 * Photos as the case loop uses them: uploaded, checked and listed on a case's page; and where the
 * loop says who may read a photo through its case (this module does not know cases).
 */
export type AttachmentsOffer = Pick<AttachmentService, 'list' | 'missing' | 'upload' | 'storePrepared'> & {
  setReadAccess(access: PhotoReadAccess): void;
  /** A file for a reader another feature has already judged (the public portal's own photos). */
  readAny(id: string, thumb: boolean): Promise<{ mime: string; data: Buffer }>;
};

declare module '../../modules/module.js' {
  interface Offers {
    attachments: AttachmentsOffer;
  }
  interface Services {
    attachments: AttachmentService;
  }
}

/** Uploaded photos (files under DATA_DIR/blobs, rows in the database). */
export const attachmentsModule = defineModule({
  name: 'attachments',
  needs: [],
  create({ db, config }) {
    const attachments = new AttachmentService(db, new LocalBlobStore(path.join(config.dataDir, 'blobs')));
    // Until the case loop says otherwise, a photo is read only by its uploader.
    let throughCase: PhotoReadAccess = () => Promise.resolve(false);
    const offer: AttachmentsOffer = {
      list: (q, ids) => attachments.list(q, ids),
      missing: (q, ids) => attachments.missing(q, ids),
      upload: (data, mime, userId) => attachments.upload(data, mime, userId),
      storePrepared: (p, userId) => attachments.storePrepared(p, userId),
      setReadAccess: (access) => void (throughCase = access),
      readAny: (id, thumb) => attachments.read(id, thumb, { id: -1 }, () => Promise.resolve(true)),
    };
    return {
      offer,
      services: { attachments },
      routes: (app) =>
        attachmentRoutes(app, {
          attachments,
          mayReadThroughCase: (user, id) => throughCase(user, id),
        }),
    };
  },
});
