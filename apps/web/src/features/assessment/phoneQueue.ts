import { ref } from 'vue';
import type { NewFinding } from '@cityloop/domain/api/assessment';
import { ApiError } from '@/api/http';
import { uploadAttachment } from '@/features/cases/cases.api';
import { assessmentApi } from './assessment.api';

/**
 * Findings the phone could not send yet (no network), kept in localStorage with their photo as a
 * data URL and sent again when the phone is back online. Each keeps its client id, so a finding
 * the server stored before the answer was lost counts once.
 */
interface Queued {
  body: NewFinding;
  photo: string | null;
}

const KEY = 'cityloop.assessment.queue';
export const queued = ref<Queued[]>(read());

function read(): Queued[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Queued[];
  } catch {
    return [];
  }
}
function write() {
  localStorage.setItem(KEY, JSON.stringify(queued.value));
}

const offline = (err: unknown) => err instanceof ApiError && err.status === 0;

async function blobToDataUrl(b: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(new Error('read'));
    r.readAsDataURL(b);
  });
}

/** Sends a finding (uploading its photo first); without network it waits in the queue. */
export async function sendFinding(
  body: NewFinding,
  photo: Blob | null,
): Promise<{ deduction: number; duplicate: boolean } | 'queued'> {
  try {
    const photoId = photo ? (await uploadAttachment(photo)).id : undefined;
    const res = await assessmentApi.record({ ...body, ...(photoId ? { photoId } : {}) });
    return { deduction: res.finding.deduction, duplicate: res.duplicate };
  } catch (err) {
    if (!offline(err)) throw err;
    queued.value = [...queued.value, { body, photo: photo ? await blobToDataUrl(photo) : null }];
    write();
    return 'queued';
  }
}

let flushing = false;
/** Sends what waits, oldest first; stops at the first that still cannot go. */
export async function flushQueue(): Promise<number> {
  if (flushing) return 0;
  flushing = true;
  let sent = 0;
  try {
    while (queued.value.length) {
      const item = queued.value[0]!;
      try {
        const blob = item.photo ? await (await fetch(item.photo)).blob() : null;
        const photoId = blob ? (await uploadAttachment(blob)).id : undefined;
        await assessmentApi.record({ ...item.body, ...(photoId ? { photoId } : {}) });
      } catch (err) {
        if (offline(err)) break;
        // A finding the server refuses (a closed month, say) cannot be sent later either.
      }
      queued.value = queued.value.slice(1);
      write();
      sent++;
    }
  } finally {
    flushing = false;
  }
  return sent;
}
