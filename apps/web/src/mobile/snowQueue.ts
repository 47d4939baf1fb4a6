import { ref } from 'vue';
import { ApiError } from '@/api/http';
import { uploadAttachment } from '@/features/cases/cases.api';
import { emergencyApi, type SegmentReply } from '@/features/emergency/emergency.api';

/**
 * A crew's segment reports the phone could not send yet (no network), kept in localStorage with
 * their photo as a data URL and sent when the phone is back online. Each keeps its client id and
 * the time the crew saw it, so a report the server stored before the answer was lost counts once.
 */
export interface SegmentReport {
  segmentId: number;
  stage: 'passable' | 'clean';
  clientId: string;
  at: string;
  deicerT?: number;
}
interface Queued {
  body: SegmentReport;
  photo: string | null;
}

const KEY = 'cityloop.snow.queue';
export const snowQueued = ref<Queued[]>(read());

function read(): Queued[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Queued[];
  } catch {
    return [];
  }
}
function write() {
  localStorage.setItem(KEY, JSON.stringify(snowQueued.value));
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

async function post(body: SegmentReport, photo: Blob | null): Promise<SegmentReply> {
  const photoId = photo ? (await uploadAttachment(photo)).id : undefined;
  const { segmentId, ...rest } = body;
  return emergencyApi.reportSegment(segmentId, { ...rest, ...(photoId ? { photoId } : {}) });
}

/** Sends a report (its photo first); without network it waits in the queue. */
export async function sendSegmentReport(
  body: SegmentReport,
  photo: Blob | null,
): Promise<SegmentReply | 'queued'> {
  try {
    return await post(body, photo);
  } catch (err) {
    if (!offline(err)) throw err;
    snowQueued.value = [...snowQueued.value, { body, photo: photo ? await blobToDataUrl(photo) : null }];
    write();
    return 'queued';
  }
}

let flushing = false;
/** Sends what waits, oldest first; stops at the first that still cannot go. */
export async function flushSnowQueue(): Promise<number> {
  if (flushing) return 0;
  flushing = true;
  let sent = 0;
  try {
    while (snowQueued.value.length) {
      const item = snowQueued.value[0]!;
      try {
        const blob = item.photo ? await (await fetch(item.photo)).blob() : null;
        await post(item.body, blob);
      } catch (err) {
        if (offline(err)) break;
        // A report the server refuses (the response ended, say) cannot be sent later either.
      }
      snowQueued.value = snowQueued.value.slice(1);
      write();
      sent++;
    }
  } finally {
    flushing = false;
  }
  return sent;
}
