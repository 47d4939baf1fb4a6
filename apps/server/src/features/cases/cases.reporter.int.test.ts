import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.js';
import { makeCase, makePhoto, userNamed } from '../../testing/factories.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

// Tuesday 10:00 in the city: the working calendar's answers below follow from it.
const NOW = '2026-12-01T10:00:00+08:00';
const CENTRE = { lon: 121.4, lat: 37.54 };
const HOUR = 3_600_000;
let t: TestApp;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  t = await makeTestApp({}, { clock: fixedClock(NOW) });
  for (const u of ['inspector', 'operator', 'shiftleader', 'citizen', 'sanitation.zhifu'])
    cookie[u] = await t.login(u);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookie[who]! } });
const post = (who: string, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: cookie[who]! }, payload });
const act = (who: string, id: number, body: object) => post(who, `/api/cases/${id}/actions`, body);

async function inspectorReport(extra: object = {}) {
  const photo = await makePhoto(t);
  const res = await post('inspector', '/api/cases', {
    kind: 'event',
    category: '0102',
    ...CENTRE,
    description: '人行道暴露垃圾',
    photos: [photo.id],
    ...extra,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json() as {
    id: number;
    code: string;
    state: string;
    linkedTo?: { id: number; code: string } | null;
  };
}

describe('what a reporter is told about their report', () => {
  it('a report linked as a duplicate answers with the open case it joined, not only its own number', async () => {
    const original = await inspectorReport();
    const linked = await inspectorReport({ duplicateOf: original.id, idempotencyKey: 'dup-key-0001' });
    expect(linked.state).toBe('cancelled');
    expect(linked.linkedTo).toEqual({ id: original.id, code: original.code });
    // The same key again (a phone retrying after a lost answer) gets the same answer.
    const again = await inspectorReport({ duplicateOf: original.id, idempotencyKey: 'dup-key-0001' });
    expect(again).toMatchObject({ id: linked.id, linkedTo: { code: original.code } });
    // A plain report is linked to nothing.
    expect(original.linkedTo ?? null).toBeNull();
    // The linked report tells why it ended: the original's number.
    const detail = (await get('inspector', `/api/cases/${linked.id}`)).json();
    expect(detail.outcome).toMatchObject({
      kind: 'duplicate',
      note: { code: 'case.duplicate_of', params: { code: original.code } },
    });
  });

  it('an inspector lists their own reports (my_reports), newest first, and no one else’s', async () => {
    const mine = await inspectorReport();
    await makeCase(t); // the operator's
    const res = await get('inspector', '/api/cases?queue=my_reports&limit=200');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: number }>;
    expect(items[0]!.id).toBe(mine.id);
    const inspector = await userNamed(t, 'inspector');
    const rows = await t.app.platform.db.query<{ n: number }>(
      'select count(*)::int as n from cases where reporter_id = $1',
      [inspector.id],
    );
    expect(items).toHaveLength(rows.rows[0]!.n);
  });

  it('a report not accepted tells its reporter why', async () => {
    const c = await inspectorReport();
    expect(
      (await act('operator', c.id, { action: 'reject', comment: '位置在小区内，不属城管范围' })).statusCode,
    ).toBe(200);
    const detail = (await get('inspector', `/api/cases/${c.id}`)).json();
    expect(detail.outcome).toMatchObject({ kind: 'not_accepted', reason: '位置在小区内，不属城管范围' });
  });

  it('a cancelled case tells the citizen who reported it the reason asked for, not only the state', async () => {
    const res = await post('citizen', '/api/cases', {
      kind: 'event',
      category: '0102',
      ...CENTRE,
      description: '路口有垃圾',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect(
      (await act('operator', id, { action: 'request_cancel', reason: '已由环卫当场清理' })).statusCode,
    ).toBe(200);
    expect((await act('shiftleader', id, { action: 'approve_cancel', comment: '同意作废' })).statusCode).toBe(
      200,
    );
    const detail = (await get('citizen', `/api/cases/${id}`)).json();
    expect(detail.state).toBe('cancelled');
    expect(detail.outcome).toMatchObject({
      kind: 'cancelled',
      reason: '已由环卫当场清理',
      comment: '同意作废',
    });
    // Open and closed cases have no such reason.
    const open = (await get('inspector', `/api/cases/${(await inspectorReport()).id}`)).json();
    expect(open.outcome).toBeNull();
  });
});

describe('a unit’s inbox: working-time lateness, what it has handled, filters', () => {
  it('tells how late a step is in working time, not in calendar time', async () => {
    // Reported Friday 16:00: the accept step (0.5 working hours) was due 16:30. By Tuesday 10:00 that
    // is 1 h (Fri) + 7.5 h (Mon) + 1.5 h (Tue) = 10 working hours late, though 3 days in the calendar.
    const c = await makeCase(t, { at: new Date('2026-11-27T16:00:00+08:00') });
    const res = await get('operator', `/api/cases?queue=to_accept&q=${c.code}`);
    const row = res.json().items[0];
    expect(row).toMatchObject({ light: 'red', stepClock: 'working' });
    expect(row.stepLeftMs).toBe(-10 * HOUR);
  });

  it('lists the cases a unit has handled, and filters its inbox to the overdue ones', async () => {
    const done = await makeCase(t, { state: 'handled' });
    const late = await makeCase(t, { state: 'dispatched', at: new Date('2026-11-20T09:00:00+08:00') });
    const fresh = await makeCase(t, { state: 'dispatched' });
    const ids = async (url: string) =>
      ((await get('sanitation.zhifu', url)).json().items as Array<{ id: number }>).map((x) => x.id);
    expect(await ids('/api/cases?queue=handled&limit=200')).toContain(done.id);
    expect(await ids('/api/cases?queue=handled&limit=200')).not.toContain(fresh.id);
    const overdue = await ids('/api/cases?queue=inbox&overdue=true&limit=200');
    expect(overdue).toContain(late.id);
    expect(overdue).not.toContain(fresh.id);
    expect(await ids('/api/cases?queue=inbox&limit=200')).toEqual(
      expect.arrayContaining([late.id, fresh.id]),
    );
  });

  it('keeps the before photos apart from the after photos of a reported fix', async () => {
    const c = await makeCase(t, { state: 'dispatched' });
    const [before, after] = [await makePhoto(t), await makePhoto(t)];
    // Before photos must be among the step's photos, with at least one after photo besides.
    const bad = await act('sanitation.zhifu', c.id, {
      action: 'report_done',
      photos: [before.id],
      beforePhotos: [before.id],
    });
    expect(bad.statusCode).toBe(400);
    const res = await act('sanitation.zhifu', c.id, {
      action: 'report_done',
      photos: [before.id, after.id],
      beforePhotos: [before.id],
      comment: '已清运',
    });
    expect(res.statusCode, res.body).toBe(200);
    const done = (
      res.json().events as Array<{ action: string; payload: { beforePhotos?: string[] }; photos: unknown[] }>
    ).find((e) => e.action === 'report_done')!;
    expect(done.payload.beforePhotos).toEqual([before.id]);
    expect(done.photos).toHaveLength(2);
  });
});
