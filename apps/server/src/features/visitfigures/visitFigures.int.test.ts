import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { makeCase, userNamed } from '../../testing/factories.js';
import { userActor } from '../../actor.js';

let t: TestApp;
const cookie: Record<string, string> = {};
const HOUR = 3_600_000;
const ZHIFU = '370602';
let from = '';
let to = '';
const ids: Record<string, number> = {};

const visit = (id: number, body: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/cases/${id}/actions`,
    headers: { cookie: cookie.hotline! },
    payload: { action: 'return_visit', ...body },
  });

async function get(url: string, who = 'leader') {
  const res = await t.app.inject({ url, headers: { cookie: cookie[who]! } });
  return res;
}

type Row = { key: string; counts: Record<string, number>; rates: Record<string, number | null> };

async function figures(groupBy: string): Promise<{ rows: Row[]; total: Row }> {
  const res = await get(`/api/visits/figures?from=${from}&to=${to}&groupBy=${groupBy}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function drill(groupBy: string, figure: string, key?: string) {
  const res = await get(
    `/api/visits/figures/cases?from=${from}&to=${to}&groupBy=${groupBy}&figure=${figure}${key ? `&key=${key}` : ''}&limit=200`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ id: number; counted: number }>;
}

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['hotline', 'leader', 'operator']) cookie[u] = await t.login(u);
  const now = t.app.services.cases.now().getTime();
  from = new Date(now - 10 * 24 * HOUR).toISOString();
  to = new Date(now + 24 * HOUR).toISOString();
  const closed = (at?: Date) =>
    makeCase(t, { state: 'closed', reporterPhone: '13812345678', wantsReply: true, ...(at ? { at } : {}) });
  // A: reached, satisfied. B: three calls unanswered (ended, not reached). C: closed 3 days ago,
  // never visited (due and missed). D: reached, dissatisfied (the case goes back for rework).
  ids.a = (await closed()).id;
  expect((await visit(ids.a, { reached: true, satisfaction: 'satisfied' })).statusCode).toBe(200);
  ids.b = (await closed()).id;
  for (let i = 0; i < 3; i++) expect((await visit(ids.b, { reached: false })).statusCode).toBe(200);
  ids.c = (await closed(new Date(now - 72 * HOUR))).id;
  ids.d = (await closed()).id;
  const d = await visit(ids.d, { reached: true, satisfaction: 'dissatisfied', comment: '没扫干净' });
  expect(d.statusCode, d.body).toBe(200);
  // Complaints: a hotline call, and a second call about the same problem linked to it (a repeat).
  const hotline = userActor(await userNamed(t, 'hotline'));
  const report = (duplicateOf?: number) =>
    t.app.services.cases.report(
      {
        kind: 'event',
        category: '0102',
        lon: 121.4,
        lat: 37.54,
        description: '来电反映垃圾堆放',
        source: 'hotline',
        reporterPhone: '13900001111',
        ...(duplicateOf ? { duplicateOf } : {}),
      },
      hotline,
    );
  ids.first = (await report()).case.id;
  ids.repeat = (await report(ids.first)).case.id;
});
afterAll(() => t.close());

describe('return-visit figures (回访统计)', () => {
  it('counts due, done, on time, reached and the answers per district, with 回访率 and 满意率', async () => {
    const { rows, total } = await figures('district');
    const zhifu = rows.find((r) => r.key === ZHIFU)!;
    expect(zhifu.counts).toEqual({
      due: 4,
      done: 3,
      onTime: 3,
      reached: 2,
      satisfied: 1,
      basicallySatisfied: 0,
      dissatisfied: 1,
      complaints: 2,
      repeats: 1,
    });
    expect(zhifu.rates.returnVisit).toBeCloseTo(2 / 4);
    expect(zhifu.rates.onTime).toBeCloseTo(3 / 4);
    expect(zhifu.rates.satisfaction).toBeCloseTo(1 / 2);
    expect(zhifu.rates.repeat).toBeCloseTo(1 / 2);
    expect(total.counts.due).toBe(rows.reduce((s, r) => s + r.counts.due!, 0));
  });

  it('agrees with the evaluation’s visit counts per district and per unit (one definition)', async () => {
    for (const [group, subject] of [
      ['district', 'districts'],
      ['unit', 'units'],
    ] as const) {
      const { rows } = await figures(group);
      const res = await get(`/api/evaluation/${subject}?from=${from}&to=${to}`);
      expect(res.statusCode, res.body).toBe(200);
      const evaluation = res.json().rows as Array<{
        id: string;
        counts: Record<string, number>;
        rates: Record<string, number | null>;
      }>;
      for (const r of rows.filter((x) => x.key !== 'none')) {
        const e = evaluation.find((x) => x.id === r.key)!;
        expect(e, `${subject} ${r.key}`).toBeDefined();
        expect(e.counts).toMatchObject({
          visitsDue: r.counts.due,
          visited: r.counts.reached,
          satisfied: r.counts.satisfied,
          basicallySatisfied: r.counts.basicallySatisfied,
        });
        expect(e.rates.returnVisit).toEqual(r.rates.returnVisit);
        expect(e.rates.satisfaction).toEqual(r.rates.satisfaction);
      }
    }
  });

  it('drills down to exactly the cases each figure counts', async () => {
    const due = await drill('district', 'due', ZHIFU);
    expect(due.map((c) => c.id).sort()).toEqual([ids.a, ids.b, ids.c, ids.d].sort());
    expect(due.reduce((s, c) => s + c.counted, 0)).toBe(4);
    expect((await drill('district', 'reached', ZHIFU)).map((c) => c.id).sort()).toEqual(
      [ids.a, ids.d].sort(),
    );
    expect((await drill('district', 'dissatisfied')).map((c) => c.id)).toEqual([ids.d]);
    expect((await drill('district', 'repeats', ZHIFU)).map((c) => c.id)).toEqual([ids.repeat]);
    const byCategory = await figures('category');
    const rubbish = byCategory.rows.find((r) => r.key === 'event:0102')!;
    expect(rubbish.counts.due).toBe(4);
    expect((await drill('category', 'due', 'event:0102')).length).toBe(4);
  });

  it('exports the same rows to Excel', async () => {
    const res = await get(`/api/visits/figures/export.xlsx?from=${from}&to=${to}&groupBy=district`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/visit-figures-district-.*\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('回访统计')!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header).toContain('回访率');
    let found = false;
    sheet.eachRow((row) => {
      const v = row.values as unknown[];
      if (v[2] === ZHIFU) {
        found = true;
        expect(v[3]).toBe(4); // due
      }
    });
    expect(found).toBe(true);
  });

  it('refuses bad input with a 4xx and other roles with a 403', async () => {
    expect((await get(`/api/visits/figures?groupBy=seat`)).statusCode).toBe(400);
    expect((await get(`/api/visits/figures/cases?figure=everything`)).statusCode).toBe(400);
    expect((await get(`/api/visits/figures/cases`)).statusCode).toBe(400);
    expect((await get(`/api/visits/figures?from=2026-02-30`)).statusCode).toBe(400);
    cookie.citizen = await t.login('citizen');
    expect((await get(`/api/visits/figures`, 'citizen')).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/visits/figures' })).statusCode).toBe(401);
  });
});
