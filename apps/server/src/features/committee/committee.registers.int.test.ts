import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApprovedSiteList,
  CommitmentDetail,
  CommitmentList,
  CommitteeMemberList,
  ContractAssessment,
  ContractList,
  SelfInspectionList,
  LiaisonCadreList,
  LiaisonOverview,
} from '@cityloop/domain/api';
import { fixedClock } from '../../clock.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
let members: CommitteeMemberList['items'] = [];
const CENTRE = { lon: 121.4, lat: 37.54 };

const req = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookie[who]! }, ...(payload ? { payload } : {}) });
const member = (code: string) => members.find((m) => m.code === code)!;

beforeAll(async () => {
  // Tuesday 8 December 2026: states and permits are counted to this day.
  t = await makeTestApp({}, { clock: fixedClock('2026-12-08T10:00:00+08:00') });
  for (const u of [
    'leader',
    'supervisor',
    'citizen',
    'traffic.handler',
    'water.handler',
    'contractor',
    'contractor.laishan',
  ])
    cookie[u] = await t.login(u);
  members = (await req('leader', 'GET', '/api/committee/members')).json<CommitteeMemberList>().items;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the committee’s registers', () => {
  it('holds the 11 joint problem areas as commitments, the late ones under supervision', async () => {
    const res = await req('leader', 'GET', '/api/commitments');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json<CommitmentList>();
    expect([list.total, list.done, list.escalated]).toEqual([11, 2, 5]);
    const states = new Map<string, number>();
    for (const c of list.items) states.set(c.state, (states.get(c.state) ?? 0) + 1);
    expect(Object.fromEntries(states)).toEqual({ done: 2, overdue: 2, late: 3, on_track: 4 });
    expect(list.items.every((c) => c.milestones.length === 3)).toBe(true);
    // A member's staff see only the commitments their unit works on.
    const mine = (await req('water.handler', 'GET', '/api/commitments')).json<CommitmentList>();
    expect(mine.items.map((c) => c.title)).toEqual(['东山片区道路反复开挖治理']);
    const other = list.items.find((c) => c.title === '幸福片区违法建设整治')!;
    expect((await req('water.handler', 'GET', `/api/commitments/${other.id}`)).statusCode).toBe(403);
    expect((await req('citizen', 'GET', '/api/commitments')).statusCode).toBe(403);
  });

  it('turns a failed inspection into a case dispatched to the answerable member', async () => {
    const list = (await req('leader', 'GET', '/api/commitments')).json<CommitmentList>();
    const area = list.items.find((c) => c.title === '火车站周边交通秩序整治')!;
    expect(area.memberId).toBe(member('zhifu-transport').id);
    const url = `/api/commitments/${area.id}/inspections`;
    const bad = [
      { inspectedOn: '2026-12-08', passed: false, note: '出租车乱停' },
      { inspectedOn: '2026-02-30', passed: true, note: '良好' },
      { inspectedOn: '2026-12-09', passed: true, note: '良好' },
      { inspectedOn: '2026-12-08', passed: true, note: '良好', lon: 121.4 },
    ];
    for (const body of bad) expect((await req('supervisor', 'POST', url, body)).statusCode).toBe(400);
    expect(
      (await req('traffic.handler', 'POST', url, { inspectedOn: '2026-12-08', passed: true, note: '好' }))
        .statusCode,
    ).toBe(403);
    const ok = await req('supervisor', 'POST', url, {
      inspectedOn: '2026-12-07',
      passed: true,
      note: '秩序良好',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const res = await req('supervisor', 'POST', url, {
      inspectedOn: '2026-12-08',
      passed: false,
      note: '站前出租车违规停靠',
      category: '0102',
      ...CENTRE,
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<CommitmentDetail>();
    expect([d.inspections, d.failedInspections]).toEqual([2, 1]);
    const failed = d.inspectionLog[0]!;
    expect(failed.passed).toBe(false);
    const c = (await req('leader', 'GET', `/api/cases/${failed.caseId}`)).json<{
      state: string;
      unitId: number;
    }>();
    expect([c.state, c.unitId]).toEqual(['dispatched', member('zhifu-transport').departmentId]);
    // A partner sees the area and its inspections.
    expect((await req('traffic.handler', 'GET', `/api/commitments/${area.id}`)).statusCode).toBe(200);
  });

  it('marks a milestone done by the managers only here, audited', async () => {
    const list = (await req('leader', 'GET', '/api/commitments')).json<CommitmentList>();
    const area = list.items.find((c) => c.title === '向阳老城区僵尸车清理')!;
    const open = area.milestones.find((m) => m.doneOn === null)!;
    const url = `/api/commitments/${area.id}/milestones/${open.id}`;
    expect((await req('traffic.handler', 'PUT', url, { doneOn: '2026-12-08' })).statusCode).toBe(403);
    expect((await req('leader', 'PUT', url, { doneOn: '2026-12-31' })).statusCode).toBe(400);
    expect(
      (await req('leader', 'PUT', `/api/commitments/${area.id}/milestones/999999`, { doneOn: null }))
        .statusCode,
    ).toBe(404);
    const res = await req('leader', 'PUT', url, { doneOn: '2026-12-08' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CommitmentDetail>().state).toBe('done');
    const audit = await t.app.platform.db.query<{ n: string }>(
      `select count(*)::text as n from audit_log where entity = 'commitment_milestone' and entity_id = $1`,
      [String(open.id)],
    );
    expect(audit.rows[0]!.n).toBe('1');
  });

  it('registers the bureau’s 644 cadres in 25 communities and 54 contact points', async () => {
    const res = await req('leader', 'GET', '/api/liaison');
    expect(res.statusCode, res.body).toBe(200);
    const l = res.json<LiaisonOverview>();
    expect([l.cadres, l.communities, l.points]).toEqual([644, 25, 54]);
    expect(l.items.reduce((s, c) => s + c.points.length, 0)).toBe(54);
    expect(l.byDepartment.reduce((s, d) => s + d.cadres, 0)).toBe(644);
    expect(l.byDepartment).toHaveLength(4);
    const first = l.items[0]!;
    expect(first.name).toBe('凤凰社区');
    const cadres = (
      await req('leader', 'GET', `/api/liaison/communities/${first.id}/cadres`)
    ).json<LiaisonCadreList>();
    expect(cadres.items).toHaveLength(first.cadres);
    const body = {
      name: '赵新',
      phone: '13500000000',
      departmentId: l.byDepartment[0]!.departmentId,
      communityId: first.id,
      pointId: first.points[0]!.id,
    };
    expect(
      (await req('leader', 'POST', '/api/liaison/cadres', { ...body, pointId: l.items[1]!.points[0]!.id }))
        .statusCode,
    ).toBe(400);
    expect((await req('traffic.handler', 'POST', '/api/liaison/cadres', body)).statusCode).toBe(403);
    expect((await req('leader', 'POST', '/api/liaison/cadres', body)).statusCode).toBe(200);
    expect((await req('leader', 'GET', '/api/liaison')).json<LiaisonOverview>().cadres).toBe(645);
    expect((await req('leader', 'GET', '/api/liaison/communities/99999/cadres')).statusCode).toBe(404);
  });

  it('registers the city’s 20 beer plazas with their permits and when they expire', async () => {
    const res = await req('leader', 'GET', '/api/approved-sites');
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json<ApprovedSiteList>();
    expect(s.byKind).toEqual({ beer_plaza: 20, barbecue: 0, night_market: 0 });
    expect(s.byPermit).toEqual({ pending: 0, valid: 4, expiring: 4, expired: 12 });
    expect(s.items.find((x) => x.permit === 'expiring')!.daysLeft).toBe(23);
    const body = {
      kind: 'barbecue',
      name: '烟台山烧烤集市',
      operatorName: '烟台山文旅有限公司',
      streetCode: '370602001',
      address: '烟台山景区东门',
      lon: 121.4,
      lat: 37.54,
      opens: '17:00',
      closes: '23:00',
      conditions: '限定区域经营，油烟净化后排放',
      permitNo: '芝城临审〔2026〕301号',
      validFrom: '2026-12-01',
      validTo: '2027-02-28',
    };
    expect(
      (await req('leader', 'POST', '/api/approved-sites', { ...body, validTo: '2026-11-30' })).statusCode,
    ).toBe(400);
    expect(
      (await req('leader', 'POST', '/api/approved-sites', { ...body, validTo: '2027-02-30' })).statusCode,
    ).toBe(400);
    expect(
      (await req('leader', 'POST', '/api/approved-sites', { ...body, closes: '24:00' })).statusCode,
    ).toBe(400);
    const ok = await req('leader', 'POST', '/api/approved-sites', body);
    expect(ok.statusCode, ok.body).toBe(200);
    const after = ok.json<ApprovedSiteList>();
    expect(after.byKind.barbecue).toBe(1);
    expect(after.items.find((x) => x.kind === 'barbecue')).toMatchObject({
      code: 'SP-021',
      permit: 'valid',
      nameEn: '烟台山烧烤集市',
    });
    expect((await req('leader', 'POST', '/api/approved-sites', body)).statusCode).toBe(409);
    expect((await req('citizen', 'GET', '/api/approved-sites')).statusCode).toBe(403);
  });

  it('takes a contractor’s own inspections, and counts the days in its month’s assessment', async () => {
    const all = (await req('supervisor', 'GET', '/api/contracts')).json<ContractList>().items;
    const zhifu = all.find((c) => c.code === 'HT-2026-QS01')!;
    const laishan = all.find((c) => c.code === 'HT-2026-QS02')!;
    expect(zhifu.rules).toMatchObject({ selfInspectionDays: 8, pointsPerMissedDay: 0.5 });
    // November: QS01 inspected 8 days, QS02 only 5 (3 days short: 1.5 points).
    const nov = (code: typeof zhifu) =>
      req('supervisor', 'GET', `/api/contracts/${code.id}/assessment?month=2026-11`);
    const a = (await nov(zhifu)).json<ContractAssessment>();
    const b = (await nov(laishan)).json<ContractAssessment>();
    expect([a.figures.selfInspectionDays, a.figures.selfInspectionsDue]).toEqual([8, 8]);
    expect([b.figures.selfInspectionDays, b.figures.selfInspectionsDue]).toEqual([5, 8]);
    const base = b.figures.caseScore ?? 100;
    const lost =
      b.figures.complaints * laishan.rules.pointsPerComplaint +
      b.figures.findingPoints * laishan.rules.findingWeight;
    expect(b.computedScore).toBeCloseTo(Math.max(0, Math.min(100, base - lost - 1.5)), 2);

    const url = `/api/contracts/${zhifu.id}/self-inspections`;
    const dec = (await req('contractor', 'GET', `${url}?month=2026-12`)).json<SelfInspectionList>();
    // By the 8th, 8 × 8/31 days are due: 2; the 1st and the 3rd are done.
    expect([dec.days, dec.due, dec.items.length]).toEqual([2, 2, 2]);
    const body = { inspectedOn: '2026-12-07', section: '南大街', findings: 2, fixed: 1, note: '两处积水' };
    expect((await req('contractor', 'POST', url, { ...body, fixed: 3 })).statusCode).toBe(400);
    expect((await req('contractor', 'POST', url, { ...body, inspectedOn: '2026-12-09' })).statusCode).toBe(
      400,
    );
    expect((await req('contractor', 'POST', url, { ...body, inspectedOn: '2026-11-31' })).statusCode).toBe(
      400,
    );
    expect((await req('contractor.laishan', 'POST', url, body)).statusCode).toBe(403);
    expect((await req('supervisor', 'POST', url, body)).statusCode).toBe(403);
    const ok = await req('contractor', 'POST', url, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<SelfInspectionList>()).toMatchObject({ days: 3, due: 2 });
    const now = (
      await req('contractor', 'GET', `/api/contracts/${zhifu.id}/assessment?month=2026-12`)
    ).json<ContractAssessment>();
    expect([now.figures.selfInspectionDays, now.figures.selfInspectionsDue]).toEqual([3, 2]);
    expect(
      (await req('contractor', 'GET', `/api/contracts/${laishan.id}/self-inspections?month=2026-12`))
        .statusCode,
    ).toBe(403);
  });
});
