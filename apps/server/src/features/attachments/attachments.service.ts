import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { DomainError } from '@cityloop/domain';
import type { Db, Queryable } from '../../db/db.js';
import * as repo from './attachments.repository.js';
import type { BlobStore } from './blobStore.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const OTHER_TYPES: Record<string, string> = { 'application/pdf': 'pdf' };
const THUMB_PX = 320;
/**
 * An upload not yet used by a case (a report or a step) is an orphan: the phone uploads photos
 * first and sends the report after. Orphans older than this are deleted, and a user may hold at
 * most MAX_ORPHANS_PER_USER of them (an offline phone's queue of reports, with room to spare).
 */
export const ORPHAN_HOURS = 24;
export const MAX_ORPHANS_PER_USER = 200;
/** Expired orphans are looked for at most this often, on uploads (cheap, and no timer to stop). */
const SWEEP_EVERY_MS = 60_000;

export interface Attachment {
  id: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  url: string;
  thumbUrl: string | null;
}

const present = (r: repo.AttachmentRow): Attachment => ({
  id: r.id,
  mime: r.mime,
  size: r.size,
  width: r.width,
  height: r.height,
  url: `/api/attachments/${r.id}`,
  thumbUrl: r.thumb_path ? `/api/attachments/${r.id}/thumb` : null,
});

/** Photos and documents: checked for size and real type, stored as blobs, thumbnailed. */
export class AttachmentService {
  private lastSweep = 0;
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
  ) {}

  async upload(data: Buffer, declaredMime: string, userId: number | null): Promise<Attachment> {
    if (data.length === 0) throw new DomainError('validation.failed', 'The file is empty');
    await this.sweepExpired();
    if (userId !== null && (await this.orphansOf(userId)) >= MAX_ORPHANS_PER_USER) {
      throw new DomainError(
        'attachment.too_many',
        `At most ${MAX_ORPHANS_PER_USER} uploads may wait to be used in a report or step`,
      );
    }
    if (data.length > MAX_ATTACHMENT_BYTES)
      throw new DomainError('payload.too_large', `Files may be at most ${MAX_ATTACHMENT_BYTES / 1048576} MB`);
    const id = randomUUID();
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    let mime = declaredMime;
    let width: number | null = null;
    let height: number | null = null;
    let thumbKey: string | null = null;
    if (IMAGE_TYPES[declaredMime] || declaredMime.startsWith('image/')) {
      // Trust the bytes, not the declared type: sharp reads the real format.
      let meta: sharp.Metadata;
      try {
        meta = await sharp(data).metadata();
      } catch {
        throw new DomainError('unsupported_media', 'The file is not a readable image');
      }
      mime = `image/${meta.format === 'jpeg' ? 'jpeg' : meta.format}`;
      if (!IMAGE_TYPES[mime])
        throw new DomainError('unsupported_media', `Images must be JPEG, PNG or WebP, not ${meta.format}`);
      width = meta.width ?? null;
      height = meta.height ?? null;
      thumbKey = `${day}/${id}.thumb.jpg`;
      // The header alone can be read from a cut-off upload; making the thumbnail decodes it all.
      const thumb = await sharp(data)
        .rotate()
        .resize(THUMB_PX, THUMB_PX, { fit: 'inside' })
        .jpeg({ quality: 75 })
        .toBuffer()
        .catch(() => {
          throw new DomainError('unsupported_media', 'The image is damaged or incomplete');
        });
      await this.blobs.put(thumbKey, thumb);
    } else if (OTHER_TYPES[declaredMime]) {
      if (declaredMime === 'application/pdf' && data.subarray(0, 5).toString() !== '%PDF-') {
        throw new DomainError('unsupported_media', 'The file is not a PDF');
      }
    } else {
      throw new DomainError(
        'unsupported_media',
        `Unsupported file type ${declaredMime}: JPEG, PNG, WebP or PDF`,
      );
    }
    const key = `${day}/${id}.${IMAGE_TYPES[mime] ?? OTHER_TYPES[mime] ?? 'bin'}`;
    await this.blobs.put(key, data);
    const row = await repo.insertAttachment(this.db, {
      id,
      mime,
      size: data.length,
      width,
      height,
      path: key,
      thumb_path: thumbKey,
      uploadedBy: userId,
    });
    return present(row);
  }

  /**
   * A photo another feature has already checked and re-encoded as JPEG, with its thumbnail (the
   * public portal decodes a resident's photo once for both): stored as it is.
   */
  async storePrepared(
    p: { jpeg: Buffer; thumb: Buffer; width: number; height: number },
    userId: number | null,
  ): Promise<Attachment> {
    await this.sweepExpired();
    if (p.jpeg.length > MAX_ATTACHMENT_BYTES)
      throw new DomainError('payload.too_large', `Files may be at most ${MAX_ATTACHMENT_BYTES / 1048576} MB`);
    const id = randomUUID();
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const thumbKey = `${day}/${id}.thumb.jpg`;
    const key = `${day}/${id}.jpg`;
    await this.blobs.put(thumbKey, p.thumb);
    await this.blobs.put(key, p.jpeg);
    const row = await repo.insertAttachment(this.db, {
      id,
      mime: 'image/jpeg',
      size: p.jpeg.length,
      width: p.width,
      height: p.height,
      path: key,
      thumb_path: thumbKey,
      uploadedBy: userId,
    });
    return present(row);
  }

  /**
   * An attachment for a reader: its uploader, or whoever may read a case it belongs to
   * (`mayReadItsCase`, the case feature's rule). Anyone else gets the answer a missing id gets.
   */
  async read(
    id: string,
    thumb: boolean,
    reader: { id: number },
    mayReadItsCase: (attachmentId: string) => Promise<boolean>,
  ): Promise<{ mime: string; data: Buffer }> {
    const row = await repo.getAttachment(this.db, id);
    if (!row || (row.uploaded_by !== reader.id && !(await mayReadItsCase(id))))
      throw new DomainError('not_found', `Attachment ${id} does not exist`);
    const key = thumb ? row.thumb_path : row.path;
    if (!key) throw new DomainError('not_found', `Attachment ${id} has no thumbnail`);
    return { mime: thumb ? 'image/jpeg' : row.mime, data: await this.blobs.get(key) };
  }

  /** Ids that do not exist, so a case action can refuse them before writing anything. */
  async missing(q: Queryable, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await repo.existingIds(q, ids);
    return ids.filter((i) => !found.has(i));
  }

  /** The user's uploads that no case uses yet and that have not expired. */
  private orphansOf(userId: number): Promise<number> {
    return repo.countOrphansOf(this.db, userId, ORPHAN_HOURS);
  }

  /**
   * Deletes orphans past ORPHAN_HOURS, rows and files. (case_photos is the one link from a case to
   * its files; an attachment it does not name belongs to nothing.)
   */
  async sweepExpired(now = Date.now()): Promise<number> {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return 0;
    this.lastSweep = now;
    const gone = await repo.deleteOrphansOlderThan(this.db, ORPHAN_HOURS);
    for (const row of gone) {
      await this.blobs.delete(row.path);
      if (row.thumb_path) await this.blobs.delete(row.thumb_path);
    }
    return gone.length;
  }

  async list(q: Queryable, ids: readonly string[]): Promise<Attachment[]> {
    return (await repo.getAttachments(q, ids)).map(present);
  }
}
