import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '@cityloop/domain';
import type {
  MunicipalFacility,
  MunicipalInspection,
  RemitCase,
  RemitCaseList,
  StreetlightList,
} from '@cityloop/domain/api';
import { makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from '../../mqtt/testing.js';

/**
 * Municipal facilities end to end: the demo registers, an inspection's defect → a case under the
 * facility's category, a street-light cabinet over real MQTT switched through the command path and
 * its fault → one case, and a problem outside the bureau's remit with its advance payment.
 */
describe(`municipal facilities and street lights (${TEST_MQTT} broker)`, () => {
  let t: UtilityTestApp;
  let facilities: MunicipalFacility[];
  const get = async <T>(url: string, cookie = t.admin): Promise<T> => {
    const res = await t.app.inject({ url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    t = await makeUtilityTestApp();
    facilities = (await get<{ items: MunicipalFacility[] }>('/api/municipal/facilities')).items;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers roads with a condition index, bridges with a grade, manhole covers and cabinets', () => {
    const of = (k: string) => facilities.filter((f) => f.kind === k);
    expect(of('road').length).toBeGreaterThan(5);
    expect(of('road').every((r) => r.condition !== null && r.rating !== null && r.line!.length > 1)).toBe(
      true,
    );
    expect(of('bridge').some((b) => b.condition === 4)).toBe(true);
    expect(of('manhole').some((m) => m.subtype === 'anti_subsidence')).toBe(true);
    expect(of('streetlight_cabinet').every((c) => c.deviceId !== null)).toBe(true);
  });

  it("an inspection's defect opens a case under the facility's category; a condition updates the register", async () => {
    const inspector = await t.login('utility');
    const post = (id: number, payload: Record<string, unknown>, cookie = inspector) =>
      t.app.inject({
        method: 'POST',
        url: `/api/municipal/facilities/${id}/inspections`,
        headers: { cookie },
        payload,
      });
    const cover = facilities.find((f) => f.kind === 'manhole')!;
    const res = await post(cover.id, { defect: '井盖周边路面沉陷 3 厘米' });
    expect(res.statusCode, res.body).toBe(200);
    const insp = res.json() as MunicipalInspection;
    const c = await get<{ category: string; kind: string }>(`/api/cases/${insp.caseId}`);
    expect(c).toMatchObject({ kind: 'component', category: '0103' });
    const road = facilities.find((f) => f.kind === 'road')!;
    const r2 = await post(road.id, { condition: 52, defect: '路面坑槽' });
    expect(r2.statusCode, r2.body).toBe(200);
    expect(
      (await get<{ category: string }>(`/api/cases/${(r2.json() as MunicipalInspection).caseId}`)).category,
    ).toBe('0110');
    const after = (
      await get<{ items: MunicipalFacility[] }>('/api/municipal/facilities?kind=road')
    ).items.find((f) => f.id === road.id)!;
    expect(after).toMatchObject({
      condition: 52,
      rating: 'bad',
      openCaseCode: (r2.json() as MunicipalInspection).caseCode,
    });
    expect((await post(road.id, {})).statusCode).toBe(400);
    expect((await post(road.id, { defect: 'x' }, await t.login('citizen'))).statusCode).toBe(403);
    const bridge = facilities.find((f) => f.kind === 'bridge')!;
    expect((await post(bridge.id, { condition: 9 })).statusCode).toBe(400);
  });

  it('a cabinet on MQTT is switched on through the command path, and its fault opens one case', async () => {
    const cabinet = facilities.find((f) => f.kind === 'streetlight_cabinet')!;
    const token = t.app.services.devices.byId(cabinet.deviceId!)!.demoToken!;
    const client = await t.connect(cabinet.deviceId!, token);
    const send = async (values: Record<string, number>) => {
      await client.publishAsync(
        deviceTopics.telemetry(cabinet.deviceId!),
        JSON.stringify({ v: 1, ts: Date.now(), values }),
        {
          qos: 1,
        },
      );
      await t.settle();
    };
    await send({ circuit_state: 0, current: 0.3, voltage: 221, fault: 0 });
    const cmd = await t.app.inject({
      method: 'POST',
      url: `/api/devices/${cabinet.deviceId}/commands`,
      headers: { cookie: await t.login('utility') },
      payload: { name: 'switch_on' },
    });
    expect(cmd.statusCode, cmd.body).toBeLessThan(300);
    await send({ circuit_state: 1, current: 62, voltage: 221, fault: 0 });
    let list = await get<StreetlightList>('/api/municipal/streetlights');
    expect(list.schedule.on).toMatch(/^\d{2}:\d{2}$/);
    expect(list.items.find((i) => i.deviceId === cabinet.deviceId)).toMatchObject({
      on: true,
      fault: false,
      lightsOut: false,
    });

    await send({ circuit_state: 0, current: 0, voltage: 221, fault: 1 });
    const open = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/municipal/streetlights/cases',
        headers: { cookie: t.admin },
      });
    const first = (await open()).json() as { opened: Array<{ deviceId: string; caseId: number }> };
    const mine = first.opened.filter((o) => o.deviceId === cabinet.deviceId);
    expect(mine).toHaveLength(1);
    expect((await get<{ category: string }>(`/api/cases/${mine[0]!.caseId}`)).category).toBe('0118');
    expect(((await open()).json() as { opened: unknown[] }).opened).toEqual([]);
    list = await get<StreetlightList>('/api/municipal/streetlights');
    expect(list.items.find((i) => i.deviceId === cabinet.deviceId)).toMatchObject({
      fault: true,
      caseCode: expect.any(String),
    });
    expect(list.totals.faults).toBeGreaterThanOrEqual(1);
    await client.endAsync();
  });

  it('records a problem outside the remit, its coordination, an approved advance and its recovery per year', async () => {
    const cover = facilities.find((f) => f.kind === 'manhole')!;
    const insp = (
      await t.app.inject({
        method: 'POST',
        url: `/api/municipal/facilities/${cover.id}/inspections`,
        headers: { cookie: t.admin },
        payload: { defect: '小区内无主井盖缺失' },
      })
    ).json() as MunicipalInspection;
    const dispatcher = await t.login('dispatcher');
    const send = (
      method: 'POST' | 'PATCH',
      url: string,
      payload: Record<string, unknown>,
      cookie = dispatcher,
    ) => t.app.inject({ method, url, headers: { cookie }, payload });
    const created = await send('POST', '/api/municipal/remit', {
      caseId: insp.caseId,
      partyKind: 'property_manager',
      partyName: '某物业公司',
      note: '电话联系物业，答复三日内处理',
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(
      (
        await send('POST', '/api/municipal/remit', {
          caseId: insp.caseId,
          partyKind: 'other',
          partyName: 'x',
        })
      ).statusCode,
    ).toBe(409);
    const url = `/api/municipal/remit/${insp.caseId}`;
    expect(
      (await send('PATCH', url, { step: '物业未处理，局里先行垫资修复', advance: true, costYuan: 16000 }))
        .statusCode,
    ).toBe(200);
    expect((await send('PATCH', url, { approval: 'approved' })).statusCode).toBe(403);
    const approved = await send('PATCH', url, { approval: 'approved' }, await t.login('leader'));
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await send('PATCH', url, { recoveredYuan: 20000, recovery: 'partial' })).statusCode).toBe(400);
    const rec = await send('PATCH', url, { recoveredYuan: 10000, recovery: 'partial' });
    expect(rec.json()).toMatchObject({ recovery: 'partial', recoveredYuan: 10000, approvedBy: 'leader' });
    expect((rec.json() as RemitCase).steps).toHaveLength(2);
    const list = await get<RemitCaseList>('/api/municipal/remit');
    const year = new Date().getFullYear();
    const y = list.years.find((x) => Math.abs(x.year - year) <= 1)!;
    expect(y).toMatchObject({ count: 1, advances: 1, amountYuan: 16000, recoveredYuan: 10000 });
    expect(
      (await t.app.inject({ url: '/api/municipal/remit', headers: { cookie: await t.login('citizen') } }))
        .statusCode,
    ).toBe(403);
  });
});
