import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectList } from '@cityloop/domain/api';
import { fixedClock } from '../../clock.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
const get = (who: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });

beforeAll(async () => {
  // Late milestones are counted to the city's today: fixed.
  t = await makeTestApp({}, { clock: fixedClock('2026-12-01T10:00:00+08:00') });
  for (const u of ['utility', 'leader', 'citizen']) cookie[u] = await t.login(u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('major projects', () => {
  it('lists the six plants of the bureau’s report with capacity and milestones', async () => {
    const res = await get('leader', '/api/projects');
    expect(res.statusCode).toBe(200);
    const { items } = res.json<ProjectList>();
    expect(items.map((p) => p.name)).toEqual([
      '莱山水厂',
      '套子湾污水处理厂二期',
      '生活垃圾湿解处理二期',
      '污泥干化焚烧',
      '餐厨垃圾处理厂',
      '南部供热中心',
    ]);
    const water = items[0]!;
    expect([water.capacity, water.capacityLater, water.capacityUnit]).toEqual([
      100_000,
      200_000,
      'm3_per_day',
    ]);
    expect(items.find((p) => p.type === 'heating_centre')!.capacity).toBe(10_000_000);
    for (const p of items) expect(p.milestones).toHaveLength(4);
    // Done milestones are never late; an open one past its date is.
    expect(water.milestones.every((m) => m.doneDate !== null && !m.late)).toBe(true);
    // The sewage plant's commissioning (due 2026-10-31) is open on 2026-12-01.
    const sewage = items.find((p) => p.type === 'sewage_plant')!;
    expect(sewage.milestones.filter((m) => m.late).map((m) => m.nameEn)).toEqual(['Commissioning']);
    const heating = items.find((p) => p.type === 'heating_centre')!;
    expect(heating.milestones.some((m) => m.late)).toBe(false);
  });

  it('filters by type and status, and refuses what it does not know', async () => {
    const r = (await get('utility', '/api/projects?type=sewage_plant')).json<ProjectList>();
    expect(r.items.map((p) => p.code)).toEqual(['XM-2022-02']);
    const s = (await get('utility', '/api/projects?status=in_service')).json<ProjectList>();
    expect(s.items.map((p) => p.type)).toEqual(['water_plant']);
    expect((await get('utility', '/api/projects?type=bridge')).statusCode).toBe(400);
    expect((await get('utility', '/api/projects?colour=red')).statusCode).toBe(400);
    expect((await get('citizen', '/api/projects')).statusCode).toBe(403);
  });
});
