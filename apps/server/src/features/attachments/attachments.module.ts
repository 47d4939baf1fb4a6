import path from 'node:path';
import { defineModule } from '../../modules/module.js';
import { AttachmentService } from './attachments.service.js';
import { LocalBlobStore } from './blobStore.js';
import { attachmentRoutes } from './attachments.routes.js';

/** Photos as the case loop uses them: claimed by a report or step, listed on its page. */
export type AttachmentsOffer = Pick<AttachmentService, 'list' | 'missing' | 'upload'>;

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
    return {
      offer: attachments,
      services: { attachments },
      routes: (app) => attachmentRoutes(app, { attachments }),
    };
  },
});
