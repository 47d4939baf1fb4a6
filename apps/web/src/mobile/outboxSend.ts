import { ApiError } from '@/api/apiError';
import type { ActionPayload, ReportInput, ReportResult } from '@/features/cases/cases.api';

/**
 * The phone's outbox: every report is first written to IndexedDB (photos as blobs) under a key
 * made on the phone, then sent. The server treats the key as idempotent, so a report sent twice
 * (a lost answer, a retry after the network returns) is still one case. A record leaves the
 * outbox only once the server has confirmed it — a report is never lost. This file is the sending
 * itself, apart from IndexedDB (outbox.ts), so it can be tested with any store.
 */
export interface OutboxPhoto {
  blob: Blob;
  name: string;
  /** Attachment id once uploaded, so a retry does not upload it again. */
  id?: string;
}

export interface OutboxReport {
  key: string;
  createdAt: string;
  input: Omit<ReportInput, 'photos' | 'idempotencyKey'>;
  photos: OutboxPhoto[];
  /** Fixed on the spot (自行处置): after the report, the self_handle step with the same photos. */
  selfHandle: boolean;
  caseId?: number;
  code?: string;
  /** A report confirmed as a duplicate: the open case it was linked to. */
  linkedTo?: { id: number; code: string } | null;
  attempts: number;
  /** The server's refusal, shown to the inspector (the record stays until they discard it). */
  lastError?: string;
}

/** Where records live between attempts (IndexedDB in the app). */
export interface OutboxStore {
  put(r: OutboxReport): Promise<unknown>;
  remove(key: string): Promise<unknown>;
}

/** The server calls a record needs (casesApi's and the attachment upload in the app). */
export interface OutboxApi {
  upload(blob: Blob, name: string): Promise<{ id: string }>;
  report(input: ReportInput): Promise<Pick<ReportResult, 'id' | 'code' | 'linkedTo'>>;
  act(caseId: number, payload: ActionPayload): Promise<unknown>;
}

/** A report the server has taken: its case, and the open case it joined when it was a duplicate. */
export interface SentReport {
  code: string;
  caseId: number;
  linkedTo: { id: number; code: string } | null;
}

export const FIRST_BACKOFF = 5_000;
/** The wait before the next attempt after a network failure: doubling up to a minute. */
export const nextBackoff = (ms: number): number => Math.min(60_000, ms * 2);

// Worth trying again later: no network, the server down, or the session expired (log in again).
export const isRetryable = (err: unknown): boolean =>
  err instanceof ApiError && (err.status === 0 || err.status === 401 || err.status >= 500);

/**
 * Sends one record as far as it gets, saving each step's result in the record (an uploaded photo's
 * id, the case), so a retry after a lost answer repeats nothing. Throws on a failure worth trying
 * again (the record stays); records a refusal in the record otherwise (null); removes it once sent.
 */
export async function sendReport(
  r: OutboxReport,
  store: OutboxStore,
  api: OutboxApi,
): Promise<SentReport | null> {
  r.attempts++;
  try {
    for (const p of r.photos) {
      if (p.id) continue;
      p.id = (await api.upload(p.blob, p.name)).id;
      await store.put(r);
    }
    const photos = r.photos.map((p) => p.id!);
    if (!r.caseId) {
      const res = await api.report({ ...r.input, photos, idempotencyKey: r.key });
      r.caseId = res.id;
      r.code = res.code;
      r.linkedTo = res.linkedTo ?? null;
      await store.put(r);
    }
    if (r.selfHandle) {
      try {
        await api.act(r.caseId, { action: 'self_handle', photos });
      } catch (err) {
        // Already closed by an earlier attempt whose answer was lost: done.
        if (!(err instanceof ApiError && err.code === 'case.invalid_transition')) throw err;
      }
    }
    await store.remove(r.key);
    return { code: r.code ?? '', caseId: r.caseId, linkedTo: r.linkedTo ?? null };
  } catch (err) {
    if (isRetryable(err)) {
      await store.put(r);
      throw err;
    }
    r.lastError = err instanceof Error ? err.message : String(err);
    await store.put(r);
    return null;
  }
}
