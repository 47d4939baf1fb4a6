import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_QUEUES } from '@cityloop/domain';
import type { SessionUser } from '../../http/access.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { fixedClock } from '../../clock.js';
import { userActor } from '../../actor.js';

// The demo inspector's supervision grid in 芝罘区 (370602), and a point in 莱山区 (370613).
const CENTRE = { lon: 121.4, lat: 37.54 };
const LAISHAN = { lon: 121.49, lat: 37.492 };
/**
 * The node's clock: a Tuesday at 10:00 in the city. "Yesterday" (Monday 10:00) is a working day,
 * so a report left unaccepted since then is overdue whatever day and hour the test runs at.
 */
const NOW = new Date('2026-12-01T10:00:00+08:00');
const HOUR = 3600_000;

let t: TestApp;
const cookie: Record<string, string> = {};
const user: Record<string, SessionUser> = {};

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookie[who]! } });
const act = (who: string, id: number, body: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/cases/${id}/actions`,
    headers: { cookie: cookie[who]! },
    payload: body,
  });

async function report(at: { lon: number; lat: number }, extra: object = {}, now?: Date): Promise<number> {
  const r = await t.app.services.cases.report(
    { kind: 'event', category: '0102', description: '暴露垃圾', source: 'leader', ...at, ...extra },
    userActor(user.operator!),
    now ? { now } : {},
  );
  return r.case.id;
}

async function counts(who: string, query = ''): Promise<Record<string, number>> {
  const res = await get(who, `/api/cases/queue-counts${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().counts as Record<string, number>;
}

async function listLength(who: string, queue: string, query = ''): Promise<number> {
  let n = 0;
  let cursor: number | null = null;
  do {
    const res = await get(
      who,
      `/api/cases?queue=${queue}&limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    const page = res.json() as { items: unknown[]; nextCursor: number | null };
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

beforeAll(async () => {
  t = await makeTestApp({}, { clock: fixedClock(NOW) });
  for (const u of [
    'operator',
    'shiftleader',
    'dispatcher',
    'zhifu.dispatcher',
    'laishan.dispatcher',
    'inspector',
  ]) {
    cookie[u] = await t.login(u);
    user[u] = (await t.app.services.auth.userForToken(cookie[u].split('=')[1]!))!;
  }
  // 105 fresh reports in 芝罘区 (past the old "100+"), 3 of them urgent, one reported yesterday
  // (its accept step is overdue), a filed one, and 2 reports in 莱山区.
  for (let i = 0; i < 102; i++) await report(CENTRE);
  for (let i = 0; i < 3; i++) await report(CENTRE, { urgency: 'urgent' });
  await report(CENTRE, {}, new Date(NOW.getTime() - 24 * HOUR));
  const filed = await report(CENTRE);
  expect((await act('operator', filed, { action: 'accept' })).statusCode).toBe(200);
  expect((await act('shiftleader', filed, { action: 'file' })).statusCode).toBe(200);
  await report(LAISHAN);
  await report(LAISHAN);
}, 120_000);
afterAll(() => t.close());

describe('GET /api/cases/queue-counts', () => {
  it('counts every desk queue exactly, past 100, in one answer', async () => {
    const c = await counts('operator');
    expect(Object.keys(c).sort()).toEqual([...DESK_QUEUES].sort());
    expect(c.to_accept).toBe(108);
    expect(c.to_dispatch).toBe(1);
    expect(c.overdue).toBe(1);
    expect(c.to_close).toBe(0);
  });

  it('agrees with the queue lists, queue by queue, with and without filters', async () => {
    for (const query of ['', '&districtCode=370602', '&urgency=urgent', '&source=hotline']) {
      const c = await counts('operator', query.replace('&', '?'));
      for (const q of DESK_QUEUES) expect(c[q], `${q} ${query}`).toBe(await listLength('operator', q, query));
    }
  });

  it('applies the filters: district, urgency, source, time', async () => {
    expect((await counts('operator', '?districtCode=370613')).to_accept).toBe(2);
    expect((await counts('operator', '?urgency=urgent')).to_accept).toBe(3);
    expect((await counts('operator', '?source=hotline')).to_accept).toBe(0);
    const since = new Date(NOW.getTime() - HOUR).toISOString();
    expect((await counts('operator', `?from=${encodeURIComponent(since)}`)).overdue).toBe(0);
  });

  it('honours the jurisdiction: a district dispatcher counts only the cases of their district', async () => {
    expect((await counts('zhifu.dispatcher')).to_accept).toBe(106);
    expect((await counts('laishan.dispatcher')).to_accept).toBe(2);
    // Asking for another district's cases does not widen the jurisdiction.
    expect((await counts('laishan.dispatcher', '?districtCode=370602')).to_accept).toBe(0);
  });
});

describe('GET /api/cases/:id/inspectors', () => {
  const street = '370602001';
  let caseGrid = '';
  beforeAll(async () => {
    caseGrid = (await t.app.services.cases.byId(t.app.platform.db, await report(CENTRE)))!
      .supervision_grid_code!;
    const inspector = (input: { username: string; code: string; grids: string[]; active?: boolean }) =>
      t.app.services.users.save(
        null,
        {
          username: input.username,
          displayName: input.username,
          password: 'cityloop-test',
          roles: ['inspector'],
          jurisdiction: { level: 'street', code: input.code, departmentId: null },
          supervisionGridCodes: input.grids,
          active: input.active ?? true,
        },
        null,
      );
    // A second inspector of the same supervision grid, a street colleague without it, one of
    // another street and an inactive one of the same grid.
    await inspector({ username: 'a.partner', code: street, grids: [caseGrid] });
    await inspector({ username: 'b.colleague', code: street, grids: [] });
    await inspector({ username: 'c.elsewhere', code: '370602002', grids: [] });
    await inspector({ username: 'd.retired', code: street, grids: [caseGrid], active: false });
    cookie['b.colleague'] = await t.login('b.colleague', 'cityloop-test');
    const partner = await t.login('a.partner', 'cityloop-test');
    user['a.partner'] = (await t.app.services.auth.userForToken(partner.split('=')[1]!))!;
  });

  it('offers the inspectors of the case’s grid first, then the others who may act on it', async () => {
    const id = await report(CENTRE);
    const res = await get('operator', `/api/cases/${id}/inspectors`);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as Array<{ id: number; username: string; coversGrid: boolean }>;
    expect(list.map((i) => [i.username, i.coversGrid])).toEqual([
      ['a.partner', true],
      ['inspector', true],
      ['b.colleague', false],
    ]);
  });

  it('does not offer the reporter to verify their own report, but to check the fix', async () => {
    // A web report needs verifying; an inspector may report one only when also at the hotline seat
    // (the source comes from the reporter's roles).
    const own = await t.app.services.cases.report(
      { kind: 'event', category: '0102', description: '暴露垃圾', source: 'web', ...CENTRE },
      userActor({ ...user['a.partner']!, roles: ['inspector', 'hotline'] }),
    );
    expect(['reported', 'verifying']).toContain(own.case.state);
    const names = async () =>
      (
        (await get('operator', `/api/cases/${own.case.id}/inspectors`)).json() as Array<{ username: string }>
      ).map((i) => i.username);
    expect(await names()).toEqual(['inspector', 'b.colleague']);
    await t.app.platform.db.query(`update cases set state = 'handled' where id = $1`, [own.case.id]);
    expect(await names()).toEqual(['a.partner', 'inspector', 'b.colleague']);
  });

  it('the chosen inspector gets the verify task; the grid’s own inspector does not see it', async () => {
    const id = await report(CENTRE);
    const list = (await get('operator', `/api/cases/${id}/inspectors`)).json() as Array<{
      id: number;
      username: string;
    }>;
    const chosen = list.find((i) => i.username === 'b.colleague')!;
    const sent = await act('operator', id, { action: 'send_verify', inspectorId: chosen.id });
    expect(sent.statusCode, sent.body).toBe(200);
    const tasks = async (who: string) =>
      ((await get(who, '/api/cases?queue=my_tasks&limit=200')).json().items as Array<{ id: number }>).map(
        (c) => c.id,
      );
    expect(await tasks('b.colleague')).toContain(id);
    expect(await tasks('inspector')).not.toContain(id);
  });

  it('refuses a verify task for someone who is not an active inspector working on the case’s grid', async () => {
    const id = await report(CENTRE);
    const idOf = async (username: string) =>
      (await t.app.services.users.list({ q: username, page: 1, pageSize: 50 })).items.find(
        (u) => u.username === username,
      )!.id;
    for (const who of ['c.elsewhere', 'd.retired', 'dispatcher']) {
      const res = await act('operator', id, { action: 'send_verify', inspectorId: await idOf(who) });
      expect(res.statusCode, `${who}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
    }
    const ok = await act('operator', id, { action: 'send_verify', inspectorId: await idOf('a.partner') });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses a case outside the caller’s jurisdiction and an unknown case', async () => {
    await t.app.services.users.save(
      null,
      {
        username: 'zhifu.operator',
        displayName: '芝罘区受理员',
        password: 'cityloop-zhifu',
        roles: ['operator'],
        jurisdiction: { level: 'district', code: '370602', departmentId: null },
      },
      null,
    );
    cookie['zhifu.operator'] = await t.login('zhifu.operator', 'cityloop-zhifu');
    const outside = await report(LAISHAN);
    const inside = await report(CENTRE);
    expect((await get('zhifu.operator', `/api/cases/${outside}/inspectors`)).statusCode).toBe(403);
    expect((await get('zhifu.operator', `/api/cases/${inside}/inspectors`)).statusCode).toBe(200);
    expect((await get('operator', '/api/cases/99999999/inspectors')).statusCode).toBe(404);
  });
});
