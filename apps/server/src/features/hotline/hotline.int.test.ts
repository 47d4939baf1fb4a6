import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../testing/factories.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['hotline', 'inspector']) cookie[u] = await t.login(u);
  cookie.laishan = (
    await makeUser(t, {
      roles: ['hotline'],
      jurisdiction: { level: 'district', code: '370613', departmentId: null },
    })
  ).cookie;
});
afterAll(() => t.close());

const record = (who: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/hotline/calls', headers: { cookie: cookie[who]! }, payload });
const list = async (who: string, q = '') =>
  (await t.app.inject({ url: `/api/hotline/calls${q}`, headers: { cookie: cookie[who]! } })).json() as {
    items: Array<{
      id: number;
      nature: string;
      phone: string | null;
      answer: string | null;
      seatName: string;
    }>;
    nextCursor: string | null;
  };
const count = async (table: string) =>
  (await t.app.platform.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;

describe('hotline calls without a field case', () => {
  it('answers a consultation on the spot: recorded with its answer, no category, no place, no case', async () => {
    const cases = await count('cases');
    const res = await record('hotline', {
      nature: 'inquiry',
      callerName: '李先生',
      callerPhone: '13912345678',
      content: '占道经营许可去哪里办？',
      answer: '到区政务服务中心城管窗口办理，需带身份证和营业执照',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      nature: 'inquiry',
      phone: '139****5678',
      seatName: expect.any(String),
    });
    expect(await count('cases')).toBe(cases);
  });

  it('records suggestions and thanks without an answer, and refuses a consultation without one', async () => {
    expect((await record('hotline', { nature: 'thanks', content: '感谢环卫工人及时清理' })).statusCode).toBe(
      201,
    );
    expect(
      (await record('hotline', { nature: 'suggestion', content: '建议滨海路多设垃圾桶' })).statusCode,
    ).toBe(201);
    const calls = await count('hotline_calls');
    const bad = await record('hotline', { nature: 'inquiry', content: '问个事' });
    expect(bad.statusCode).toBe(400);
    expect((await record('hotline', { nature: 'request', content: '井盖丢了' })).statusCode).toBe(400);
    expect(await count('hotline_calls')).toBe(calls);
  });

  it('lists calls newest first, by nature, and in pages', async () => {
    const all = await list('hotline');
    expect(all.items.map((c) => c.nature)).toEqual(['suggestion', 'thanks', 'inquiry']);
    expect((await list('hotline', '?nature=inquiry')).items).toHaveLength(1);
    const first = await list('hotline', '?limit=2');
    const rest = await list('hotline', `?limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((c) => c.id)).toEqual(all.items.map((c) => c.id));
  });

  it('is the seats’ alone, and a district seat sees its district’s calls', async () => {
    expect((await record('inspector', { nature: 'thanks', content: '谢谢' })).statusCode).toBe(403);
    expect((await list('laishan')).items).toHaveLength(0);
    expect((await record('laishan', { nature: 'thanks', content: '莱山区的感谢' })).statusCode).toBe(201);
    expect((await list('laishan')).items.map((c) => c.nature)).toEqual(['thanks']);
    expect((await list('hotline')).items).toHaveLength(4);
  });
});
