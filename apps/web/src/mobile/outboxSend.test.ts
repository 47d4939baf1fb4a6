import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/apiError';
import type { ActionPayload, ReportInput } from '@/features/cases/cases.api';
import {
  FIRST_BACKOFF,
  isRetryable,
  nextBackoff,
  sendReport,
  type OutboxApi,
  type OutboxReport,
} from './outboxSend';

const input: OutboxReport['input'] = {
  kind: 'event',
  category: '0101',
  lon: 121.39,
  lat: 37.53,
  description: '道路破损',
  source: 'inspector',
};

function makeRecord(over: Partial<OutboxReport> = {}): OutboxReport {
  return {
    key: 'key-0001',
    createdAt: '2026-03-01T08:00:00.000Z',
    input,
    photos: [],
    selfHandle: false,
    attempts: 0,
    ...over,
  };
}

/** A store that keeps copies of what was saved, as IndexedDB does. */
function makeStore() {
  const saved = new Map<string, OutboxReport>();
  return {
    saved,
    put: (r: OutboxReport) => Promise.resolve(void saved.set(r.key, structuredClone(r))),
    remove: (key: string) => Promise.resolve(void saved.delete(key)),
  };
}

/** A server that records calls; `fail` decides, per call, an error to throw instead. */
function makeApi(fail: (call: string, n: number) => Error | null = () => null) {
  const calls: string[] = [];
  const reports: ReportInput[] = [];
  const acts: ActionPayload[] = [];
  let uploads = 0;
  const step = (call: string) => {
    calls.push(call);
    const err = fail(call, calls.filter((c) => c === call).length);
    if (err) throw err;
  };
  const api: OutboxApi = {
    upload: (_blob, name) => {
      step('upload');
      return Promise.resolve({ id: `00000000-0000-4000-8000-00000000000${++uploads}-${name}` });
    },
    report: (i) => {
      step('report');
      reports.push(i);
      return Promise.resolve({ id: 42, code: 'C2026030100042' });
    },
    act: (_id, payload) => {
      step('act');
      acts.push(payload);
      return Promise.resolve({});
    },
  };
  return { api, calls, reports, acts };
}

const photo = (name: string) => ({ blob: new Blob(['jpeg']), name });
const offline = () => new ApiError(0, 'network', 'offline');

describe('phone outbox: sending one report', () => {
  it('a sent report leaves the outbox, sent with its key as the idempotency key and its photos', async () => {
    const store = makeStore();
    const r = makeRecord({ photos: [photo('a.jpg'), photo('b.jpg')] });
    await store.put(r);
    const { api, reports } = makeApi();
    expect(await sendReport(r, store, api)).toEqual({ code: 'C2026030100042', caseId: 42, linkedTo: null });
    expect(store.saved.has(r.key)).toBe(false);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.idempotencyKey).toBe('key-0001');
    expect(reports[0]?.photos).toHaveLength(2);
  });

  it('without network the report stays, and the retry uploads no photo twice and reports once', async () => {
    const store = makeStore();
    const r = makeRecord({ photos: [photo('a.jpg'), photo('b.jpg')] });
    // The second photo's upload fails: the first one's id is kept in the stored record.
    const first = makeApi((call, n) => (call === 'upload' && n === 2 ? offline() : null));
    await expect(sendReport(r, store, first.api)).rejects.toBeInstanceOf(ApiError);
    expect(store.saved.get(r.key)?.photos[0]?.id).toBeDefined();
    expect(store.saved.get(r.key)?.photos[1]?.id).toBeUndefined();
    expect(store.saved.get(r.key)?.attempts).toBe(1);

    const retry = makeApi();
    const again = store.saved.get(r.key)!;
    expect(await sendReport(again, store, retry.api)).not.toBeNull();
    expect(retry.calls).toEqual(['upload', 'report']);
    expect(store.saved.size).toBe(0);
  });

  it('a lost answer to the report is not a second case: the retry skips straight to what is left', async () => {
    const store = makeStore();
    const r = makeRecord({ selfHandle: true });
    const first = makeApi((call) => (call === 'act' ? new ApiError(503, 'http.503', 'busy') : null));
    await expect(sendReport(r, store, first.api)).rejects.toBeInstanceOf(ApiError);
    expect(store.saved.get(r.key)).toMatchObject({ caseId: 42, code: 'C2026030100042' });

    const retry = makeApi();
    await sendReport(store.saved.get(r.key)!, store, retry.api);
    expect(retry.calls).toEqual(['act']);
    expect(retry.acts[0]).toMatchObject({ action: 'self_handle' });
  });

  it('a self-handled case already closed by an earlier attempt counts as sent', async () => {
    const store = makeStore();
    const r = makeRecord({ selfHandle: true, caseId: 42, code: 'C2026030100042' });
    const { api } = makeApi((call) =>
      call === 'act' ? new ApiError(409, 'case.invalid_transition', 'already closed') : null,
    );
    expect(await sendReport(r, store, api)).toEqual({ code: 'C2026030100042', caseId: 42, linkedTo: null });
    expect(store.saved.size).toBe(0);
  });

  it('a refusal is recorded in the report, which stays for the inspector to fix or discard', async () => {
    const store = makeStore();
    const r = makeRecord();
    const { api } = makeApi((call) =>
      call === 'report' ? new ApiError(400, 'validation.failed', '类别不存在') : null,
    );
    expect(await sendReport(r, store, api)).toBeNull();
    expect(store.saved.get(r.key)).toMatchObject({ lastError: '类别不存在', attempts: 1 });
  });
});

describe('phone outbox: when to try again', () => {
  it('no network, a server error or an expired session are worth a retry; a refusal is not', () => {
    expect(isRetryable(offline())).toBe(true);
    expect(isRetryable(new ApiError(502, 'http.502', 'bad gateway'))).toBe(true);
    expect(isRetryable(new ApiError(401, 'auth.required', 'login'))).toBe(true);
    expect(isRetryable(new ApiError(400, 'validation.failed', 'bad'))).toBe(false);
    expect(isRetryable(new ApiError(409, 'case.invalid_transition', 'no'))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });

  it('the wait doubles after each failure up to a minute', () => {
    const waits = [FIRST_BACKOFF];
    for (let i = 0; i < 6; i++) waits.push(nextBackoff(waits.at(-1)!));
    expect(waits).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });
});
