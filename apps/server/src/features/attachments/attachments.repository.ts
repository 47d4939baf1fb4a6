import type { Queryable } from '../../db/db.js';

/** An attachments row. */
export interface AttachmentRow {
  id: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  path: string;
  thumb_path: string | null;
  uploaded_by: number | null;
}

export async function insertAttachment(
  q: Queryable,
  a: Omit<AttachmentRow, 'uploaded_by'> & { uploadedBy: number | null },
): Promise<AttachmentRow> {
  const r = await q.query<AttachmentRow>(
    `insert into attachments(id, mime, size, width, height, path, thumb_path, uploaded_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
    [a.id, a.mime, a.size, a.width, a.height, a.path, a.thumb_path, a.uploadedBy],
  );
  return r.rows[0]!;
}

export async function getAttachment(q: Queryable, id: string): Promise<AttachmentRow | null> {
  const r = await q.query<AttachmentRow>(`select * from attachments where id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function getAttachments(q: Queryable, ids: readonly string[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<AttachmentRow>(`select * from attachments where id = any($1::text[])`, [ids]);
  return r.rows;
}

/** Which of the ids exist. */
export async function existingIds(q: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await q.query<{ id: string }>(`select id from attachments where id = any($1::text[])`, [ids]);
  return new Set(r.rows.map((x) => x.id));
}

/**
 * A user's uploads younger than `hours` that no case uses yet. (case_photos is the one link from a
 * case to its files; an attachment it does not name belongs to nothing.)
 */
export async function countOrphansOf(q: Queryable, userId: number, hours: number): Promise<number> {
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from attachments a
     where a.uploaded_by = $1 and a.created_at > now() - make_interval(hours => $2)
       and not exists (select 1 from case_photos p where p.attachment_id = a.id)`,
    [userId, hours],
  );
  return r.rows[0]?.n ?? 0;
}

/** Deletes the orphans older than `hours`; answers where their files are. */
export async function deleteOrphansOlderThan(
  q: Queryable,
  hours: number,
): Promise<Array<Pick<AttachmentRow, 'path' | 'thumb_path'>>> {
  const r = await q.query<Pick<AttachmentRow, 'path' | 'thumb_path'>>(
    `delete from attachments a
     where a.created_at < now() - make_interval(hours => $1)
       and not exists (select 1 from case_photos p where p.attachment_id = a.id)
     returning a.path, a.thumb_path`,
    [hours],
  );
  return r.rows;
}
