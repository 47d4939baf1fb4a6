import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

/** What a citizen may claim when reporting, and what their case page shows them. */
let t: TestApp;
const cookie: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['citizen', 'inspector', 'operator', 'shiftleader', 'dispatcher', 'hotline'])
    cookie[u] = await t.login(u);
});
afterAll(() => t.close());

const HERE = { lon: 121.4, lat: 37.54 };
const report = (who: string, body: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: { cookie: cookie[who]! },
    payload: { kind: 'event', category: '0102', ...HERE, ...body },
  });
const get = (who: string, id: number) =>
  t.app.inject({ url: `/api/cases/${id}`, headers: { cookie: cookie[who]! } });
const caseCount = async () =>
  Number((await t.app.platform.db.query<{ n: string }>(`select count(*) as n from cases`)).rows[0]!.n);

describe('report provenance comes from the principal', () => {
  it('refuses a citizen who claims to be an inspector or a critical case, and files nothing', async () => {
    const before = await caseCount();
    const asInspector = await report('citizen', { description: '冒充监督员', source: 'inspector' });
    expect(asInspector.statusCode).toBe(403);
    expect(asInspector.json().error.code).toBe('auth.forbidden');
    const critical = await report('citizen', { description: '自称特急', source: 'web', urgency: 'critical' });
    expect(critical.statusCode).toBe(403);
    expect(await caseCount()).toBe(before);
  });

  it('files a citizen’s report as a web report that an inspector verifies, recorded as the citizen’s', async () => {
    const res = await report('citizen', { description: '路边垃圾堆放' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().state).toBe('verifying');
    const d = (await get('operator', res.json().id)).json();
    expect(d).toMatchObject({ source: 'web', urgency: 'normal' });
    expect(d.events[0]).toMatchObject({ action: 'report', actorRole: 'citizen' });
  });

  it('lets an inspector report as an inspector but not the desk, and the hotline register a call', async () => {
    expect((await report('operator', { description: '冒充监督员', source: 'inspector' })).statusCode).toBe(
      403,
    );
    const call = await report('hotline', { description: '来电', source: 'hotline', urgency: 'urgent' });
    expect(call.statusCode, call.body).toBe(201);
    expect((await get('operator', call.json().id)).json()).toMatchObject({
      source: 'hotline',
      urgency: 'urgent',
    });
  });
});

describe('a citizen’s case page is the public view of their own case', () => {
  it('shows the public timeline without neighbours’ reports, staff names, notes or internal ids', async () => {
    const neighbour = await report('inspector', {
      description: '张三家门口乱堆物',
      address: '幸福路 12 号',
      lon: HERE.lon + 0.0001,
    });
    expect(neighbour.statusCode, neighbour.body).toBe(201);
    const mine = (
      await report('citizen', { description: '小区门口垃圾无人清运', reporterPhone: '13812345678' })
    ).json();
    const id = mine.id as number;
    // Staff work on it: a verification with a note, then intake.
    const inspectorId = (
      await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookie.inspector! } })
    ).json().id as number;
    const verify = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: { cookie: cookie.inspector! },
      payload: { action: 'verify', confirmed: true, comment: '内部备注：已联系物业张经理' },
    });
    expect(verify.statusCode, verify.body).toBe(200);

    const staff = (await get('operator', id)).json();
    expect(staff.related.map((r: { id: number }) => r.id)).toContain(neighbour.json().id);
    expect(staff.events.some((e: { actorName: string | null }) => e.actorName)).toBe(true);

    const res = await get('citizen', id);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page).toMatchObject({ id, code: mine.code, description: '小区门口垃圾无人清运', related: [] });
    for (const hidden of ['snapshot', 'unitId', 'unitName', 'suggestedUnits', 'supervisionGridCode', 'step'])
      expect(page, hidden).not.toHaveProperty(hidden);
    expect(page.events.map((e: { action: string }) => e.action)).toEqual(['report', 'verify']);
    for (const e of page.events) {
      expect(e.actorName).toBeNull();
      expect(e).not.toHaveProperty('actorId');
      expect(e).not.toHaveProperty('payload');
    }
    expect(JSON.stringify(page)).not.toContain('张经理');
    expect(JSON.stringify(page)).not.toContain('张三');
    expect(JSON.stringify(page)).not.toContain(String(inspectorId) + ',');
  });
});
