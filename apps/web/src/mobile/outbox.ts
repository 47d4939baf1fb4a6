import { ref, shallowRef } from 'vue';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { casesApi, uploadAttachment } from '@/features/cases/cases.api';
import {
  FIRST_BACKOFF,
  nextBackoff,
  sendReport,
  type OutboxReport,
  type OutboxStore,
  type SentReport,
} from './outboxSend';

export type { OutboxPhoto, OutboxReport, SentReport } from './outboxSend';

/**
 * The phone's outbox in IndexedDB: reports wait here until sent (outboxSend.ts sends one), oldest
 * first, again whenever the network returns.
 */
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

const store: OutboxStore = {
  put,
  remove: async (key) => (await db()).delete('reports', key),
};
const send = (r: OutboxReport) => sendReport(r, store, { upload: uploadAttachment, ...casesApi });

let retryTimer: ReturnType<typeof setTimeout> | null = null;
let backoff = FIRST_BACKOFF;

/**
 * Sends everything in the outbox, oldest first. Stops at the first network failure and tries again
 * later (backoff up to a minute) or when the browser says it is online again.
 */
export async function flush(onSent?: (sent: SentReport) => void): Promise<void> {
  if (sending.value) return;
  sending.value = true;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  try {
    await refresh();
    for (const r of pending.value.filter((x) => !x.lastError)) {
      const sent = await send(r);
      if (sent) onSent?.(sent);
    }
    backoff = FIRST_BACKOFF;
  } catch {
    retryTimer = setTimeout(() => void flush(onSent), backoff);
    backoff = nextBackoff(backoff);
  } finally {
    sending.value = false;
    await refresh();
  }
}

/** Retries a refused record (after the inspector fixed what was wrong, or to try once more). */
export async function retry(key: string, onSent?: (sent: SentReport) => void) {
  const r = pending.value.find((x) => x.key === key);
  if (!r) return;
  delete r.lastError;
  await put({ ...r });
  await flush(onSent);
}

/** Starts the outbox: loads it, sends now, and again whenever the network comes back. */
export function startOutbox(onSent: (sent: SentReport) => void) {
  window.addEventListener('online', () => void flush(onSent));
  void flush(onSent);
}
