import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { makeUser } from '../../testing/factories.js';

let t: TestApp;
const cookie: Record<string, string> = {};
let campaignId = 0;
let unitId = 0;
let otherUnitId = 0;

const post = (url: string, payload: object, who?: string, remoteAddress = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    remoteAddress,
    ...(who ? { headers: { cookie: cookie[who]! } } : {}),
  });
const get = (url: string, who?: string) =>
  t.app.inject({ url, ...(who ? { headers: { cookie: cookie[who]! } } : {}) });

const suggestion = (over: object = {}) => ({
  campaignId,
  topic: 'greening',
  content: '建议在滨海路增设休息座椅',
  name: '周女士',
  phone: '13912345678',
  districtCode: '370602',
  ...over,
});

async function campaign() {
  const res = await get(`/api/suggestions/campaigns/${campaignId}`, 'leader');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().counts as Record<string, number>;
}

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['hotline', 'leader', 'supervisor', 'citizen']) cookie[u] = await t.login(u);
  const open = await get('/api/public/suggestions/campaigns');
  expect(open.statusCode).toBe(200);
  const c = (open.json().items as Array<{ id: number; title: string }>).find(
    (x) => x.title === '2026年为民服务实事意见征集',
  )!;
  campaignId = c.id;
  const depts = await t.app.platform.db.query<{ id: number }>(
    `select id from departments where active order by id limit 2`,
  );
  unitId = depts.rows[0]!.id;
  otherUnitId = depts.rows[1]!.id;
  for (const [name, id] of [
    ['handler', unitId],
    ['other', otherUnitId],
  ] as const) {
    cookie[name] = (
      await makeUser(t, {
        roles: ['handler'],
        jurisdiction: { level: 'department', code: null, departmentId: id },
      })
    ).cookie;
  }
});
afterAll(() => t.close());

describe('suggestions (民意征集)', () => {
  it('the demo city has its open 2026 campaign with plausible suggestions', async () => {
    const counts = await campaign();
    expect(counts.collected).toBeGreaterThanOrEqual(30);
    expect(counts.adopted).toBeGreaterThan(counts.done!);
    expect(counts.visited).toBeGreaterThanOrEqual(counts.satisfied!);
    expect(counts.satisfied).toBeGreaterThan(0);
  });

  it('a resident suggests without an account and follows it by code; a seat records one from a call', async () => {
    const res = await post('/api/public/suggestions', suggestion());
    expect(res.statusCode, res.body).toBe(200);
    const code = res.json().code as string;
    expect(code).toMatch(/^JY-\d{4}-[0-9A-Z]{8}$/);
    const view = await get(`/api/public/suggestions/${code}`);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ status: 'received', reply: null, topic: 'greening' });
    expect(view.body).not.toContain('13912345678');
    expect(view.body).not.toContain('周女士');
    const byPhone = await post(
      '/api/suggestions',
      suggestion({ topic: 'parking', content: '夜间停车难' }),
      'hotline',
    );
    expect(byPhone.statusCode, byPhone.body).toBe(200);
    const list = await get(`/api/suggestions?campaignId=${campaignId}&limit=5`, 'leader');
    const items = list.json().items as Array<{ code: string; channel: string; phone: string }>;
    expect(items[0]).toMatchObject({ code: byPhone.json().code, channel: 'hotline', phone: '139****5678' });
    expect(items[1]).toMatchObject({ code, channel: 'web' });
  });

  it('refuses bad input, unknown campaigns and codes, and more than 5 in 10 minutes from one address', async () => {
    for (const bad of [
      suggestion({ topic: 'weather' }),
      suggestion({ content: '' }),
      suggestion({ content: '   ' }),
      suggestion({ content: 'x'.repeat(2001) }),
      suggestion({ phone: 'call me' }),
      suggestion({ districtCode: '999999' }),
      suggestion({ campaignId: 'one' }),
    ])
      expect((await post('/api/public/suggestions', bad, undefined, '10.0.0.2')).statusCode).toBe(400);
    expect((await post('/api/public/suggestions', suggestion({ campaignId: 99999 }))).statusCode).toBe(404);
    expect((await get('/api/public/suggestions/JY-2026-ZZZZZZZZ')).statusCode).toBe(404);
    expect((await get('/api/public/suggestions/abc')).statusCode).toBe(400);
    for (let i = 0; i < 5; i++)
      expect((await post('/api/public/suggestions', suggestion(), undefined, '10.0.0.3')).statusCode).toBe(
        200,
      );
    const sixth = await post('/api/public/suggestions', suggestion(), undefined, '10.0.0.3');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('suggestion.rate_limited');
    // Only staff list and decide; a citizen's account is not staff.
    expect((await get('/api/suggestions', 'citizen')).statusCode).toBe(403);
    expect(
      (await post('/api/suggestions/decide', { ids: [1], adopted: true, reply: 'ok' }, 'citizen')).statusCode,
    ).toBe(403);
  });

  it('from submission to adoption, a unit’s task, its completion and the call back', async () => {
    const before = await campaign();
    const a = (
      await post(
        '/api/public/suggestions',
        suggestion({ content: '公园增设直饮水点' }),
        undefined,
        '10.0.0.4',
      )
    ).json().code;
    const b = (
      await post('/api/public/suggestions', suggestion({ content: '公园需要饮水机' }), undefined, '10.0.0.4')
    ).json().code;
    const list = (await get(`/api/suggestions?campaignId=${campaignId}&limit=10`, 'supervisor')).json()
      .items as Array<{ id: number; code: string }>;
    const idA = list.find((x) => x.code === a)!.id;
    const idB = list.find((x) => x.code === b)!.id;

    const grouped = await post(
      '/api/suggestions/group',
      { ids: [idA, idB], title: '公园饮水设施' },
      'supervisor',
    );
    expect(grouped.json()).toEqual({ changed: 2 });
    const reply = '已采纳，列入2026年为民服务实事，由责任单位年内完成。';
    const decided = await post(
      '/api/suggestions/decide',
      { ids: [idA, idB], adopted: true, reply },
      'supervisor',
    );
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await get(`/api/public/suggestions/${a}`)).json()).toMatchObject({ status: 'adopted', reply });

    // Not yet carried out: no call back; a deadline in the past is refused.
    expect(
      (await post(`/api/suggestions/${idA}/visit`, { reached: true, satisfaction: 'satisfied' }, 'hotline'))
        .statusCode,
    ).toBe(409);
    expect(
      (await post(`/api/suggestions/${idA}/assign`, { unitId, dueDate: '2020-01-01' }, 'supervisor'))
        .statusCode,
    ).toBe(400);
    const assigned = await post(
      `/api/suggestions/${idA}/assign`,
      { unitId, dueDate: '2999-06-30' },
      'supervisor',
    );
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ unitId, groupTitle: '公园饮水设施', overdue: false });
    // A decision stands once the work has begun.
    expect(
      (await post('/api/suggestions/decide', { ids: [idA], adopted: false, reply: '不' }, 'supervisor'))
        .statusCode,
    ).toBe(409);

    // The unit sees its own tasks only and reports it done; another unit may not.
    const tasks = (await get('/api/suggestions?task=assigned', 'handler')).json().items as Array<{
      id: number;
      unitId: number;
    }>;
    expect(tasks.map((x) => x.id)).toContain(idA);
    expect(tasks.every((x) => x.unitId === unitId)).toBe(true);
    expect(
      (await get('/api/suggestions?task=assigned', 'other')).json().items.map((x: { id: number }) => x.id),
    ).not.toContain(idA);
    expect((await post(`/api/suggestions/${idA}/done`, { note: '已安装' }, 'other')).statusCode).toBe(403);
    const done = await post(`/api/suggestions/${idA}/done`, { note: '已在3处安装直饮水点' }, 'handler');
    expect(done.statusCode, done.body).toBe(200);
    expect((await get(`/api/public/suggestions/${a}`)).json().taskDoneAt).not.toBeNull();

    expect((await post(`/api/suggestions/${idA}/visit`, { reached: true }, 'hotline')).statusCode).toBe(400);
    const visited = await post(
      `/api/suggestions/${idA}/visit`,
      { reached: true, satisfaction: 'satisfied' },
      'hotline',
    );
    expect(visited.statusCode, visited.body).toBe(200);
    expect(visited.json()).toMatchObject({ visitResult: 'reached', visitSatisfaction: 'satisfied' });
    expect((await post(`/api/suggestions/${idA}/visit`, { reached: false }, 'hotline')).statusCode).toBe(409);

    const after = await campaign();
    expect(after.collected! - before.collected!).toBe(2);
    expect(after.adopted! - before.adopted!).toBe(2);
    expect(after.done! - before.done!).toBe(1);
    expect(after.visited! - before.visited!).toBe(1);
    expect(after.satisfied! - before.satisfied!).toBe(1);
    const events = await t.app.platform.db.query<{ action: string }>(
      `select action from suggestion_events where suggestion_id = $1 order by id`,
      [idA],
    );
    expect(events.rows.map((r) => r.action)).toEqual([
      'submit',
      'group',
      'decide',
      'assign',
      'done',
      'visit',
    ]);
  });
});
