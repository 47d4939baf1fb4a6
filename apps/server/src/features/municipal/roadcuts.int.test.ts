import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysToKey } from '@cityloop/domain';
import type {
  MunicipalFacility,
  RoadCutFindingResult,
  RoadCutList,
  RemitCaseList,
  RoadCutPermit,
} from '@cityloop/domain/api';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { SCHEDULER_ACTOR } from '../../actor.js';
import { DEMO_REMIT_CASES, seedDemoRemit } from '../../seed/demoMunicipal.js';

/**
 * Road-cut permits (占道挖掘) end to end on the demo city: the seeded permits in each phase, an
 * application checked for its window and deadline, the bureau's decision, a failed reinstatement
 * check → a case 道路破损, and a cut found without a permit → a case 无证掘路. Days are read from
 * the list's own `date`, so the test holds at any clock.
 */
describe('road-cut permits', () => {
  let t: TestApp;
  let admin: string;
  let utility: string;
  let supervisor: string;
  let list: RoadCutList;
  const get = async <T>(url: string, cookie = admin): Promise<T> => {
    const res = await t.app.inject({ url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const post = (url: string, payload: Record<string, unknown>, cookie: string) =>
    t.app.inject({ method: 'POST', url, headers: { cookie }, payload });

  beforeAll(async () => {
    t = await makeTestApp();
    [admin, utility, supervisor] = await Promise.all([
      t.login('admin'),
      t.login('utility'),
      t.login('supervisor'),
    ]);
    list = await get<RoadCutList>('/api/municipal/roadcuts');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds nine permits, one or more in every phase a permit passes through', async () => {
    expect(list.totals).toEqual({
      permits: 9,
      applied: 2,
      digging: 2,
      overdue: 1,
      reinstated: 1,
      checkFailed: 0,
      unpermitted: 0,
    });
    const phases = list.items.map((p) => p.phase).sort();
    expect(phases).toEqual([
      'applied',
      'applied',
      'digging',
      'digging',
      'overdue',
      'reinstated',
      'reinstating',
      'rejected',
      'scheduled',
    ]);
    expect(list.items.every((p) => /^JL\d{4}-\d{4}$/.test(p.code))).toBe(true);
    const only = await get<RoadCutList>('/api/municipal/roadcuts?phase=overdue');
    expect(only.items.map((p) => p.phase)).toEqual(['overdue']);
    expect(
      (await t.app.inject({ url: '/api/municipal/roadcuts', headers: { cookie: await t.login('citizen') } }))
        .statusCode,
    ).toBe(403);
  });

  it('an application is checked for its window and deadline, and the bureau decides it once', async () => {
    const road = (await get<{ items: MunicipalFacility[] }>('/api/municipal/facilities?kind=road')).items[2]!;
    const day = (n: number) => addDaysToKey(list.date, n);
    const body = {
      roadId: road.id,
      applicant: '烟台市自来水有限公司',
      applicantKind: 'utility_company',
      purpose: '阀门井更换',
      lengthM: 10,
      widthM: 2,
      startDay: day(1),
      endDay: day(3),
      reinstateBy: day(10),
    };
    const bad = async (patch: Record<string, unknown>, status: number) => {
      const res = await post('/api/municipal/roadcuts', { ...body, ...patch }, utility);
      expect(res.statusCode, `${JSON.stringify(patch)} ${res.body}`).toBe(status);
    };
    await bad({ startDay: '2026-02-30' }, 400);
    await bad({ endDay: day(0) }, 400);
    await bad({ reinstateBy: day(2) }, 400);
    await bad({ reinstateBy: day(40) }, 400);
    await bad({ startDay: day(-1) }, 400);
    await bad({ endDay: day(120), reinstateBy: day(125) }, 400);
    await bad({ lengthM: 0 }, 400);
    await bad({ roadId: 999_999 }, 404);
    const facility = (await get<{ items: MunicipalFacility[] }>('/api/municipal/facilities?kind=bridge'))
      .items[0]!;
    await bad({ roadId: facility.id }, 404);
    const before = (await get<RoadCutList>('/api/municipal/roadcuts')).totals.permits;
    expect(before).toBe(9);

    const res = await post('/api/municipal/roadcuts', body, utility);
    expect(res.statusCode, res.body).toBe(200);
    const permit = res.json() as RoadCutPermit;
    expect(permit).toMatchObject({ phase: 'applied', roadName: road.name, areaM2: 20, appliedBy: 'utility' });
    expect(permit.code).toMatch(/^JL\d{4}-\d{4}$/);

    const decide = (payload: Record<string, unknown>, cookie: string) =>
      post(`/api/municipal/roadcuts/${permit.id}/decision`, payload, cookie);
    expect((await decide({ decision: 'approved' }, utility)).statusCode).toBe(403);
    expect((await decide({ decision: 'maybe' }, supervisor)).statusCode).toBe(400);
    const ok = await decide({ decision: 'approved', note: '按期施工' }, supervisor);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      phase: 'scheduled',
      decidedBy: 'supervisor',
      decisionNote: '按期施工',
    });
    expect((await decide({ decision: 'rejected' }, supervisor)).statusCode).toBe(409);
    // A cut not yet begun has nothing to check.
    expect(
      (await post(`/api/municipal/roadcuts/${permit.id}/check`, { result: 'passed' }, utility)).statusCode,
    ).toBe(409);
    expect(
      (await post('/api/municipal/roadcuts/424242/decision', { decision: 'approved' }, supervisor))
        .statusCode,
    ).toBe(404);
    const audit = await t.app.platform.db.query<{ n: string }>(
      `select count(*) as n from audit_log where entity = 'road_cut_permit' and entity_id = $1`,
      [permit.code],
    );
    expect(Number(audit.rows[0]!.n)).toBe(2);
  });

  it('a failed reinstatement check opens one case 道路破损; a later pass closes the permit', async () => {
    const dug = list.items.find((p) => p.phase === 'reinstating')!;
    const check = (payload: Record<string, unknown>) =>
      post(`/api/municipal/roadcuts/${dug.id}/check`, payload, utility);
    const failed = await check({ result: 'failed', note: '回填沉降 5 厘米' });
    expect(failed.statusCode, failed.body).toBe(200);
    const f = failed.json() as RoadCutPermit;
    expect(f).toMatchObject({ phase: 'check_failed', checkedBy: 'utility' });
    const c = await get<{ category: string; kind: string }>(`/api/cases/${f.caseId}`);
    expect(c).toMatchObject({ kind: 'event', category: '0110' });
    const again = (await check({ result: 'failed' })).json() as RoadCutPermit;
    expect(again.caseCode).toBe(f.caseCode);
    const passed = (await check({ result: 'passed' })).json() as RoadCutPermit;
    expect(passed).toMatchObject({ phase: 'reinstated', caseCode: f.caseCode });
    expect((await check({ result: 'passed' })).statusCode).toBe(409);
    const rejected = list.items.find((p) => p.phase === 'rejected')!;
    expect(
      (await post(`/api/municipal/roadcuts/${rejected.id}/check`, { result: 'passed' }, utility)).statusCode,
    ).toBe(409);
  });

  it('a cut inside a permit in force is named; one without a permit opens a case 无证掘路', async () => {
    const digging = list.items.find((p) => p.phase === 'digging')!;
    const covered = await post(
      '/api/municipal/roadcuts/findings',
      { lon: digging.lon, lat: digging.lat, note: '现场开挖' },
      utility,
    );
    expect(covered.statusCode, covered.body).toBe(200);
    expect(covered.json()).toEqual({ permitted: true, permitCode: digging.code, finding: null });

    const permitted = new Set(list.items.map((p) => p.roadId));
    const road = (
      await get<{ items: MunicipalFacility[] }>('/api/municipal/facilities?kind=road')
    ).items.find(
      (r) =>
        !permitted.has(r.id) &&
        list.items.every((p) => Math.abs(p.lon - r.lon) + Math.abs(p.lat - r.lat) > 0.01),
    )!;
    const res = await post(
      '/api/municipal/roadcuts/findings',
      { lon: road.lon, lat: road.lat, note: '夜间私自开挖路面' },
      utility,
    );
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as RoadCutFindingResult;
    expect(r).toMatchObject({
      permitted: false,
      permitCode: null,
      finding: { roadId: road.id, foundBy: 'utility' },
    });
    const c = await get<{ category: string }>(`/api/cases/${r.finding!.caseId}`);
    expect(c.category).toBe('0305');
    expect((await get<RoadCutList>('/api/municipal/roadcuts')).totals.unpermitted).toBe(1);
    expect(
      (await post('/api/municipal/roadcuts/findings', { lon: 200, lat: 0, note: 'x' }, utility)).statusCode,
    ).toBe(400);
    expect(
      (await post('/api/municipal/roadcuts/findings', { lon: 0, lat: 0, note: 'x' }, utility)).statusCode,
    ).toBe(404);
    expect(
      (
        await post(
          '/api/municipal/roadcuts/findings',
          { lon: road.lon, lat: road.lat, note: 'x' },
          await t.login('citizen'),
        )
      ).statusCode,
    ).toBe(403);
  });

  it("records the demo year's first 24 cover cases as outside the remit, with their advances, once", async () => {
    const report = (i: number) =>
      t.app.services.cases.report(
        {
          kind: 'component',
          category: ['0101', '0102', '0103'][i % 3]!,
          lon: 121.4 + (i % 6) * 0.0002,
          lat: 37.54 + Math.floor(i / 6) * 0.0002,
          description: '井盖缺失',
          source: 'inspector',
        },
        SCHEDULER_ACTOR,
      );
    for (let i = 0; i < DEMO_REMIT_CASES - 1; i++) await report(i);
    expect(await seedDemoRemit(t.app.platform.db)).toEqual({ recorded: 0 });
    await report(DEMO_REMIT_CASES - 1);
    expect(await seedDemoRemit(t.app.platform.db)).toEqual({ recorded: 24 });
    expect(await seedDemoRemit(t.app.platform.db)).toEqual({ recorded: 0 });
    const remit = await get<RemitCaseList>('/api/municipal/remit');
    expect(remit.items).toHaveLength(24);
    const sum = remit.years.reduce(
      (a, y) => ({
        count: a.count + y.count,
        advances: a.advances + y.advances,
        amountYuan: a.amountYuan + y.amountYuan,
        recoveredYuan: a.recoveredYuan + y.recoveredYuan,
      }),
      { count: 0, advances: 0, amountYuan: 0, recoveredYuan: 0 },
    );
    expect(sum).toEqual({ count: 24, advances: 18, amountYuan: 198_900, recoveredYuan: 97_800 });
    expect(new Set(remit.items.map((r) => r.partyKind))).toEqual(
      new Set(['developer', 'property_manager', 'utility_company', 'other']),
    );
    expect(remit.items.every((r) => r.steps.length > 0)).toBe(true);
  });

  it('edits a facility’s register attributes by kind, audited; others may not', async () => {
    const all = (await get<{ items: MunicipalFacility[] }>('/api/municipal/facilities')).items;
    const cover = all.find((f) => f.kind === 'manhole' && f.subtype === 'ordinary')!;
    const cabinet = all.find((f) => f.kind === 'streetlight_cabinet')!;
    const patch = (id: number, payload: Record<string, unknown>, cookie = utility) =>
      t.app.inject({ method: 'PATCH', url: `/api/municipal/facilities/${id}`, headers: { cookie }, payload });
    const ok = await patch(cover.id, { subtype: 'anti_subsidence', nameEn: 'Storm-water cover (renewed)' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      id: cover.id,
      subtype: 'anti_subsidence',
      name: cover.name,
      nameEn: 'Storm-water cover (renewed)',
    });
    expect((await patch(cover.id, { subtype: 'arch' })).statusCode).toBe(400);
    expect((await patch(cover.id, { lamps: 10 })).statusCode).toBe(400);
    expect((await patch(cover.id, {})).statusCode).toBe(400);
    expect((await patch(cover.id, { name: '' })).statusCode).toBe(400);
    expect((await patch(999_999, { name: 'x' })).statusCode).toBe(404);
    expect((await patch(cover.id, { name: 'x' }, await t.login('inspector'))).statusCode).toBe(403);
    const lamps = await patch(cabinet.id, { lamps: 96 });
    expect(lamps.statusCode, lamps.body).toBe(200);
    const lights = await get<{ items: Array<{ facilityId: number; lamps: number }> }>(
      '/api/municipal/streetlights',
    );
    expect(lights.items.find((l) => l.facilityId === cabinet.id)?.lamps).toBe(96);
    const audit = await t.app.platform.db.query<{ before: string; after: string }>(
      `select before::text as before, after::text as after from audit_log
       where entity = 'municipal_facility' and entity_id = $1`,
      [cover.code],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.before).toContain('ordinary');
    expect(audit.rows[0]!.after).toContain('anti_subsidence');
  });
});
