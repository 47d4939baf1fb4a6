import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  EmergencyCallout,
  EmergencyPonding,
  EmergencyReport,
  EmergencyResources,
  EmergencyRoster,
  EmergencySegmentReply,
  EmergencySnow,
  EmergencyState,
  EmergencyTask,
} from '@cityloop/domain/api';
import { SCHEDULER_ACTOR } from '../../actor.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { DEMO_FEED_KEY } from './emergency.module.js';

let t: TestApp;
const cookie: Record<string, string> = {};
const MIN = 60_000;

async function call<T = unknown>(
  who: string | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) {
  const res = await t.app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as object } : {}),
    headers: who ? { cookie: cookie[who]! } : {},
  });
  return { status: res.statusCode, body: res.json<T>() };
}

/** Plays a gauge: readings stored as its MQTT messages would be. */
async function readings(deviceId: string, points: Array<{ ts: number; values: Record<string, number> }>) {
  const device = t.app.services.devices.byId(deviceId)!;
  const { wait } = t.app.services.telemetry.ingest(device, Buffer.from(JSON.stringify(points)), Date.now());
  await wait;
}

const state = async () => (await call<EmergencyState>('commander', 'GET', '/api/emergency/state')).body;
const evaluate = () => t.app.services.emergencySensors.evaluate(SCHEDULER_ACTOR);

beforeAll(async () => {
  // No timers run in a test app (main.ts starts them): the test runs the evaluation when it means to.
  t = await makeTestApp();
  for (const u of [
    'commander',
    'leader',
    'admin',
    'shiftleader',
    'drainage.handler',
    'traffic.handler',
    'sanitation.zhifu',
    'sanitation.laishan',
    'citizen',
  ])
    cookie[u] = await t.login(u);
}, 120_000);
afterAll(() => t?.close());

describe('emergency command', () => {
  it('lists the plans per hazard with levels IV…I and their triggers', async () => {
    const { status, body } = await call<{
      items: Array<{ hazard: string; levels: Array<{ level: string; triggers: unknown[] }> }>;
    }>('commander', 'GET', '/api/emergency/plans');
    expect(status).toBe(200);
    expect(body.items.map((p) => p.hazard)).toEqual(['rainstorm', 'typhoon', 'snow']);
    for (const p of body.items) {
      expect(p.levels.map((l) => l.level)).toEqual(['IV', 'III', 'II', 'I']);
      for (const l of p.levels) expect(l.triggers.length).toBeGreaterThan(0);
    }
    expect((await call('citizen', 'GET', '/api/emergency/plans')).status).toBe(403);
  });

  it('an administrator edits a plan: a new version', async () => {
    const plans = (
      await call<{ items: Array<Record<string, unknown> & { hazard: string; version: number }> }>(
        'admin',
        'GET',
        '/api/emergency/plans',
      )
    ).body;
    const typhoon = plans.items.find((p) => p.hazard === 'typhoon')!;
    const { name, nameEn, levels } = typhoon;
    const res = await call<{ version: number; escalateAfterMin: number }>(
      'admin',
      'PUT',
      '/api/emergency/plans/typhoon',
      {
        name,
        nameEn,
        escalateAfterMin: 10,
        levels,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: typhoon.version + 1, escalateAfterMin: 10 });
    expect(
      (
        await call('commander', 'PUT', '/api/emergency/plans/typhoon', {
          name,
          nameEn,
          escalateAfterMin: 10,
          levels,
        })
      ).status,
    ).toBe(403);
    expect((await call('admin', 'PUT', '/api/emergency/plans/typhoon', { name, levels: [] })).status).toBe(
      400,
    );
  });

  it('warnings: the duty officer enters one, a feed posts one with its key; twice is once; bad input 4xx', async () => {
    const now = Date.now();
    const warning = {
      type: '01',
      colour: 'blue',
      area: '烟台市区',
      validFrom: new Date(now - MIN).toISOString(),
      validTo: new Date(now + 6 * 60 * MIN).toISOString(),
      issuer: '烟台市气象台',
    };
    const first = await call<{ id: number; code: string; inForce: boolean }>(
      'shiftleader',
      'POST',
      '/api/emergency/warnings',
      warning,
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ code: '0101', inForce: true });
    const again = await call<{ id: number }>('shiftleader', 'POST', '/api/emergency/warnings', warning);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(
      (await call('shiftleader', 'POST', '/api/emergency/warnings', { ...warning, colour: 'pink' })).status,
    ).toBe(400);
    const backwards = await call<{ error: { code: string } }>(
      'shiftleader',
      'POST',
      '/api/emergency/warnings',
      {
        ...warning,
        validTo: warning.validFrom,
        validFrom: warning.validTo,
      },
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('emergency.invalid_warning');
    expect((await call('drainage.handler', 'POST', '/api/emergency/warnings', warning)).status).toBe(403);

    const feed = {
      id: 'SD-2026-0001',
      code: '1402',
      area: '烟台市',
      validFrom: warning.validFrom,
      validTo: warning.validTo,
      issuer: '山东省气象台',
    };
    const post = (key?: string, body: object = feed) =>
      t.app.inject({
        method: 'POST',
        url: '/api/emergency/warnings/feed',
        payload: body,
        headers: key ? { 'x-api-key': key } : {},
      });
    expect((await post()).statusCode).toBe(401);
    expect((await post('wrong')).statusCode).toBe(401);
    const ok = await post(DEMO_FEED_KEY);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ type: '14', colour: 'yellow', hazard: 'snow', source: 'feed' });
    expect((await post(DEMO_FEED_KEY)).statusCode).toBe(200);
    expect((await post(DEMO_FEED_KEY, { ...feed, id: 'x2', code: '0299' })).statusCode).toBe(400);
    const listed = await call<{ items: Array<{ id: number }> }>(
      'commander',
      'GET',
      '/api/emergency/warnings',
    );
    expect(listed.body.items.filter((w) => w.id === first.body.id)).toHaveLength(1);
  });

  let responseId = 0;
  it('rainfall crossing the blue threshold proposes level IV with the gauge as evidence; a silent gauge is shown silent', async () => {
    const now = Date.now();
    // rg-0001: 52 mm over the last 7 hours (50 mm in 12 h, 45 in 6 h: blue, not yellow); rg-0002:
    // one reading 50 minutes ago, then silence.
    await readings(
      'rg-0001',
      Array.from({ length: 52 }, (_, i) => ({ ts: now - ((51 - i) * 8 + 1) * MIN, values: { rainfall: 1 } })),
    );
    await readings('rg-0002', [{ ts: now - 50 * MIN, values: { rainfall: 49 } }]);
    await evaluate();
    const s = await state();
    expect(s.rainstorm.response).toBeNull();
    expect(s.rainstorm.proposal).toMatchObject({ kind: 'activate', level: 'IV', state: 'open' });
    const item = s.rainstorm.proposal!.evidence.items.find((i) => i.trigger.kind === 'rainfall')!;
    expect(item.devices).toEqual([{ deviceId: 'rg-0001', value: 52 }]);
    expect(s.rainstorm.proposal!.evidence.silent).toContain('rg-0002');
    // The typhoon's blue warning proposes the typhoon plan's level IV; evaluating again changes nothing.
    expect(s.typhoon.proposal).toMatchObject({ kind: 'activate', level: 'IV' });
    await evaluate();
    expect((await state()).rainstorm.proposal!.id).toBe(s.rainstorm.proposal!.id);
  });

  it('the commander signs; the named people and departments are called and tasks made; a level II needs a leader', async () => {
    const s = await state();
    expect(
      (
        await call(
          'drainage.handler',
          'POST',
          `/api/emergency/proposals/${s.rainstorm.proposal!.id}/sign`,
          {},
        )
      ).status,
    ).toBe(403);
    const signed = await call<{ id: number; level: string; state: string }>(
      'commander',
      'POST',
      `/api/emergency/proposals/${s.rainstorm.proposal!.id}/sign`,
      { reason: '雨量站超蓝色阈值' },
    );
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ level: 'IV', state: 'active' });
    responseId = signed.body.id;
    const again = await call(
      'commander',
      'POST',
      `/api/emergency/proposals/${s.rainstorm.proposal!.id}/sign`,
      {},
    );
    expect(again.status).toBe(409);
    const after = await state();
    expect(after.rainstorm.response).toMatchObject({ id: responseId, level: 'IV' });
    expect(after.rainstorm.response!.evidence!.items.length).toBeGreaterThan(0);
    expect(after.rainstorm.proposal).toBeNull();

    const raise = await call<{ error: { code: string } }>('commander', 'POST', '/api/emergency/decisions', {
      hazard: 'rainstorm',
      kind: 'raise',
      level: 'II',
      reason: 'test',
    });
    expect(raise.status).toBe(403);
    expect(raise.body.error.code).toBe('emergency.signer_required');
  });

  it('call-and-acknowledge: each acknowledges their own; the console shows who has not', async () => {
    const list = (who: string) =>
      call<{ items: EmergencyCallout[] }>(who, 'GET', `/api/emergency/callouts?responseId=${responseId}`);
    const all = (await list('commander')).body.items;
    expect(all.map((c) => `${c.targetKind}:${c.target}`).sort()).toEqual(
      ['department:drainage', 'department:municipal', 'user:drainage.handler'].sort(),
    );
    const mine = (await list('drainage.handler')).body.items.filter((c) => c.mine);
    expect(mine.map((c) => c.target).sort()).toEqual(['drainage', 'drainage.handler']);
    const municipal = all.find((c) => c.target === 'municipal')!;
    expect(
      (await call('drainage.handler', 'POST', `/api/emergency/callouts/${municipal.id}/ack`)).status,
    ).toBe(403);
    for (const c of mine)
      expect((await call('drainage.handler', 'POST', `/api/emergency/callouts/${c.id}/ack`)).status).toBe(
        200,
      );
    expect(
      (await call('drainage.handler', 'POST', `/api/emergency/callouts/${mine[0]!.id}/ack`)).status,
    ).toBe(409);
    const now = (await list('commander')).body.items;
    expect(now.filter((c) => c.ackedAt === null).map((c) => c.target)).toEqual(['municipal']);
    const tasks = (
      await call<{ items: EmergencyTask[] }>('drainage.handler', 'GET', '/api/emergency/tasks?mine=true')
    ).body.items;
    expect(tasks.length).toBe(2);
    expect(
      (await call('drainage.handler', 'POST', `/api/emergency/tasks/${tasks[0]!.id}/ack`, {})).status,
    ).toBe(200);
  });

  it('an underpass in red opens a closure task for traffic, done by its crew', async () => {
    const underpass = (
      await call<{ items: Array<{ deviceId: string; kind: string }> }>(
        'commander',
        'GET',
        '/api/emergency/sites',
      )
    ).body.items.find((s) => s.kind === 'underpass')!;
    await readings(underpass.deviceId, [{ ts: Date.now() - 1000, values: { depth: 31 } }]);
    await evaluate();
    // The reading over the point's yellow depth opened a ponding episode from the gauge.
    const open = (
      await call<{ items: EmergencyPonding[] }>('commander', 'GET', '/api/emergency/ponding')
    ).body.items.find((p) => p.deviceId === underpass.deviceId)!;
    expect(open).toMatchObject({ source: 'sensor', endedAt: null, peakCm: 31, targetMin: 120 });
    await evaluate();
    const sites = (
      await call<{ items: Array<{ deviceId: string; colour: string | null }> }>(
        'commander',
        'GET',
        '/api/emergency/sites',
      )
    ).body.items;
    expect(sites.find((s) => s.deviceId === underpass.deviceId)!.colour).toBe('red');
    const closures = (
      await call<{ items: EmergencyTask[] }>('traffic.handler', 'GET', '/api/emergency/tasks?mine=true')
    ).body.items.filter((x) => x.kind === 'closure');
    expect(closures).toHaveLength(1);
    expect(closures[0]!.deviceId).toBe(underpass.deviceId);
    const done = await call<EmergencyTask>(
      'traffic.handler',
      'POST',
      `/api/emergency/tasks/${closures[0]!.id}/done`,
      { note: '已封闭' },
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'done', note: '已封闭' });
  });

  it('teams, equipment and stock; a team called out is answered by its department; material use lowers stock', async () => {
    const res = (await call<EmergencyResources>('commander', 'GET', '/api/emergency/resources')).body;
    expect(res.teams.map((x) => x.code)).toContain('drain-1');
    expect(res.teams.find((x) => x.code === 'snow-zhifu')!.equipment).toMatchObject({
      plough: 4,
      spreader: 3,
    });
    expect(res.equipment.filter((e) => e.kind === 'pump_truck')).toHaveLength(5);
    const sandbags = res.stock.find((x) => x.depot === 'north' && x.material === 'sandbag')!;
    expect(sandbags).toMatchObject({ unit: 'pcs', quantity: 12000 });
    const called = await call<{ added: number }>('commander', 'POST', '/api/emergency/callouts', {
      responseId,
      targets: [{ kind: 'team', target: 'drain-1' }],
    });
    expect(called.body.added).toBe(1);
    expect(
      (
        await call('commander', 'POST', '/api/emergency/callouts', {
          responseId,
          targets: [{ kind: 'team', target: 'nope' }],
        })
      ).status,
    ).toBe(404);
    const team = (
      await call<{ items: EmergencyCallout[] }>(
        'drainage.handler',
        'GET',
        `/api/emergency/callouts?responseId=${responseId}`,
      )
    ).body.items.find((c) => c.targetKind === 'team')!;
    expect(team).toMatchObject({ target: 'drain-1', targetName: '排水抢险一队', mine: true });
    expect((await call('drainage.handler', 'POST', `/api/emergency/callouts/${team.id}/ack`)).status).toBe(
      200,
    );
    expect(
      (await call<EmergencyResources>('commander', 'GET', '/api/emergency/resources')).body.teams.find(
        (x) => x.code === 'drain-1',
      )!.called,
    ).toBe(true);
    const use = await call('shiftleader', 'POST', '/api/emergency/materials/use', {
      depot: 'north',
      material: 'sandbag',
      quantity: 400,
    });
    expect(use.status).toBe(201);
    expect(use.body).toMatchObject({ responseId, quantity: 400 });
    expect(
      (
        await call('shiftleader', 'POST', '/api/emergency/materials/use', {
          depot: 'north',
          material: 'sandbag',
          quantity: 1e6,
        })
      ).status,
    ).toBe(409);
    const after = (await call<EmergencyResources>('commander', 'GET', '/api/emergency/resources')).body;
    expect(after.stock.find((x) => x.depot === 'north' && x.material === 'sandbag')!.quantity).toBe(11600);
    expect(
      (await call('shiftleader', 'PUT', '/api/emergency/equipment/pump-truck-north-1', { state: 'deployed' }))
        .status,
    ).toBe(200);
  });

  it('the duty roster is drawn for the level in force: day and night shifts; check-in with hand-over notes', async () => {
    const r = (await call<EmergencyRoster>('commander', 'GET', '/api/emergency/roster')).body;
    expect(r.level).toBe('IV');
    const day = r.items.filter((x) => x.shift === 'day');
    expect(day.map((x) => x.department).sort()).toEqual(['drainage', 'municipal']);
    expect(r.items.filter((x) => x.shift === 'night')).toHaveLength(2);
    expect(day.find((x) => x.department === 'drainage')!.username).toBe('drainage.handler');
    const checked = await call<{ checkedInAt: string | null; handover: string }>(
      'shiftleader',
      'POST',
      `/api/emergency/roster/${day[0]!.id}`,
      { checkIn: true, handover: '泵站全部开启' },
    );
    expect(checked.status).toBe(200);
    expect(checked.body.checkedInAt).not.toBeNull();
    // The same day again is the same roster (edits kept).
    const again = (await call<EmergencyRoster>('commander', 'GET', `/api/emergency/roster?day=${r.day}`))
      .body;
    expect(again.items.map((x) => x.id)).toEqual(r.items.map((x) => x.id));
    expect(again.items.find((x) => x.id === day[0]!.id)!.handover).toBe('泵站全部开启');
  });

  it('ponding: the gauge back under ends the episode; a reported one of 150 minutes misses the 2 h target', async () => {
    const underpass = (
      await call<{ items: EmergencyPonding[] }>('commander', 'GET', '/api/emergency/ponding')
    ).body.items.find((p) => p.endedAt === null)!;
    await readings(underpass.deviceId, [{ ts: Date.now(), values: { depth: 3 } }]);
    await evaluate();
    const ended = (
      await call<{ items: EmergencyPonding[] }>('commander', 'GET', '/api/emergency/ponding')
    ).body.items.find((p) => p.id === underpass.id)!;
    expect(ended.endedAt).not.toBeNull();
    expect(ended.met).toBe(true);
    const now = Date.now();
    const reported = await call<EmergencyPonding>('drainage.handler', 'POST', '/api/emergency/ponding', {
      deviceId: underpass.deviceId,
      startedAt: new Date(now - 150 * MIN).toISOString(),
      endedAt: new Date(now).toISOString(),
    });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({ source: 'reported', met: false });
    expect(reported.body.minutes).toBeCloseTo(150, 0);
    expect(
      (
        await call('drainage.handler', 'POST', '/api/emergency/ponding', {
          deviceId: underpass.deviceId,
          startedAt: new Date(now + 10 * MIN).toISOString(),
        })
      ).status,
    ).toBe(400);
  });

  it('the commander ends the response; a dismissed proposal is not made again; every change is an event', async () => {
    const ended = await call<{ state: string }>('commander', 'POST', '/api/emergency/decisions', {
      hazard: 'rainstorm',
      kind: 'end',
      reason: '雨停，积水退去',
    });
    expect(ended.status).toBe(200);
    expect(ended.body.state).toBe('ended');
    await evaluate();
    const p = (await state()).rainstorm.proposal!;
    expect(p).toMatchObject({ kind: 'activate' });
    expect(
      (await call('commander', 'POST', `/api/emergency/proposals/${p.id}/dismiss`, { reason: '雨已停' }))
        .status,
    ).toBe(200);
    await evaluate();
    expect((await state()).rainstorm.proposal).toBeNull();
    const events = (
      await call<{ items: Array<{ kind: string }> }>(
        'commander',
        'GET',
        `/api/emergency/events?responseId=${responseId}`,
      )
    ).body.items;
    const kinds = events.map((e) => e.kind);
    for (const k of [
      'activated',
      'called',
      'acknowledged',
      'task_acknowledged',
      'closure_opened',
      'task_done',
      'ended',
    ])
      expect(kinds).toContain(k);
    const report = await call<EmergencyReport>(
      'commander',
      'GET',
      `/api/emergency/responses/${responseId}/report`,
    );
    expect(report.status).toBe(200);
    expect(report.body.response.state).toBe('ended');
    expect(report.body.timeline[0]!.kind).toBe('activated');
    expect(report.body.callouts.find((c) => c.target === 'drainage')!.minutesToAck).not.toBeNull();
    expect(report.body.callouts.find((c) => c.target === 'municipal')!.minutesToAck).toBeNull();
    expect(report.body.tasks.find((x) => x.kind === 'closure')!.minutesToDone).not.toBeNull();
    expect(report.body.peaks).toContainEqual({ deviceId: 'rg-0001', value: 52, kind: 'rainfall' });
    expect(report.body.ponding.map((p) => p.source).sort()).toEqual(['reported', 'sensor']);
    expect(report.body.materials).toMatchObject([{ material: 'sandbag', quantity: 400 }]);
    const xlsx = await t.app.inject({
      url: `/api/emergency/responses/${responseId}/report.xlsx`,
      headers: { cookie: cookie.commander! },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await call('commander', 'GET', '/api/emergency/responses/999999/report')).status).toBe(404);
    expect(
      (
        await call('commander', 'POST', '/api/emergency/decisions', {
          hazard: 'rainstorm',
          kind: 'end',
          reason: 'x',
        })
      ).status,
    ).toBe(409);
  });

  it('snow: crews mark their segments passable and clean; a repeated upload counts once; the report shows targets met and missed', async () => {
    const none = (await call<EmergencySnow>('sanitation.zhifu', 'GET', '/api/emergency/snow?mine=true')).body;
    expect(none.responseId).toBeNull();
    const first = none.segments[0]!;
    expect(
      (
        await call('sanitation.zhifu', 'POST', `/api/emergency/snow/segments/${first.id}/report`, {
          stage: 'passable',
          clientId: 'phone-a-0001',
        })
      ).status,
    ).toBe(409);
    const activated = await call<{ id: number }>('commander', 'POST', '/api/emergency/decisions', {
      hazard: 'snow',
      kind: 'activate',
      level: 'IV',
      reason: '中雪，启动清雪',
    });
    expect(activated.status).toBe(200);
    const snowId = activated.body.id;
    // The snow began 30 hours ago (the response is dated back): a is cleared in time (the phone was
    // offline and sends when the crew saw it), b only now, after both its targets.
    await t.app.platform.db.query(
      `update emergency_responses set started_at = started_at - interval '30 hours' where id = $1`,
      [snowId],
    );
    const mine = (await call<EmergencySnow>('sanitation.zhifu', 'GET', '/api/emergency/snow?mine=true')).body;
    expect(mine.responseId).toBe(snowId);
    expect(mine.segments.length).toBeGreaterThan(2);
    expect(mine.segments.every((x) => x.team === 'snow-zhifu' && x.mine)).toBe(true);
    const [a, b] = mine.segments as [EmergencySnow['segments'][number], EmergencySnow['segments'][number]];
    expect(b.overdue).toBe(true);
    const start = Date.parse(mine.startedAt!);
    const report = (who: string, id: number, body: object) =>
      call<EmergencySegmentReply>(who, 'POST', `/api/emergency/snow/segments/${id}/report`, body);
    const seen = (h: number) => new Date(start + h * 3_600_000).toISOString();
    // The snow clock: clean counts from the snow's stop once the duty officer records it (an hour
    // after the start here); passable still from the start. Not before the start, not ahead.
    expect(mine.snowStoppedAt).toBeNull();
    const stop = (at?: string) =>
      call<{ snowStoppedAt: string }>('commander', 'POST', '/api/emergency/snow/stopped', at ? { at } : {});
    expect((await stop(seen(-1))).status).toBe(409);
    expect((await stop(seen(40))).status).toBe(409);
    expect((await stop('2026-02-30T10:00:00Z')).status).toBe(400);
    expect((await call('sanitation.zhifu', 'POST', '/api/emergency/snow/stopped', {})).status).toBe(403);
    expect((await stop(seen(1))).body.snowStoppedAt).toBe(seen(1));
    const clocked = (await call<EmergencySnow>('sanitation.zhifu', 'GET', '/api/emergency/snow?mine=true'))
      .body;
    expect(clocked.snowStoppedAt).toBe(seen(1));
    const hour = 3_600_000;
    for (const [i, before] of mine.segments.entries()) {
      const after = clocked.segments[i]!;
      expect(after.passableBy).toBe(before.passableBy);
      expect(Date.parse(after.cleanBy!) - Date.parse(before.cleanBy!)).toBe(hour);
    }
    const p1 = await report('sanitation.zhifu', a.id, {
      stage: 'passable',
      clientId: 'phone-a-0002',
      deicerT: 1.5,
      at: seen(1),
    });
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({ duplicate: false, segment: { state: 'passable', passableAt: seen(1) } });
    // The phone was offline and sends it again: once.
    const p2 = await report('sanitation.zhifu', a.id, {
      stage: 'passable',
      clientId: 'phone-a-0002',
      deicerT: 1.5,
      at: seen(1),
    });
    expect(p2.body.duplicate).toBe(true);
    expect(
      (await report('sanitation.laishan', a.id, { stage: 'clean', clientId: 'phone-b-0001' })).status,
    ).toBe(403);
    const c1 = await report('sanitation.zhifu', a.id, {
      stage: 'clean',
      clientId: 'phone-a-0003',
      at: seen(3),
    });
    expect(c1.body.segment).toMatchObject({ state: 'clean', overdue: false });
    // b is cleaned in one go (clean implies passable), after its targets.
    expect(
      (await report('sanitation.zhifu', b.id, { stage: 'clean', clientId: 'phone-a-0004' })).body.segment,
    ).toMatchObject({ state: 'clean', overdue: false });
    const all = (await call<EmergencySnow>('commander', 'GET', '/api/emergency/snow')).body;
    const cls = all.summary.find((x) => x.roadClass === a.roadClass)!;
    expect(cls.clean).toBeGreaterThanOrEqual(1);
    expect(all.summary.reduce((n, x) => n + x.clean, 0)).toBe(2);
    expect(all.summary.reduce((n, x) => n + x.overdue, 0)).toBeGreaterThan(0);
    expect(all.deicerT).toBe(1.5);
    expect(
      (
        await call('commander', 'POST', '/api/emergency/decisions', {
          hazard: 'snow',
          kind: 'end',
          reason: '雪停路净',
        })
      ).status,
    ).toBe(200);
    const r = (await call<EmergencyReport>('commander', 'GET', `/api/emergency/responses/${snowId}/report`))
      .body;
    expect(
      r.segments
        .filter((x) => x.cleanAt)
        .map((x) => x.id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    const met = r.snowTargets.reduce((n, x) => n + x.met, 0);
    const missed = r.snowTargets.reduce((n, x) => n + x.missed, 0);
    // a: passable and clean in time; b: both late, like every segment whose deadline has passed.
    expect(met).toBe(2);
    expect(missed).toBeGreaterThanOrEqual(2);
    expect(
      r.snowTargets.find((x) => x.roadClass === b.roadClass && x.stage === 'passable')!.missed,
    ).toBeGreaterThan(0);
    const events = r.timeline.filter((e) => e.kind === 'segment_reported');
    expect(events.length).toBe(4);
    for (const lang of ['zh', 'en'])
      expect(
        (
          await t.app.inject({
            url: `/api/emergency/responses/${snowId}/report.xlsx?lang=${lang}`,
            headers: { cookie: cookie.commander! },
          })
        ).statusCode,
      ).toBe(200);
  });

  it('the after-action report reads in zh and en (what the PDF prints)', async () => {
    const { reportHtml } = await import('./emergency.report.js');
    const r = (
      await call<EmergencyReport>('commander', 'GET', `/api/emergency/responses/${responseId}/report`)
    ).body;
    const en = reportHtml(r, 'en', 'Asia/Shanghai');
    for (const words of ['after-action report', 'Activated', 'Ponding duration', 'missed', 'Sandbags (pcs)'])
      expect(en).toContain(words);
    const zh = reportHtml(r, 'zh', 'Asia/Shanghai');
    for (const words of ['应急响应总结报告', '启动响应', '积水时长', '超时', '沙袋（个）'])
      expect(zh).toContain(words);
    expect((await call('citizen', 'GET', `/api/emergency/responses/${responseId}/report.pdf`)).status).toBe(
      403,
    );
  });
});
