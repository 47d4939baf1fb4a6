import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmergencyCallout, EmergencyReport, EmergencyState, EmergencyTask } from '@cityloop/domain/api';
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
});
