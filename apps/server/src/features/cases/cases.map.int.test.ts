import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseMapPoints, Hotspots } from '@cityloop/domain/api';

type CaseList = { items: { id: number }[] };
import { fixedClock } from '../../clock.js';
import { makeTestApp, TEST_DB, type TestApp } from '../../testing/testApp.js';
import { makeCase, makeUser } from '../../testing/factories.js';

/** Tuesday 2026-12-01, 10:00 in the city: the month of December has just begun. */
const NOW = '2026-12-01T10:00:00+08:00';
const A = { lon: 121.4, lat: 37.54 };
const B = { lon: 121.404, lat: 37.543 };

/** The desk's work on the city map: case points under the desk's filters, and monthly hotspots. */
describe(`case map and hotspots (${TEST_DB})`, () => {
  let t: TestApp;
  let dispatcher: string;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await makeTestApp({}, { clock: fixedClock(NOW) });
    dispatcher = await t.login('dispatcher');
    // November: three reports in grid A (one of them late on the 30th, city time), one in B.
    ids.a1 = (await makeCase(t, { where: A, at: new Date('2026-11-03T09:00:00+08:00'), state: 'closed' })).id;
    ids.a2 = (
      await makeCase(t, { where: A, at: new Date('2026-11-20T09:00:00+08:00'), state: 'dispatched' })
    ).id;
    ids.a3 = (
      await makeCase(t, { where: A, at: new Date('2026-11-30T23:30:00+08:00'), category: '0101' })
    ).id;
    ids.b1 = (await makeCase(t, { where: B, at: new Date('2026-11-10T09:00:00+08:00'), state: 'filed' })).id;
    // December: one more in B.
    ids.b2 = (await makeCase(t, { where: B, at: new Date('2026-12-01T08:00:00+08:00') })).id;
  });
  afterAll(() => t.close());

  const get = async <T>(url: string, cookie = dispatcher) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };

  it('draws the open cases by default, and a queue’s cases when asked', async () => {
    const open = await get<CaseMapPoints>('/api/cases/map');
    expect(open.items.map((p) => p.id).sort()).toEqual([ids.a2, ids.a3, ids.b1, ids.b2].sort());
    expect(open.total).toBe(4);
    expect(open.truncated).toBe(false);
    const a2 = open.items.find((p) => p.id === ids.a2)!;
    expect(a2).toMatchObject({ state: 'dispatched', category: '0102', urgency: 'normal' });
    expect(a2.lon).toBeCloseTo(A.lon, 5);
    // The desk's queues and filters mean the same here.
    const closed = await get<CaseMapPoints>('/api/cases/map?queue=closed');
    expect(closed.items.map((p) => p.id)).toEqual([ids.a1]);
    const category = await get<CaseMapPoints>('/api/cases/map?kind=event&category=0101');
    expect(category.items.map((p) => p.id)).toEqual([ids.a3]);
    const overdue = await get<CaseMapPoints>('/api/cases/map?queue=overdue');
    const desk = await get<CaseList>('/api/cases?queue=overdue&limit=200');
    expect(overdue.items.map((p) => p.id).sort()).toEqual(desk.items.map((c) => c.id).sort());
    expect(overdue.items.length).toBeGreaterThan(0);
    expect(overdue.items.every((p) => p.overdue)).toBe(true);
  });

  it('shows each reader only their own area, and citizens no map at all', async () => {
    const { rows } = await t.app.platform.db.query<{ district_code: string }>(
      'select district_code from cases where id = $1',
      [ids.a2],
    );
    const here = rows[0]!.district_code;
    const { rows: others } = await t.app.platform.db.query<{ code: string }>(
      'select code from districts where code <> $1 order by code limit 1',
      [here],
    );
    const inside = await makeUser(t, {
      roles: ['supervisor'],
      jurisdiction: { level: 'district', code: here, departmentId: null },
    });
    const outside = await makeUser(t, {
      roles: ['supervisor'],
      jurisdiction: { level: 'district', code: others[0]!.code, departmentId: null },
    });
    expect((await get<CaseMapPoints>('/api/cases/map', inside.cookie)).total).toBe(4);
    expect((await get<CaseMapPoints>('/api/cases/map', outside.cookie)).total).toBe(0);
    expect((await get<Hotspots>('/api/cases/hotspots?month=2026-11', outside.cookie)).items).toEqual([]);
    const citizen = await t.app.inject({
      method: 'GET',
      url: '/api/cases/map',
      headers: { cookie: await t.login('citizen') },
    });
    expect(citizen.statusCode).toBe(403);
  });

  it('ranks the month’s hotspots in the city’s calendar, and a hotspot lists exactly what it counts', async () => {
    const nov = await get<Hotspots>('/api/cases/hotspots?month=2026-11');
    expect(nov.from).toBe('2026-10-31T16:00:00.000Z');
    expect(nov.to).toBe('2026-11-30T16:00:00.000Z');
    expect(nov.items.map((h) => h.count)).toEqual([3, 1]);
    const [top] = nov.items;
    expect(top!.categories).toEqual([
      { kind: 'event', category: '0102', count: 2 },
      { kind: 'event', category: '0101', count: 1 },
    ]);
    const list = await get<CaseList>(
      `/api/cases?gridCode=${top!.gridCode}&from=${nov.from}&to=${nov.to}&limit=200`,
    );
    expect(list.items.map((c) => c.id).sort()).toEqual([ids.a1, ids.a2, ids.a3].sort());

    const dec = await get<Hotspots>('/api/cases/hotspots?month=2026-12');
    expect(dec.items.map((h) => [h.gridCode, h.count])).toEqual([[nov.items[1]!.gridCode, 1]]);
  });

  it('refuses a month that is not one', async () => {
    for (const month of ['2026-13', '2026-1', 'november', '']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/cases/hotspots?month=${month}`,
        headers: { cookie: dispatcher },
      });
      expect(res.statusCode).toBe(400);
    }
  });
});
