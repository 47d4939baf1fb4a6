import { ref, shallowRef } from 'vue';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ApiError } from '@/api/http';
import { casesApi, uploadAttachment, type ReportInput } from '@/features/cases/cases.api';

/**
 * The phone's outbox: every report is first written to IndexedDB (photos as blobs) under a key
 * made on the phone, then sent. The server treats the key as idempotent, so a report sent twice
 * (a lost answer, a retry after the network returns) is still one case. A record leaves the
 * outbox only once the server has confirmed it — a report is never lost.
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
  attempts: number;
  /** The server's refusal, shown to the inspector (the record stays until they discard it). */
  lastError?: string;
}

interface OutboxDb extends DBSchema {
  reports: { key: string; value: OutboxReport };
}

let dbp: Promise<IDBPDatabase<OutboxDb>> | null = null;
const db = () =>
  (dbp ??= openDB<OutboxDb>('cityloop-inspector', 1, {
    upgrade(d) {
      d.createObjectStore('reports', { keyPath: 'key' });
    },
  }));

/** Reports waiting to be sent (or refused), oldest first; reactive for the badge and the list. */
export const pending = shallowRef<OutboxReport[]>([]);
export const sending = ref(false);

async function refresh() {
  const all = await (await db()).getAll('reports');
  pending.value = all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

const put = async (r: OutboxReport) => (await db()).put('reports', r);

/** Stores a new report; call flush() to send it. */
export async function enqueue(
  input: OutboxReport['input'],
  photos: Array<{ blob: Blob; name: string }>,
  selfHandle: boolean,
): Promise<OutboxReport> {
  const record: OutboxReport = {
    key: crypto.randomUUID(),
    createdAt: new Date().toISOString(),
    input,
    photos,
    selfHandle,
    attempts: 0,
  };
  await put(record);
  await refresh();
  return record;
}

export async function discard(key: string) {
  await (await db()).delete('reports', key);
  await refresh();
}

// Worth trying again later: no network, the server down, or the session expired (log in again).
const isNetwork = (err: unknown) =>
  err instanceof ApiError && (err.status === 0 || err.status === 401 || err.status >= 500);

/** Sends one record as far as it gets; throws on a network failure, records a refusal otherwise. */
async function send(r: OutboxReport): Promise<{ code: string; caseId: number } | null> {
  r.attempts++;
  try {
    for (const p of r.photos) {
      if (p.id) continue;
      p.id = (await uploadAttachment(p.blob, p.name)).id;
      await put(r);
    }
    const photos = r.photos.map((p) => p.id!);
    if (!r.caseId) {
      const res = await casesApi.report({ ...r.input, photos, idempotencyKey: r.key });
      r.caseId = res.id;
      r.code = res.code;
      await put(r);
    }
    if (r.selfHandle) {
      try {
        await casesApi.act(r.caseId, { action: 'self_handle', photos });
      } catch (err) {
        // Already closed by an earlier attempt whose answer was lost: done.
        if (!(err instanceof ApiError && err.code === 'case.invalid_transition')) throw err;
      }
    }
    await (await db()).delete('reports', r.key);
    return { code: r.code ?? '', caseId: r.caseId };
  } catch (err) {
    if (isNetwork(err)) {
      await put(r);
      throw err;
    }
    r.lastError = err instanceof Error ? err.message : String(err);
    await put(r);
    return null;
  }
}

let retryTimer: ReturnType<typeof setTimeout> | null = null;
let backoff = 5_000;

/**
 * Sends everything in the outbox, oldest first. Stops at the first network failure and tries again
 * later (backoff up to a minute) or when the browser says it is online again.
 */
export async function flush(onSent?: (code: string, caseId: number) => void): Promise<void> {
  if (sending.value) return;
  sending.value = true;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  try {
    await refresh();
    for (const r of pending.value.filter((x) => !x.lastError)) {
      const sent = await send(r);
      if (sent) onSent?.(sent.code, sent.caseId);
    }
    backoff = 5_000;
  } catch {
    retryTimer = setTimeout(() => void flush(onSent), backoff);
    backoff = Math.min(60_000, backoff * 2);
  } finally {
    sending.value = false;
    await refresh();
  }
}

/** Retries a refused record (after the inspector fixed what was wrong, or to try once more). */
export async function retry(key: string, onSent?: (code: string, caseId: number) => void) {
  const r = pending.value.find((x) => x.key === key);
  if (!r) return;
  delete r.lastError;
  await put({ ...r });
  await flush(onSent);
}

/** Starts the outbox: loads it, sends now, and again whenever the network comes back. */
export function startOutbox(onSent: (code: string, caseId: number) => void) {
  window.addEventListener('online', () => void flush(onSent));
  void flush(onSent);
}
