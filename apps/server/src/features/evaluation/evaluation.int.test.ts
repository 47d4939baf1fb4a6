import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseActionRequest } from '@cityloop/domain';
import type { SessionUser } from '../../http/access.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { userActor } from '../../actor.js';

/**
 * A handful of cases driven through the real case service in March 2026 (working days, default
 * work periods 08:30–12:00 and 13:30–17:30, Asia/Shanghai), with outcomes chosen so that every
 * figure below can be worked out by hand:
 *
 * A  on time throughout.
 * B  accepted late, dispatched late, disposed late, check fails (rework), disposed again on time,
 *    check task sent late, checked late, closed late.
 * C  dispatched to the wrong unit, sent back, re-dispatched; never disposed (overdue), urged.
 * D  an approved extension of 2 working hours, then disposed on time.
 * E  suspended before its deadline and still suspended.
 * F  a hotline report confirmed by the inspector (a missed report), refused at filing.
 * G  the inspector's duplicate of C (linked: valid, no new work).
 * H  rejected at intake (not a valid report).
 */
let t: TestApp;
const user: Record<string, SessionUser> = {};
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};
let sanitation = 0;
let enforcement = 0;
let street = '';
const CENTRE = { lon: 121.4, lat: 37.54 };
const at = (local: string) => new Date(`2026-03-${local}:00+08:00`);
const MARCH = 'period=month&date=2026-03-15';

async function photo(who: string): Promise<string> {
  const png = await sharp({
    create: { width: 32, height: 24, channels: 3, background: { r: 20, g: 120, b: 40 } },
  })
    .png()
    .toBuffer();
  const boundary = '----cityloop';
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { cookie: cookie[who]!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
}

async function report(name: string, who: string, when: string, extra: object = {}) {
  const r = await t.app.services.cases.report(
    { kind: 'event', category: '0102', ...CENTRE, description: `测试案件 ${name}`, ...extra },
    userActor(user[who]!),
    { now: at(when) },
  );
  ids[name] = r.case.id;
}

async function act(name: string, who: string, when: string, body: CaseActionRequest) {
  await t.app.services.cases.act(ids[name]!, body, userActor(user[who]!), { now: at(when) });
}

const get = (url: string, who = 'leader') => t.app.inject({ url, headers: { cookie: cookie[who]! } });

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of [
    'inspector',
    'operator',
    'hotline',
    'shiftleader',
    'dispatcher',
    'supervisor',
    'leader',
    'admin',
    'sanitation.zhifu',
    'enforcement.zhifu',
    'zhifu.dispatcher',
    'laishan.dispatcher',
  ]) {
    cookie[u] = await t.login(u);
    user[u] = (await t.app.services.auth.userForToken(cookie[u].split('=')[1]!))!;
  }
  const depts = [...(await t.app.services.org.allDepartments()).values()];
  sanitation = depts.find((d) => d.code === 'sanitation-zhifu')!.id;
  enforcement = depts.find((d) => d.code === 'enforcement-zhifu')!.id;
  const done = async (name: string, when: string) =>
    act(name, 'sanitation.zhifu', when, { action: 'report_done', photos: [await photo('sanitation.zhifu')] });

  // A: on time throughout (Tue 10 March).
  await report('A', 'inspector', '10T09:00');
  await act('A', 'operator', '10T09:10', { action: 'accept' });
  await act('A', 'shiftleader', '10T09:20', { action: 'file' });
  await act('A', 'dispatcher', '10T09:30', { action: 'dispatch', unitId: sanitation }); // due 15:00
  await act('A', 'sanitation.zhifu', '10T10:00', { action: 'start' });
  await done('A', '10T11:00');
  await act('A', 'operator', '10T11:05', { action: 'to_check' }); // check due 11:30
  await act('A', 'inspector', '10T11:15', { action: 'check', passed: true });
  await act('A', 'shiftleader', '10T11:20', { action: 'close' });

  // B: late at several steps, one rework.
  await report('B', 'inspector', '10T09:00');
  await act('B', 'operator', '10T09:50', { action: 'accept' }); // due 09:30: late
  await act('B', 'shiftleader', '10T10:00', { action: 'file' }); // due 10:20
  await act('B', 'dispatcher', '10T11:00', { action: 'dispatch', unitId: sanitation }); // due 10:30: late
  await done('B', '10T16:45'); // due 16:30: late
  await act('B', 'operator', '10T16:50', { action: 'to_check' }); // check due 17:15
  await act('B', 'inspector', '10T17:00', { action: 'check', passed: false, comment: '仍有垃圾' });
  await done('B', '11T09:00'); // rework due 12:00 on the 11th
  await act('B', 'operator', '11T09:40', { action: 'to_check' }); // check due 09:30: late
  await act('B', 'inspector', '11T09:50', { action: 'check', passed: true }); // late
  await act('B', 'shiftleader', '11T11:00', { action: 'close' }); // due 10:20: late

  // C: wrong unit, sent back, re-dispatched, never done; urged.
  await report('C', 'inspector', '12T09:00');
  await act('C', 'operator', '12T09:05', { action: 'accept' });
  await act('C', 'shiftleader', '12T09:10', { action: 'file' });
  await act('C', 'dispatcher', '12T09:15', { action: 'dispatch', unitId: enforcement });
  await act('C', 'enforcement.zhifu', '12T09:30', { action: 'request_send_back', reason: '不属本单位' });
  await act('C', 'dispatcher', '12T09:40', { action: 'approve_send_back' });
  await act('C', 'dispatcher', '12T09:50', { action: 'dispatch', unitId: sanitation }); // due 15:20
  await act('C', 'supervisor', '13T10:00', { action: 'urge', comment: '尽快处置' });

  // G: the inspector reports C again and confirms it is the same problem.
  await report('G', 'inspector', '12T10:00', { duplicateOf: ids.C });

  // D: an extension of 2 working hours (Mon 16 March).
  await report('D', 'inspector', '16T09:00');
  await act('D', 'operator', '16T09:05', { action: 'accept' });
  await act('D', 'shiftleader', '16T09:10', { action: 'file' });
  await act('D', 'dispatcher', '16T09:15', { action: 'dispatch', unitId: sanitation }); // due 14:45
  await act('D', 'sanitation.zhifu', '16T10:00', { action: 'request_extension', hours: 2, reason: '需调车' });
  await act('D', 'dispatcher', '16T10:10', { action: 'approve_extension' }); // due 16:45
  await done('D', '16T16:00');
  await act('D', 'operator', '16T16:05', { action: 'to_check' });
  await act('D', 'inspector', '16T16:10', { action: 'check', passed: true });
  await act('D', 'shiftleader', '16T16:20', { action: 'close' });

  // E: suspended before its deadline (Tue 17 March, due 14:45) and still suspended.
  await report('E', 'inspector', '17T09:00');
  await act('E', 'operator', '17T09:05', { action: 'accept' });
  await act('E', 'shiftleader', '17T09:10', { action: 'file' });
  await act('E', 'dispatcher', '17T09:15', { action: 'dispatch', unitId: sanitation });
  await act('E', 'sanitation.zhifu', '17T10:00', { action: 'request_suspension', reason: '待资金' });
  await act('E', 'dispatcher', '17T10:10', { action: 'approve_suspension' });

  // F: a hotline report in the inspector's grid, confirmed on site, refused at filing.
  await report('F', 'hotline', '18T09:00', { source: 'hotline' });
  await act('F', 'inspector', '18T09:20', { action: 'verify', confirmed: true });
  await act('F', 'shiftleader', '18T09:25', { action: 'refuse', comment: '不符合立案条件' });

  // H: rejected at intake.
  await report('H', 'inspector', '19T09:00');
  await act('H', 'operator', '19T09:10', { action: 'reject', comment: '非城管问题' });

  const a = await t.app.services.cases.byId(t.app.platform.db, ids.A!);
  street = a!.street_code;
  // The scenario assumes the centre lies in the demo inspector's supervision grids.
  expect(user.inspector!.supervisionGridCodes).toContain(a!.supervision_grid_code);
}, 120_000);
afterAll(() => t.close());

type Row = {
  id: string;
  name: string;
  counts: Record<string, number>;
  rates: Record<string, number | null>;
  score: number | null;
  grade: string | null;
  rank: number | null;
};
async function rows(subject: string, who = 'leader', query = MARCH): Promise<Row[]> {
  const res = await get(`/api/evaluation/${subject}?${query}`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().rows as Row[];
}
const rowOf = (list: Row[], id: number | string) => list.find((r) => r.id === String(id))!;

async function drill(subject: string, id: number | string, metric: string, who = 'leader') {
  const res = await get(`/api/evaluation/${subject}/${id}/cases?metric=${metric}&${MARCH}`, who);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Array<{ id: number }>).map((c) => c.id).sort((x, y) => x - y);
}
const casesNamed = (...names: string[]) => names.map((n) => ids[n]!).sort((x, y) => x - y);

describe('evaluation of a month from the event rows', () => {
  it('counts an inspector’s reports, verifications, checks and missed reports', async () => {
    const list = await rows('inspectors');
    const r = rowOf(list, user.inspector!.id);
    expect(r.counts).toMatchObject({
      reported: 7,
      valid: 6,
      verificationsDue: 1,
      verificationsOnTime: 1,
      checksDue: 4,
      checksOnTime: 3,
      missed: 1,
      filed: 5,
    });
    expect(r.rates.validReport).toBeCloseTo(6 / 7, 12);
    expect(r.rates.missedReport).toBe(0.2);
    // 40 × 6/7 + 20 × (1 − 0.2) + 20 × 1 + 20 × 3/4 = 85.2857…
    expect(r).toMatchObject({ score: 85.29, grade: 'B', rank: 1 });
    expect(r.name).toMatch(/^监督员/);
  });

  it('scores intake operators on volume against the busiest and on time', async () => {
    const list = await rows('operators');
    const op = rowOf(list, user.operator!.id);
    expect(op.counts).toMatchObject({
      intake: 6,
      verifyDispatchDue: 6,
      verifyDispatchedOnTime: 5,
      checkDispatchDue: 4,
      checkDispatchedOnTime: 3,
    });
    // 25 × 6/6 + 40 × 5/6 + 35 × 3/4 = 84.5833…
    expect(op).toMatchObject({ score: 84.58, grade: 'B', rank: 1 });
    // The hotline seat took one call: volume 1/6 of the busiest and nothing else to judge.
    const seat = rowOf(list, user.hotline!.id);
    expect(seat.counts.intake).toBe(1);
    expect(seat).toMatchObject({ score: 16.67, grade: 'E', rank: 2 });
  });

  it('scores the shift leader on filing and the close step', async () => {
    const r = rowOf(await rows('shift_leaders'), user.shiftleader!.id);
    expect(r.counts).toMatchObject({
      filingDue: 6,
      filedOnTime: 6,
      filed: 5,
      filedAccurate: 5,
      closeDue: 3,
      closed: 3,
      closedOnTime: 2,
    });
    // 25 × 1 + 40 × 1 + 35 × 2/3 = 88.333…
    expect(r).toMatchObject({ score: 88.33, grade: 'B', rank: 1 });
  });

  it('counts a dispatch that was sent back as inaccurate', async () => {
    const list = await rows('dispatchers');
    const r = rowOf(list, user.dispatcher!.id);
    expect(r.counts).toMatchObject({ dispatchDue: 6, dispatched: 6, dispatchedOnTime: 5, sendBacks: 1 });
    // 20 × 1 + 40 × 5/6 + 40 × 5/6 = 86.666…
    expect(r).toMatchObject({ score: 86.67, grade: 'B', rank: 1 });
    expect(await drill('dispatchers', user.dispatcher!.id, 'sendBacks')).toEqual(casesNamed('C'));
  });

  it('scores the handling unit; the suspended case leaves the denominators', async () => {
    const list = await rows('units');
    const r = rowOf(list, sanitation);
    expect(r.name).toBe('芝罘区环卫处');
    expect(r.counts).toMatchObject({
      disposalDue: 5,
      disposed: 4,
      disposedOnTime: 3,
      overduePending: 1,
      closeDue: 5,
      closed: 3,
      closedOnTime: 3,
      suspended: 1,
      rework: 1,
      extensions: 1,
      urges: 1,
      sendBacks: 0,
    });
    expect(r.rates).toMatchObject({
      disposal: 0.8,
      onTimeDisposal: 0.6,
      overduePending: 0.2,
      closing: 0.75,
      onTimeClosing: 0.75,
      rework: 0.2,
      extension: 0.2,
    });
    // 30 × 0.8 + 20 × 0.6 + 20 × 0.8 + 20 × 0.8 + 10 × 0.8 = 76
    expect(r).toMatchObject({ score: 76, grade: 'B', rank: 1 });
    const wrong = rowOf(list, enforcement);
    expect(wrong.counts.sendBacks).toBe(1);
    expect(wrong).toMatchObject({ score: null, grade: null, rank: null });
  });

  it('lists in a drill-down exactly what the figure counts: a reworked case disposed twice counts twice', async () => {
    const res = await get(`/api/evaluation/units/${sanitation}/cases?metric=disposed&${MARCH}`, 'leader');
    const items = res.json().items as Array<{ id: number; counted: number; countedAt: string[] }>;
    expect(items.find((c) => c.id === ids.B)).toMatchObject({ counted: 2 });
    expect(items.find((c) => c.id === ids.B)!.countedAt).toHaveLength(2);
    // Every figure of these rows equals the times its drill-down lists.
    for (const [subject, id] of [
      ['units', sanitation],
      ['inspectors', user.inspector!.id],
      ['streets', street],
    ] as const) {
      const counts = rowOf(await rows(subject), id).counts as Record<string, number>;
      for (const [metric, figure] of Object.entries(counts)) {
        const drilled = await get(
          `/api/evaluation/${subject}/${id}/cases?metric=${metric}&limit=200&${MARCH}`,
          'leader',
        );
        expect(drilled.statusCode, drilled.body).toBe(200);
        const listed = (drilled.json().items as Array<{ counted: number }>).reduce(
          (n, c) => n + c.counted,
          0,
        );
        expect(listed, `${subject} ${id} ${metric}`).toBe(figure);
      }
    }
  });

  it('drills down from a figure to exactly the cases behind it', async () => {
    expect(await drill('units', sanitation, 'disposalDue')).toEqual(casesNamed('A', 'B', 'C', 'D'));
    expect(await drill('units', sanitation, 'overduePending')).toEqual(casesNamed('C'));
    expect(await drill('units', sanitation, 'suspended')).toEqual(casesNamed('E'));
    expect(await drill('units', sanitation, 'rework')).toEqual(casesNamed('B'));
    const inspector = user.inspector!.id;
    expect(await drill('inspectors', inspector, 'missed')).toEqual(casesNamed('F'));
    expect(await drill('inspectors', inspector, 'valid')).toEqual(casesNamed('A', 'B', 'C', 'D', 'E', 'G'));
    expect(await drill('streets', street, 'reported')).toEqual(
      casesNamed('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'),
    );
    // Keyset pages: two at a time, newest first, no repeats.
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const res = await get(
        `/api/evaluation/inspectors/${inspector}/cases?metric=reported&${MARCH}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json() as { items: Array<{ id: number; code: string }>; nextCursor: number | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(casesNamed('A', 'B', 'C', 'D', 'E', 'G', 'H').reverse());
  });

  it('evaluates streets and districts over their cases with the unit composite', async () => {
    const s = rowOf(await rows('streets'), street);
    expect(s.counts).toMatchObject({ reported: 8, valid: 6, disposalDue: 5, closeDue: 5, sendBacks: 1 });
    expect(s.score).toBe(76);
    const d = rowOf(await rows('districts'), street.slice(0, 6));
    expect(d).toMatchObject({ name: '芝罘区', score: 76, rank: 1 });
  });

  it('shows a district account only its own district’s streets', async () => {
    const zhifu = await rows('streets', 'zhifu.dispatcher');
    expect(zhifu.length).toBeGreaterThan(0);
    for (const r of zhifu) expect(r.id.startsWith('370602'), r.id).toBe(true);
    expect(rowOf(zhifu, street).counts.reported).toBe(8);
    const laishan = await rows('streets', 'laishan.dispatcher');
    expect(laishan.length).toBeGreaterThan(0);
    for (const r of laishan) expect(r.id.startsWith('370613'), r.id).toBe(true);
    expect((await rows('districts', 'zhifu.dispatcher')).map((r) => r.id)).toEqual(['370602']);
    // And the cases behind another district's figure are out of reach.
    const res = await get(
      `/api/evaluation/streets/${street}/cases?metric=reported&${MARCH}`,
      'laishan.dispatcher',
    );
    expect(res.statusCode).toBe(403);
  });

  it('lets a handling unit read its own unit only', async () => {
    const own = await rows('units', 'sanitation.zhifu');
    expect(own.map((r) => r.id)).toEqual([String(sanitation)]);
    expect(own[0]).toMatchObject({ score: 76, rank: 1 });
    expect((await get(`/api/evaluation/streets?${MARCH}`, 'sanitation.zhifu')).statusCode).toBe(403);
    const other = await get(
      `/api/evaluation/units/${enforcement}/cases?metric=sendBacks&${MARCH}`,
      'sanitation.zhifu',
    );
    expect(other.statusCode).toBe(403);
  });

  it('applies the admin’s weights and denominators', async () => {
    const put = (body: object, who = 'admin') =>
      t.app.inject({
        method: 'PUT',
        url: '/api/evaluation/weights',
        headers: { cookie: cookie[who]! },
        payload: body,
      });
    const current = (await get('/api/evaluation/weights')).json();
    expect(current.options).toEqual({ excludeSuspended: true, includePending: true });
    expect((await put(current, 'leader')).statusCode).toBe(403);
    const unitOnlyDisposal = {
      disposal: 1,
      onTimeDisposal: 0,
      notRework: 0,
      notOverduePending: 0,
      notExtension: 0,
    };
    const res = await put({
      weights: { ...current.weights, unit: unitOnlyDisposal },
      options: { excludeSuspended: false, includePending: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = rowOf(await rows('units'), sanitation);
    // The suspended case E now counts as due and overdue: 4 / 6.
    expect(r.counts).toMatchObject({ disposalDue: 6, overduePending: 2, closeDue: 5, suspended: 1 });
    expect(r.rates.closing).toBe(0.6);
    expect(r.score).toBe(66.67);
    expect(
      (await put({ ...current, weights: { ...current.weights, unit: { ...unitOnlyDisposal, disposal: 0 } } }))
        .statusCode,
    ).toBe(400);
    expect((await put(current)).statusCode).toBe(200);
    expect(rowOf(await rows('units'), sanitation).score).toBe(76);
  });

  it('gives a daily trend whose buckets add up to the month', async () => {
    const res = await get(`/api/evaluation/units/trend?id=${sanitation}&${MARCH}&bucket=day`);
    expect(res.statusCode, res.body).toBe(200);
    const trend = res.json() as {
      points: Array<{ bucket: string; counts: Record<string, number>; score: number | null }>;
    };
    expect(trend.points).toHaveLength(31);
    expect(trend.points[0]!.bucket).toBe('2026-03-01');
    const total = (key: string) => trend.points.reduce((s, p) => s + p.counts[key]!, 0);
    expect(total('disposed')).toBe(4);
    expect(total('disposalDue')).toBe(5);
    const day10 = trend.points.find((p) => p.bucket === '2026-03-10')!;
    expect(day10.counts).toMatchObject({ disposed: 2, disposedOnTime: 1 });
    expect(trend.points.find((p) => p.bucket === '2026-03-12')!.counts.overduePending).toBe(1);
    const weekly = (await get(`/api/evaluation/streets/trend?${MARCH}&bucket=week`)).json();
    expect(weekly.points[0].bucket).toBe('2026-02-23');
    expect(
      weekly.points.reduce((s: number, p: { counts: { reported: number } }) => s + p.counts.reported, 0),
    ).toBe(8);
  });

  it('exports the rows and the definitions to Excel', async () => {
    const res = await get(`/api/evaluation/units/export.xlsx?${MARCH}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('综合评价')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 5)).toEqual(['排名', '专业部门', '编号', '综合得分', '等级']);
    expect(header).toContain('应处置数');
    expect(header).toContain('按时处置率');
    const units = await rows('units');
    expect(sheet.rowCount).toBe(units.length + 1);
    const first = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(first.slice(0, 5)).toEqual([1, '芝罘区环卫处', String(sanitation), 76, 'B']);
    expect(first[header.indexOf('应处置数')]).toBe(5);
    expect(first[header.indexOf('处置率')]).toBe(0.8);
    const defs = wb.getWorksheet('指标说明')!;
    expect(defs.rowCount).toBeGreaterThan(40);
  });
});

describe('the evaluation contract', () => {
  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/evaluation/{subject}',
        '/api/evaluation/{subject}/trend',
        '/api/evaluation/{subject}/{id}/cases',
        '/api/evaluation/{subject}/export.xlsx',
        '/api/evaluation/weights',
      ]),
    );
  });

  it('refuses a period with from after to, or only one end', async () => {
    expect(
      (await get('/api/evaluation/units?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z')).statusCode,
    ).toBe(400);
    expect((await get('/api/evaluation/units?from=2026-03-02T00:00:00Z')).statusCode).toBe(400);
    expect((await get('/api/evaluation/planets')).statusCode).toBe(400);
  });
});
