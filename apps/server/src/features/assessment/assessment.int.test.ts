import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseActionRequest } from '@cityloop/domain';
import type { CatalogueResponse, FindingList, FindingView, ScoresResponse } from '@cityloop/domain/api';
import { userActor } from '../../actor.js';
import { fixedClock } from '../../clock.js';
import type { SessionUser } from '../../http/access.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { makePhoto, userNamed } from '../../testing/factories.js';

let t: TestApp;
const cookie: Record<string, string> = {};
let point = { lon: 0, lat: 0 };
let street = '';
let district = '';
const MONTH = '2026-12';

async function call(who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return t.app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: who ? { cookie: cookie[who] ?? (cookie[who] = await t.login(who)) } : {},
  });
}

let n = 0;
const finding = (over: Record<string, unknown> = {}) => ({
  clientId: `test-finding-${++n}-abcdef`,
  aspectCode: 'K02.01',
  placeKind: 'road',
  placeName: '南大街',
  ...point,
  severity: 'normal',
  needsFix: false,
  ...over,
});

async function scores(level: string, month = MONTH) {
  const res = await call('leader', 'GET', `/api/assessment/scores?month=${month}&level=${level}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ScoresResponse>();
}

/** Drives a case through the loop to closed (each step a minute after the last). */
async function closeCase(caseId: number) {
  const cases = t.app.services.cases;
  let at = cases.now();
  const next = () => (at = new Date(at.getTime() + 60_000));
  const by = (u: string) => userNamed(t, u);
  for (let i = 0; i < 12; i++) {
    const c = (await cases.byId(t.app.platform.db, caseId))!;
    let step: [SessionUser, CaseActionRequest] | null = null;
    if (c.state === 'closed') return;
    if (c.state === 'reported') step = [await by('operator'), { action: 'accept' }];
    else if (c.state === 'accepted') step = [await by('shiftleader'), { action: 'file' }];
    else if (c.state === 'filed')
      step = [await by('dispatcher'), { action: 'dispatch', unitId: (await cases.suggestUnits(c))[0]!.id }];
    else if (c.state === 'dispatched' || c.state === 'handling') {
      const r = await t.app.platform.db.query<{ username: string }>(
        `select username from users where department_id = $1 and 'handler' = any(roles) order by id limit 1`,
        [c.unit_id],
      );
      step = [await by(r.rows[0]!.username), { action: 'report_done', photos: [(await makePhoto(t)).id] }];
    } else if (c.state === 'handled') step = [await by('operator'), { action: 'to_check' }];
    else if (c.state === 'checking') step = [await by('inspector'), { action: 'check', passed: true }];
    else if (c.state === 'checked_ok') step = [await by('shiftleader'), { action: 'close' }];
    if (!step) throw new Error(`closeCase: unexpected state ${c.state}`);
    await cases.act(caseId, step[1], userActor(step[0]), { now: next() });
  }
}

beforeAll(async () => {
  t = await makeTestApp({}, { clock: fixedClock('2026-12-10T10:00:00+08:00') });
  const inspector = await userNamed(t, 'inspector');
  street = inspector.jurisdiction.code!;
  district = street.slice(0, 6);
  const r = await t.app.platform.db.query<{ lon: number; lat: number }>(
    `select g.centroid_lon as lon, g.centroid_lat as lat from unit_grids g join communities c on c.code = g.community_code
     where c.street_code = $1 order by g.code limit 1`,
    [street],
  );
  point = r.rows[0]!;
}, 120_000);
afterAll(() => t?.close());

describe('the catalogue and the groups (contract)', () => {
  it('serves the demo catalogue: 15 categories, 78 aspects with weights, caps, deductions, shares', async () => {
    const res = await call('leader', 'GET', '/api/assessment/catalogue');
    expect(res.statusCode).toBe(200);
    const c = res.json<CatalogueResponse>();
    expect(c.version).toBe('2026版');
    expect(c.categories).toHaveLength(15);
    expect(c.categories.flatMap((x) => x.aspects)).toHaveLength(78);
    const first = c.categories[0]!;
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['code', 'name', 'weight', 'aspects']));
    expect(first.aspects[0]).toMatchObject({ floor: 0, severity: { normal: 1 } });
  });

  it('lists 7 inspection and 5 supervision groups with members, areas and plans', async () => {
    const res = await call('leader', 'GET', '/api/assessment/groups');
    const groups = res.json<{ items: { kind: string; members: unknown[]; plans: { cadence: string }[] }[] }>()
      .items;
    expect(groups.filter((g) => g.kind === 'inspection')).toHaveLength(7);
    expect(groups.filter((g) => g.kind === 'supervision')).toHaveLength(5);
    expect(groups.filter((g) => g.kind === 'inspection').every((g) => g.members.length >= 1)).toBe(true);
    expect(groups.flatMap((g) => g.plans.map((p) => p.cadence)).sort()).toEqual(
      expect.arrayContaining(['daily', 'weekly', 'monthly']),
    );
  });

  it('gives an inspector the day’s tasks of their group', async () => {
    const res = await call('inspector', 'GET', '/api/assessment/tasks');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ groups: unknown[]; plans: unknown[]; month: string }>()).toMatchObject({
      month: MONTH,
    });
    expect(res.json<{ groups: unknown[] }>().groups).toHaveLength(1);
  });
});

describe('findings, deductions and scores', () => {
  let first: FindingView;

  it('records a finding that needs fixing as a case of the loop (source assessment), once however often it is sent', async () => {
    const inspector = await userNamed(t, 'inspector');
    const photo = await makePhoto(t, inspector.id);
    const body = finding({ severity: 'serious', needsFix: true, photoId: photo.id, note: '路面有大片油污' });
    const a = await call('inspector', 'POST', '/api/assessment/findings', body);
    expect(a.statusCode, a.body).toBe(200);
    const b = await call('inspector', 'POST', '/api/assessment/findings', body);
    expect(b.json<{ duplicate: boolean }>().duplicate).toBe(true);
    first = a.json<{ finding: FindingView }>().finding;
    expect(b.json<{ finding: FindingView }>().finding.id).toBe(first.id);
    expect(first).toMatchObject({
      deduction: 4,
      streetCode: street,
      month: MONTH,
      catalogueVersion: '2026版',
    });
    const c = (await t.app.services.cases.byId(t.app.platform.db, first.caseId!))!;
    expect(c.source).toBe('assessment');
    const count = await t.app.platform.db.query<{ n: number }>(
      `select count(*)::int as n from assessment_findings`,
    );
    expect(count.rows[0]!.n).toBe(1);
  });

  it('shows the deduction in the street’s month (its share), ranked below the streets without findings', async () => {
    const s = await scores('street');
    const mine = s.rows.find((r) => r.id === street)!;
    // K02.01 is street-led: the street bears 0.8 of the 4 points
    expect(mine.deducted).toBe(3.2);
    expect(mine.findings).toBe(1);
    expect(mine.catalogueScore).toBeLessThan(100);
    expect(mine.rank).toBe(s.rows.length);
    expect(s.rows[0]!.catalogueScore).toBe(100);
    expect(s).toMatchObject({ version: '2026版', closed: false, partial: true });
    const drill = await call(
      'leader',
      'GET',
      `/api/assessment/scores/street/${street}/findings?month=${MONTH}`,
    );
    expect(drill.json<FindingList>().items.map((f) => [f.id, f.borne])).toEqual([[first.id, 3.2]]);
  });

  it('never takes an aspect past its cap (扣完为止)', async () => {
    const res = await call('inspector', 'POST', '/api/assessment/findings', finding({ occurrences: 20 }));
    expect(res.statusCode, res.body).toBe(200);
    const mine = (await scores('street')).rows.find((r) => r.id === street)!;
    // 20 occurrences × 2 points, the street's 0.8 of them: 32 more
    expect(mine.deducted).toBe(35.2);
    // the aspect's cap is 10 points: it loses 10, no more
    expect(mine.categories.find((c) => c.code === 'K02')!.lost).toBe(10);
  });

  it('re-inspects a fix only once its case has closed', async () => {
    const early = await call('inspector', 'POST', `/api/assessment/findings/${first.id}/reinspect`, {
      passed: true,
    });
    expect(early.statusCode).toBe(409);
    await closeCase(first.caseId!);
    const res = await call('inspector', 'POST', `/api/assessment/findings/${first.id}/reinspect`, {
      passed: true,
      note: '已清理干净',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<FindingView>()).toMatchObject({ reinspection: 'passed', caseState: 'closed' });
  });

  it('takes an upheld dispute out of the score and audits the decision', async () => {
    const before = (await scores('street')).rows.find((r) => r.id === street)!.deducted;
    const zhifu = district === '370602' ? 'zhifu.dispatcher' : 'laishan.dispatcher';
    const disputed = await call(zhifu, 'POST', `/api/assessment/findings/${first.id}/dispute`, {
      reason: '该路段当日刚完成保洁，油污系过往车辆遗撒',
    });
    if (district !== '370602' && district !== '370613') {
      expect(disputed.statusCode).toBe(403);
      return;
    }
    expect(disputed.statusCode, disputed.body).toBe(200);
    expect(
      (
        await call('citizen', 'POST', `/api/assessment/findings/${first.id}/decision`, {
          upheld: true,
          note: 'x1',
        })
      ).statusCode,
    ).toBe(403);
    const decided = await call('supervisor', 'POST', `/api/assessment/findings/${first.id}/decision`, {
      upheld: true,
      note: '申诉成立，撤销扣分',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json<FindingView>()).toMatchObject({ dispute: 'upheld', counted: false });
    const after = (await scores('street')).rows.find((r) => r.id === street)!.deducted;
    expect(after).toBe(Math.round((before - 3.2) * 100) / 100);
    const again = await call('supervisor', 'POST', `/api/assessment/findings/${first.id}/decision`, {
      upheld: false,
      note: '再议',
    });
    expect(again.statusCode).toBe(409);
    const audit = await t.app.platform.db.query<{ username: string }>(
      `select username from audit_log where action = 'assessment.dispute_decision' and entity_id = $1`,
      [String(first.id)],
    );
    expect(audit.rows.map((r) => r.username)).toEqual(['supervisor']);
  });
});

describe('months and catalogue versions', () => {
  it('scores a closed month from its frozen scores, whatever a later catalogue says', async () => {
    const nov = await call(
      'inspector',
      'POST',
      '/api/assessment/findings',
      finding({ foundAt: '2026-11-20T09:00:00+08:00' }),
    );
    expect(nov.statusCode, nov.body).toBe(200);
    expect(nov.json<{ finding: FindingView }>().finding.month).toBe('2026-11');
    const open = (await scores('street', '2026-11')).rows.find((r) => r.id === street)!;
    expect((await call('admin', 'POST', `/api/assessment/months/${MONTH}/close`)).statusCode).toBe(409);
    expect((await call('admin', 'POST', '/api/assessment/months/2026-11/close')).statusCode).toBe(200);
    const late = await call(
      'inspector',
      'POST',
      '/api/assessment/findings',
      finding({ foundAt: '2026-11-29T09:00:00+08:00' }),
    );
    expect(late.statusCode).toBe(409);

    const catalogue = (await call('admin', 'GET', '/api/assessment/catalogue')).json<CatalogueResponse>();
    const heavier = catalogue.categories.map((c) => ({ ...c, weight: c.code === 'K02' ? 60 : c.weight }));
    const back = await call('admin', 'POST', '/api/assessment/catalogue', {
      version: '2026版修订',
      effectiveFrom: '2026-11',
      categories: heavier,
    });
    expect(back.statusCode).toBe(409);
    const next = await call('admin', 'POST', '/api/assessment/catalogue', {
      version: '2027版',
      effectiveFrom: '2027-01',
      categories: heavier,
    });
    expect(next.statusCode, next.body).toBe(200);
    const closed = await scores('street', '2026-11');
    expect(closed.closed).toBe(true);
    expect(closed.rows.find((r) => r.id === street)!.score).toBe(open.score);
    expect((await scores('street', MONTH)).version).toBe('2026版');
    expect(
      (await call('leader', 'GET', '/api/assessment/catalogue?month=2027-01')).json<CatalogueResponse>()
        .version,
    ).toBe('2027版');
  });

  it('exports the bulletin as a workbook and ranks districts and units too', async () => {
    const res = await call('leader', 'GET', `/api/assessment/bulletin.xlsx?month=${MONTH}&level=street`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`assessment-street-${MONTH}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('排名通报')!.rowCount).toBe((await scores('street')).rows.length + 2);
    const bulletin = await call('leader', 'GET', `/api/assessment/bulletin?month=${MONTH}&level=district`);
    expect(bulletin.json<{ worst: unknown[]; scores: ScoresResponse }>().scores.rows.length).toBeGreaterThan(
      0,
    );
    expect((await scores('unit')).rows.length).toBeGreaterThan(0);
  });
});

describe('refusals', () => {
  it('answers bad input with a 4xx and writes nothing', async () => {
    const before = await t.app.platform.db.query<{ n: number }>(
      `select count(*)::int as n from assessment_findings`,
    );
    const bad = [
      await call('leader', 'GET', '/api/assessment/scores?month=2026-13&level=street'),
      await call('leader', 'GET', '/api/assessment/scores?month=2026-12&level=city'),
      await call('inspector', 'POST', '/api/assessment/findings', finding({ aspectCode: 'K99.01' })),
      await call('inspector', 'POST', '/api/assessment/findings', finding({ placeKind: 'waterway' })),
      await call('inspector', 'POST', '/api/assessment/findings', finding({ lon: 0, lat: 0 })),
      await call('inspector', 'POST', '/api/assessment/findings', finding({ photoId: 'nope' })),
      await call(
        'inspector',
        'POST',
        '/api/assessment/findings',
        finding({ foundAt: '2027-05-01T00:00:00+08:00' }),
      ),
      await call('inspector', 'POST', '/api/assessment/findings', { ...finding(), severity: 'awful' }),
      await call('citizen', 'GET', '/api/assessment/catalogue'),
      await call(null, 'GET', '/api/assessment/groups'),
      await call('leader', 'POST', '/api/assessment/findings', finding()),
      await call('admin', 'POST', '/api/assessment/catalogue', {
        version: 'x',
        effectiveFrom: '2027-02',
        categories: [],
      }),
    ];
    for (const r of bad) expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
    for (const r of bad) expect(r.statusCode).toBeLessThan(500);
    const after = await t.app.platform.db.query<{ n: number }>(
      `select count(*)::int as n from assessment_findings`,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});
