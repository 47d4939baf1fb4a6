import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseActionRequest } from '@cityloop/domain';
import type { SessionUser } from '../../http/access.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { userNamed } from '../../testing/factories.js';
import { userActor } from '../../actor.js';

let t: TestApp;
const cookie: Record<string, string> = {};
const users: Record<string, SessionUser> = {};
let photoId = '';
let unitId = 0;
let handler: SessionUser;
const ZHIFU = { lon: 121.4, lat: 37.54 };
let LAISHAN = { lon: 0, lat: 0 };
const HOUR = 3_600_000;

const user = (username: string) => userNamed(t, username);

/**
 * A hotline call driven through the loop to closed by the case service (each step at `start` plus
 * a minute): verified, filed, dispatched to the district's sanitation unit, done, checked, closed.
 */
async function closedCall(opts: { wantsReply?: boolean; phone?: string; at?: Date; where?: typeof ZHIFU }) {
  let at = opts.at ?? new Date(Date.now() - 2 * HOUR);
  const next = () => (at = new Date(at.getTime() + 60_000));
  const where = opts.where ?? ZHIFU;
  const { case: c } = await t.app.services.cases.report(
    {
      kind: 'event',
      category: '0102',
      ...where,
      description: '来电反映路边暴露垃圾',
      source: 'hotline',
      reporterName: '王女士',
      reporterPhone: opts.phone ?? '13812341234',
      wantsReply: opts.wantsReply ?? true,
    },
    userActor(users.hotline!),
    { now: at },
  );
  const unit = (await t.app.services.cases.suggestUnits(c))[0]!;
  const unitHandler = await handlerOf(unit.id);
  const inspector = await inspectorOf(c.street_code);
  const steps: Array<[SessionUser, CaseActionRequest]> = [
    [inspector, { action: 'verify', confirmed: true }],
    [users.shiftleader!, { action: 'file' }],
    [users.dispatcher!, { action: 'dispatch', unitId: unit.id }],
    ...rework(unitHandler, inspector),
  ];
  for (const [who, body] of steps)
    await t.app.services.cases.act(c.id, body, userActor(who), { now: next() });
  return { id: c.id, code: c.code, unitId: unit.id };
}

/** The unit's work from dispatch to closed. */
function rework(
  unitHandler: SessionUser,
  inspector = users.inspector!,
): Array<[SessionUser, CaseActionRequest]> {
  return [
    [unitHandler, { action: 'report_done', photos: [photoId] }],
    [users.operator!, { action: 'to_check' }],
    [inspector, { action: 'check', passed: true }],
    [users.shiftleader!, { action: 'close' }],
  ];
}

/** An inspector of the street (verifies and checks there). */
async function inspectorOf(streetCode: string): Promise<SessionUser> {
  const r = await t.app.platform.db.query<{ username: string }>(
    `select username from users where 'inspector' = any(roles) and jurisdiction_code = $1 order by id limit 1`,
    [streetCode],
  );
  return user(r.rows[0]!.username);
}

async function handlerOf(departmentId: number): Promise<SessionUser> {
  const r = await t.app.platform.db.query<{ username: string }>(
    `select username from users where department_id = $1 and 'handler' = any(roles) order by id limit 1`,
    [departmentId],
  );
  return user(r.rows[0]!.username);
}

const visit = (who: string, id: number, body: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/cases/${id}/actions`,
    headers: { cookie: cookie[who]! },
    payload: { action: 'return_visit', ...body },
  });

async function visits(who: string, state: 'due' | 'done' = 'due') {
  const res = await t.app.inject({
    url: `/api/visits?state=${state}&limit=200`,
    headers: { cookie: cookie[who]! },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<Record<string, unknown> & { caseId: number }>;
}

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['hotline', 'operator', 'inspector', 'shiftleader', 'dispatcher', 'admin', 'leader']) {
    cookie[u] = await t.login(u);
    users[u] = await user(u);
  }
  // Hotline seats of one district each, for the jurisdiction cases.
  for (const [username, code] of [
    ['zhifu.hotline', '370602'],
    ['laishan.hotline', '370613'],
  ] as const) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: cookie.admin! },
      payload: {
        username,
        displayName: username,
        password: 'cityloop-visit',
        roles: ['hotline'],
        jurisdiction: { level: 'district', code, departmentId: null },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    cookie[username] = await t.login(username, 'cityloop-visit');
  }
  // A unit grid of the other district (the small demo city's grids vary with the generator).
  const g = await t.app.platform.db.query<{ lon: number; lat: number }>(
    `select centroid_lon as lon, centroid_lat as lat from unit_grids where code like '370613%' order by code limit 1`,
  );
  LAISHAN = g.rows[0]!;
  expect(t.app.services.grids.codeAt(LAISHAN.lon, LAISHAN.lat)).toMatch(/^370613/);
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  photoId = (await t.app.services.attachments.upload(png, 'image/png', users.inspector!.id)).id;
  const unit = (
    await t.app.services.cases.suggestUnits({ kind: 'event', category: '0102', district_code: '370602' })
  )[0]!;
  unitId = unit.id;
  handler = await handlerOf(unitId);
  cookie.handler = await t.login(handler.username);
});
afterAll(() => t.close());

describe('the visit queue (回访)', () => {
  it('lists a closed call that wants a reply as due, with the phone masked; one that does not is not due', async () => {
    const wanted = await closedCall({ phone: '13812341234' });
    const quiet = await closedCall({ wantsReply: false });
    const due = await visits('hotline');
    const row = due.find((v) => v.caseId === wanted.id);
    expect(row).toMatchObject({
      code: wanted.code,
      caseState: 'closed',
      callerName: '王女士',
      phone: '138****1234',
      attempts: 0,
      result: null,
    });
    expect(JSON.stringify(due)).not.toContain('13812341234');
    expect(due.map((v) => v.caseId)).not.toContain(quiet.id);
    // An open case is not due either.
    const detail = (
      await t.app.inject({ url: `/api/cases/${wanted.id}`, headers: { cookie: cookie.hotline! } })
    ).json();
    expect(detail.allowedActions).toContain('return_visit');
  });

  it('a caller not reached stays due with the call counted; the third unanswered call ends the visit', async () => {
    const c = await closedCall({});
    const first = await visit('hotline', c.id, { reached: false, comment: '无人接听' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().state).toBe('closed');
    expect((await visits('hotline')).find((v) => v.caseId === c.id)).toMatchObject({
      attempts: 1,
      result: 'retry',
    });
    await visit('hotline', c.id, { reached: false });
    await visit('hotline', c.id, { reached: false });
    expect((await visits('hotline')).map((v) => v.caseId)).not.toContain(c.id);
    expect((await visits('hotline', 'done')).find((v) => v.caseId === c.id)).toMatchObject({
      result: 'unreached',
      attempts: 3,
      satisfaction: null,
    });
    expect((await visit('hotline', c.id, { reached: false })).statusCode).toBe(409);
  });

  it('a satisfied caller ends the visit; the visit is an event of the case and cannot be made twice', async () => {
    const c = await closedCall({});
    const res = await visit('hotline', c.id, {
      reached: true,
      satisfaction: 'satisfied',
      comment: '表示感谢',
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = res.json().events as Array<{ action: string; actorRole: string; comment: string }>;
    expect(events.at(-1)).toMatchObject({
      action: 'return_visit',
      actorRole: 'hotline',
      comment: '表示感谢',
      fromState: 'closed',
      toState: 'closed',
    });
    expect((await visits('hotline')).map((v) => v.caseId)).not.toContain(c.id);
    expect((await visits('hotline', 'done')).find((v) => v.caseId === c.id)).toMatchObject({
      result: 'reached',
      satisfaction: 'satisfied',
      visitedBy: expect.any(String),
      comment: '表示感谢',
    });
    const again = await visit('hotline', c.id, { reached: true, satisfaction: 'satisfied' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('case.invalid_transition');
    // Only the intake side visits; an answer must fit the outcome.
    const other = await closedCall({});
    expect((await visit('leader', other.id, { reached: false })).statusCode).toBe(403);
    expect((await visit('hotline', other.id, { reached: true })).statusCode).toBe(400);
  });

  it('a dissatisfied caller reopens the case: the same unit gets it again with a new deadline, and after rework it is due again', async () => {
    const c = await closedCall({});
    const noComment = await visit('hotline', c.id, { reached: true, satisfaction: 'dissatisfied' });
    expect(noComment.statusCode).toBe(400);
    const res = await visit('hotline', c.id, {
      reached: true,
      satisfaction: 'dissatisfied',
      comment: '垃圾又堆起来了',
    });
    expect(res.statusCode, res.body).toBe(200);
    const reopened = res.json();
    expect(reopened).toMatchObject({ state: 'dispatched', unitId: c.unitId, reworkCount: 1, closedAt: null });
    expect(Date.parse(reopened.disposalDueAt)).toBeGreaterThan(Date.now());
    // The history is kept: the first closing and the visit are still there.
    expect(reopened.events.map((e: { action: string }) => e.action).slice(-2)).toEqual([
      'close',
      'return_visit',
    ]);
    const inbox = (
      await t.app.inject({ url: '/api/cases?queue=inbox&limit=200', headers: { cookie: cookie.handler! } })
    ).json();
    expect(inbox.items.map((x: { id: number }) => x.id)).toContain(c.id);
    expect((await visits('hotline')).map((v) => v.caseId)).not.toContain(c.id);
    expect((await visits('hotline', 'done')).find((v) => v.caseId === c.id)).toMatchObject({
      caseState: 'dispatched',
      satisfaction: 'dissatisfied',
    });

    for (const [who, body] of rework(handler, await inspectorOf(reopened.streetCode)))
      await t.app.services.cases.act(c.id, body, userActor(who));
    expect((await visits('hotline')).find((v) => v.caseId === c.id)).toMatchObject({
      attempts: 0,
      caseState: 'closed',
    });
    const ok = await visit('hotline', c.id, { reached: true, satisfaction: 'basically_satisfied' });
    expect(ok.json().state).toBe('closed');
  });
});

describe('jurisdiction and the caller’s phone', () => {
  it('a district hotline seat sees and visits only its district’s callers', async () => {
    const zhifu = await closedCall({});
    const laishan = await closedCall({ where: LAISHAN });
    const zhifuDue = await visits('zhifu.hotline');
    expect(zhifuDue.map((v) => v.caseId)).toContain(zhifu.id);
    for (const v of zhifuDue) expect(v.districtCode).toBe('370602');
    expect((await visits('laishan.hotline')).map((v) => v.caseId)).toEqual(
      expect.arrayContaining([laishan.id]),
    );
    expect((await visits('laishan.hotline')).map((v) => v.caseId)).not.toContain(zhifu.id);
    expect((await visit('laishan.hotline', zhifu.id, { reached: false })).statusCode).toBe(403);
  });

  it('reveals the full number to a visitor in reach, and records who looked', async () => {
    const c = await closedCall({ phone: '13900001111' });
    const outside = await t.app.inject({
      method: 'POST',
      url: `/api/visits/${c.id}/phone`,
      headers: { cookie: cookie['laishan.hotline']! },
    });
    expect(outside.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/visits/${c.id}/phone`,
      headers: { cookie: cookie.hotline! },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ phone: '13900001111', callerName: '王女士' });
    const audit = await t.app.platform.db.query<{ username: string; action: string }>(
      `select username, action from audit_log where entity = 'case' and entity_id = $1`,
      [String(c.id)],
    );
    expect(audit.rows).toEqual([{ username: 'hotline', action: 'reveal_phone' }]);
    // The log names the case by its code and the seat by name, and finds it by the case's code.
    const admin = await t.login('admin');
    const log = await t.app.inject({ url: `/api/audit?q=${c.code}`, headers: { cookie: admin } });
    expect(log.json().items).toEqual([
      expect.objectContaining({
        action: 'reveal_phone',
        entity: 'case',
        entityId: String(c.id),
        entityName: c.code,
        username: 'hotline',
        userName: '热线坐席',
        userNameEn: 'Hotline agent',
      }),
    ]);
  });

  it('pages through the queue by cursor without repeats', async () => {
    for (let i = 0; i < 3; i++) await closedCall({});
    const seen = new Set<number>();
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ caseId: number }>; nextCursor: string | null } = (
        await t.app.inject({
          url: `/api/visits?state=due&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: { cookie: cookie.hotline! },
        })
      ).json();
      for (const v of page.items) {
        expect(seen.has(v.caseId)).toBe(false);
        seen.add(v.caseId);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe((await visits('hotline')).length);
    // The case page links to the visit of one case.
    const one = [...seen][0]!;
    const only = (
      await t.app.inject({ url: `/api/visits?caseId=${one}`, headers: { cookie: cookie.hotline! } })
    ).json();
    expect(only.items.map((v: { caseId: number }) => v.caseId)).toEqual([one]);
  });
});

describe('evaluation of return visits', () => {
  it('counts visits due, visited and satisfied from the event rows, per unit and district', async () => {
    // A fresh app: only these cases count.
    await t.close();
    t = await makeTestApp();
    for (const u of ['hotline', 'operator', 'inspector', 'shiftleader', 'dispatcher', 'leader']) {
      cookie[u] = await t.login(u);
      users[u] = await user(u);
    }
    handler = await handlerOf(unitId);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    photoId = (await t.app.services.attachments.upload(png, 'image/png', users.inspector!.id)).id;

    // A: not reached, then reached and satisfied. B: never reached in three calls.
    const a = await closedCall({});
    await visit('hotline', a.id, { reached: false });
    await visit('hotline', a.id, { reached: true, satisfaction: 'satisfied' });
    const b = await closedCall({});
    for (let i = 0; i < 3; i++) await visit('hotline', b.id, { reached: false });
    // C: dissatisfied (rework), reworked, closed again, basically satisfied.
    const c = await closedCall({});
    await visit('hotline', c.id, { reached: true, satisfaction: 'dissatisfied', comment: '未处理干净' });
    const street = (await t.app.services.cases.byId(t.app.platform.db, c.id))!.street_code;
    for (const [who, body] of rework(handler, await inspectorOf(street)))
      await t.app.services.cases.act(c.id, body, userActor(who));
    await visit('hotline', c.id, { reached: true, satisfaction: 'basically_satisfied' });
    // D: closed three days ago and never visited (due after 48 h: missed). E: closed just now (not
    // due yet). F: no reply wanted.
    await closedCall({ at: new Date(Date.now() - 72 * HOUR) });
    await closedCall({});
    await closedCall({ wantsReply: false });

    const from = new Date(Date.now() - 10 * 24 * HOUR).toISOString();
    const to = new Date(Date.now() + 24 * HOUR).toISOString();
    const report = async (subject: string) =>
      (
        await t.app.inject({
          url: `/api/evaluation/${subject}?from=${from}&to=${to}`,
          headers: { cookie: cookie.leader! },
        })
      ).json().rows as Array<{ id: string; counts: Record<string, number>; rates: Record<string, number> }>;

    // Due: A, B, C twice (each closing is visited), D = 5; visited: A, C, C = 3; satisfied 1 + 1.
    const expected = { visitsDue: 5, visited: 3, satisfied: 1, basicallySatisfied: 1 };
    const district = (await report('districts')).find((r) => r.id === '370602')!;
    expect(district.counts).toMatchObject({ ...expected, rework: 1 });
    expect(district.rates.returnVisit).toBeCloseTo(3 / 5);
    expect(district.rates.satisfaction).toBeCloseTo(2 / 3);
    const unit = (await report('units')).find((r) => r.id === String(unitId))!;
    expect(unit.counts).toMatchObject({ ...expected, rework: 1 });
    expect(unit.rates.satisfaction).toBeCloseTo(2 / 3);
    // The hotline seat's calls: the visits it ended (no pending ones: those belong to no seat yet).
    const seat = (await report('operators')).find((r) => r.id === String(users.hotline!.id))!;
    expect(seat.counts).toMatchObject({ visitsDue: 4, visited: 3 });
  });
});

describe('the visits made', () => {
  it('lists the newest call first, though older history was written later', async () => {
    // A visit recorded now, then one recorded after it but made a day earlier (as the demo's year
    // of history is written after today's cases): the list follows the time of the call.
    const recent = await closedCall({ at: new Date(Date.now() - 3 * HOUR) });
    const older = await closedCall({ at: new Date(Date.now() - 30 * HOUR) });
    const visitAt = (id: number, at: Date) =>
      t.app.services.cases.act(
        id,
        { action: 'return_visit', reached: true, satisfaction: 'satisfied' },
        userActor(users.hotline!),
        {
          now: at,
        },
      );
    await visitAt(recent.id, new Date(Date.now() - HOUR));
    await visitAt(older.id, new Date(Date.now() - 26 * HOUR));
    const done = (await visits('hotline', 'done')).map((v) => v.caseId);
    expect(done.indexOf(recent.id)).toBeLessThan(done.indexOf(older.id));
    // Paging keeps the order: a page of one, then the next from its cursor.
    const page = async (cursor?: string) =>
      (
        await t.app.inject({
          url: `/api/visits?state=done&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          headers: { cookie: cookie.hotline! },
        })
      ).json() as { items: Array<{ caseId: number; lastAttemptAt: string }>; nextCursor: string | null };
    const first = await page();
    const second = await page(first.nextCursor!);
    expect(first.items[0]!.lastAttemptAt >= second.items[0]!.lastAttemptAt).toBe(true);
  });
});
