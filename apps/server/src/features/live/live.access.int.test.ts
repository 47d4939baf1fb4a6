import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { SESSION_CHECK_MS } from './live.routes.js';
import { editUserAs } from '../../testing/factories.js';

/**
 * The access matrix of the live channel: every role subscribes to /ws while cases are reported and
 * moved through the loop, and receives exactly the events of the cases it may read with
 * GET /api/cases/{id} — its own reports for a citizen, its area for a district, its unit's cases
 * once dispatched for a handler.
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const ROLES = [
  'citizen',
  'inspector',
  'operator',
  'hotline',
  'shiftleader',
  'dispatcher',
  'zhifu.dispatcher',
  'laishan.dispatcher',
  'sanitation.zhifu',
  'water.handler',
  'supervisor',
  'leader',
  'utility',
  'commander',
  'admin',
] as const;
type Who = (typeof ROLES)[number];

interface Msg {
  type: string;
  data: Record<string, unknown>;
}

const ZHIFU_CENTRE = { lon: 121.4, lat: 37.54 };

describe('live channel access matrix', () => {
  const cookies = new Map<Who, string>();
  const sockets = new Map<Who, WebSocket>();
  const got = new Map<Who, Msg[]>();
  const cookie = (who: Who) => cookies.get(who)!;
  const post = (who: Who, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { cookie: cookie(who) }, payload });

  beforeAll(async () => {
    for (const who of ROLES) {
      cookies.set(who, await t.login(who));
      const ws = await t.app.injectWS('/ws', { headers: { cookie: cookie(who) } });
      const list: Msg[] = [];
      ws.on('message', (m: Buffer) => list.push(JSON.parse(m.toString()) as Msg));
      sockets.set(who, ws);
      got.set(who, list);
    }
  });
  afterAll(() => {
    for (const ws of sockets.values()) ws.terminate();
  });

  it('each role receives the events of exactly the cases it may read, as it may read them', async () => {
    // An inspector's report in Zhifu, taken through intake and dispatched to Zhifu's sanitation unit.
    const byInspector = await post('inspector', '/api/cases', {
      kind: 'event',
      category: '0102',
      description: '暴露垃圾（实时权限）',
      ...ZHIFU_CENTRE,
    });
    expect(byInspector.statusCode, byInspector.body).toBe(201);
    const a = byInspector.json().id as number;
    expect((await post('operator', `/api/cases/${a}/actions`, { action: 'accept' })).statusCode).toBe(200);
    expect((await post('shiftleader', `/api/cases/${a}/actions`, { action: 'file' })).statusCode).toBe(200);
    const filed = await t.app.inject({ url: `/api/cases/${a}`, headers: { cookie: cookie('dispatcher') } });
    const unit = (filed.json().suggestedUnits as Array<{ id: number; name: string }>)[0]!;
    const dispatched = await post('dispatcher', `/api/cases/${a}/actions`, {
      action: 'dispatch',
      unitId: unit.id,
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    // A citizen's own report nearby.
    const byCitizen = await post('citizen', '/api/cases', {
      kind: 'event',
      category: '0102',
      description: '小区门口垃圾无人清运',
      lon: ZHIFU_CENTRE.lon + 0.002,
      lat: ZHIFU_CENTRE.lat,
    });
    expect(byCitizen.statusCode, byCitizen.body).toBe(201);
    const b = byCitizen.json().id as number;

    // Zhifu's dispatcher sees every step of both; wait for the last one to reach everyone.
    await expect
      .poll(() => got.get('zhifu.dispatcher')!.filter((m) => m.type === 'case.updated').length)
      .toBe(5);
    await new Promise((r) => setTimeout(r, 100));

    const caseEvents = (who: Who) => got.get(who)!.filter((m) => m.type === 'case.updated');
    for (const who of ROLES) {
      const received = new Set(caseEvents(who).map((m) => m.data.id as number));
      for (const id of [a, b]) {
        const read = await t.app.inject({ url: `/api/cases/${id}`, headers: { cookie: cookie(who) } });
        // A handler may read case a only from its dispatch on: checked by count below.
        expect(received.has(id), `${who} and case ${id} (GET ${read.statusCode})`).toBe(
          read.statusCode === 200,
        );
      }
    }

    expect(caseEvents('citizen').map((m) => m.data.id)).toEqual([b]);
    // Told which of their cases moved, not to which unit (an internal id).
    expect(Object.keys(caseEvents('citizen')[0]!.data).sort()).toEqual(['code', 'id', 'state']);
    expect(caseEvents('laishan.dispatcher')).toEqual([]);
    expect(caseEvents('water.handler')).toEqual([]);
    // The unit hears of its case from the dispatch on, not of the steps before it was theirs.
    expect(caseEvents('sanitation.zhifu').map((m) => [m.data.id, m.data.state])).toEqual([[a, 'dispatched']]);
    for (const who of ['dispatcher', 'operator', 'leader', 'admin'] as const) {
      expect(caseEvents(who).length, who).toBe(5);
    }
  });

  it('keeps alarms and commands of no unit, and other units’, from a unit’s staff', async () => {
    const before = new Map(ROLES.map((w) => [w, got.get(w)!.length]));
    const waterId = (
      await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookie('water.handler') } })
    ).json().departmentId as number;
    // As AlarmService and CommandService announce them: readers' roles and the device's unit.
    const roles = ['utility_operator', 'commander', 'admin', 'handler'] as const;
    await t.app.platform.bus.publish({
      type: 'alarm.raised',
      scope: { roles: [...roles], departmentId: null },
      data: { id: 1 },
    });
    await t.app.platform.bus.publish({
      type: 'alarm.raised',
      scope: { roles: [...roles], departmentId: waterId },
      data: { id: 2 },
    });
    await t.app.platform.bus.publish({
      type: 'command.updated',
      scope: { roles: ['utility_operator'], departmentId: waterId },
      data: { id: 3 },
    });
    await expect.poll(() => got.get('utility')!.length - before.get('utility')!).toBe(3);
    await new Promise((r) => setTimeout(r, 50));
    const since = (who: Who) =>
      got
        .get(who)!
        .slice(before.get(who))
        .map((m) => m.data.id);
    expect(since('water.handler')).toEqual([2]);
    expect(since('sanitation.zhifu')).toEqual([]);
    expect(since('citizen')).toEqual([]);
    expect(since('inspector')).toEqual([]);
    expect(since('admin')).toEqual([1, 2]);
  });
});

describe('a live channel whose session ends', () => {
  it('closes when the user is deactivated', async () => {
    const admin = await t.login('admin');
    const cookie = await t.login('utility2');
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const ws = await t.app.injectWS('/ws', { headers: { cookie } });
      let closed: number | null = null;
      ws.on('close', (code: number) => (closed = code));
      const off = await editUserAs(t, admin, 'utility2', { active: false });
      expect(off.statusCode, off.body).toBe(200);
      // Each poll lets one check interval pass; the channel closes at the first check after.
      await expect
        .poll(
          () => {
            vi.advanceTimersByTime(SESSION_CHECK_MS);
            return closed;
          },
          { timeout: 10_000, interval: 200 },
        )
        .toBe(4401);
    } finally {
      vi.useRealTimers();
    }
  });
});
