import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '@cityloop/domain';
import { eventually, makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from '../../mqtt/testing.js';
import { SCHEDULER_ACTOR } from '../../actor.js';

let t: UtilityTestApp;
let utility: string;
beforeAll(async () => {
  t = await makeUtilityTestApp();
  utility = await t.login('utility');
});
afterAll(() => t.close());

interface Alarm {
  id: number;
  kind: string;
  message?: string | null;
  note?: { code: string; params?: Record<string, string | number> } | null;
  severity: string;
  state: string;
  caseId: number | null;
  caseCode: string | null;
  events?: Array<{
    event: string;
    toState: string;
    actorName: string | null;
    comment: string | null;
    note?: { code: string; params?: Record<string, string> } | null;
  }>;
}

async function alarmsOf(deviceId: string, state = 'all'): Promise<Alarm[]> {
  const res = await t.app.inject({
    url: `/api/alarms?state=${state}&deviceId=${deviceId}`,
    headers: { cookie: utility },
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: Alarm[] }).items;
}

describe(`alarms (${TEST_MQTT} broker)`, () => {
  it('a pipe-burst pressure fall raises one critical alarm with one case, pushed live; ack then clear leave events', async () => {
    const ws = await t.app.injectWS('/ws', { headers: { cookie: utility } });
    const pushed: Array<{ type: string; data: { id?: number; state?: string } }> = [];
    ws.on('message', (raw: Buffer) => pushed.push(JSON.parse(raw.toString()) as (typeof pushed)[number]));

    const d = await t.device('pressure_point');
    const c = await t.connect(d.id, d.token);
    const now = Date.now();
    const burst = JSON.stringify([
      { ts: now - 90_000, values: { pressure: 0.3 } },
      { ts: now - 60_000, values: { pressure: 0.05 } },
    ]);
    await c.publishAsync(deviceTopics.telemetry(d.id), burst, { qos: 1 });
    await c.publishAsync(deviceTopics.telemetry(d.id), burst, { qos: 1 }); // redelivered
    await t.settle();

    const raised = (await alarmsOf(d.id, 'active')).filter((a) => a.kind === 'rate_of_change');
    expect(raised).toHaveLength(1);
    const alarm = raised[0]!;
    expect(alarm.severity).toBe('critical');
    expect(alarm.caseId).not.toBeNull();
    // What it says is a code with parameters, told in the reader's language by the page.
    expect(alarm.message).toBeNull();
    expect(alarm.note).toMatchObject({
      code: 'alarm.condition',
      params: { device: expect.any(String), metric: 'pressure', kind: 'rate_of_change' },
    });
    expect(alarm.note!.params!.value).toBeLessThan(0);
    // The case knows its alarm, and the dispatcher sees it.
    const dispatcher = await t.login('dispatcher');
    const kase = await t.app.inject({ url: `/api/cases/${alarm.caseId}`, headers: { cookie: dispatcher } });
    expect(kase.statusCode, kase.body).toBe(200);
    expect(kase.json().category).toBe('0402');
    expect(kase.json().description).toContain(`#${alarm.id}`);
    // A device's message acted, not a person: the case's report names the MQTT ingest.
    expect(kase.json().events[0]).toMatchObject({
      action: 'report',
      actorName: null,
      actorSystem: 'system:mqtt',
    });
    await eventually(() =>
      expect(pushed.some((m) => m.type === 'alarm.raised' && m.data.id === alarm.id)).toBe(true),
    );

    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${alarm.id}/ack`,
      headers: { cookie: utility },
      payload: { comment: '已通知抢修' },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().state).toBe('acknowledged');
    // /metrics tells how much judging costs and how long a raise took to be stored and announced.
    const metrics = (await t.app.inject({ url: '/metrics', headers: { cookie: t.admin } })).body;
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('cityloop_alarm_evaluated_readings_total')).toBeGreaterThan(0);
    expect(value('cityloop_alarm_evaluation_seconds_total')).toBeGreaterThan(0);
    expect(value('cityloop_alarm_transition_seconds_count\\{kind="raise"\\}')).toBeGreaterThanOrEqual(1);
    // Who acknowledged it is kept by name in both languages, for the Chinese and the English console.
    expect(ack.json()).toMatchObject({ ackedBy: '公用事业调度员', ackedByEn: 'Utility operator' });

    // Pressure steady again: the rate rule clears.
    await c.publishAsync(
      deviceTopics.telemetry(d.id),
      JSON.stringify([
        { ts: now - 30_000, values: { pressure: 0.3 } },
        { ts: now - 20_000, values: { pressure: 0.3 } },
        { ts: now - 10_000, values: { pressure: 0.301 } },
      ]),
      { qos: 1 },
    );
    await t.settle();
    const detail = await t.app.inject({ url: `/api/alarms/${alarm.id}`, headers: { cookie: utility } });
    const body = detail.json() as Alarm;
    expect(body.state).toBe('cleared');
    expect(body.events!.map((e) => e.event)).toEqual(['raise', 'case_opened', 'ack', 'clear']);
    expect(body.events![2]).toMatchObject({ actorName: '公用事业调度员', comment: '已通知抢修' });
    for (const i of [0, 1, 3]) expect(body.events![i]).toMatchObject({ actorName: 'system:mqtt' });
    // The system's note on the case it opened is a code with the case's code, not a sentence.
    expect(body.events![1]).toMatchObject({ comment: null, note: { code: 'alarm.case_opened' } });
    expect(body.events![1]!.note!.params!.code).toMatch(/^\d+$|^[A-Z0-9-]+$/);
    expect((await alarmsOf(d.id)).filter((a) => a.kind === 'rate_of_change')).toHaveLength(1);
    await eventually(() =>
      expect(pushed.some((m) => m.type === 'alarm.updated' && m.data.state === 'cleared')).toBe(true),
    );
    ws.terminate();
  });

  it('acknowledges in bulk and says which could not be', async () => {
    const d = await t.device('waterlogging_gauge');
    const c = await t.connect(d.id, d.token);
    const now = Date.now();
    // 35 cm held for two minutes: the yellow (≥ 15 cm) and red (≥ 25 cm) levels both raise.
    const points = Array.from({ length: 5 }, (_, i) => ({
      ts: now - 150_000 + i * 30_000,
      values: { depth: 35 },
    }));
    await c.publishAsync(deviceTopics.telemetry(d.id), JSON.stringify(points), { qos: 1 });
    await t.settle();
    const open = await alarmsOf(d.id, 'open');
    expect(open.map((a) => a.kind).sort()).toEqual(['high', 'high_high']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/alarms/ack',
      headers: { cookie: utility },
      payload: { ids: [...open.map((a) => a.id), 987654321] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().acknowledged).toHaveLength(2);
    expect(res.json().skipped).toEqual([{ id: 987654321, reason: 'alarm.not_found' }]);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${open[0]!.id}/ack`,
      headers: { cookie: utility },
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('the overview counts an alarm that cleared unacknowledged apart from those not cleared', async () => {
    const overview = async () => {
      const res = await t.app.inject({
        url: '/api/utilities/overview?type=waterlogging_gauge',
        headers: { cookie: utility },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        alarmCounts: { notCleared: number; clearedUnacked: number };
        devices: Array<{ id: string; worstAlarm: string | null }>;
      };
    };
    const d = await t.device('waterlogging_gauge');
    const c = await t.connect(d.id, d.token);
    const now = Date.now();
    const depth = (cm: number, from: number) =>
      Array.from({ length: 5 }, (_, i) => ({ ts: from + i * 30_000, values: { depth: cm } }));
    const before = await overview();
    // 35 cm for two minutes raises yellow and red; then the water drains away and both clear.
    await c.publishAsync(deviceTopics.telemetry(d.id), JSON.stringify(depth(35, now - 300_000)), { qos: 1 });
    await t.settle();
    const raised = await overview();
    expect(raised.alarmCounts.notCleared - before.alarmCounts.notCleared).toBe(2);
    expect(raised.devices.find((x) => x.id === d.id)!.worstAlarm).toBe('major');
    await c.publishAsync(deviceTopics.telemetry(d.id), JSON.stringify(depth(0, now - 140_000)), { qos: 1 });
    await t.settle();
    expect((await alarmsOf(d.id, 'open')).map((a) => a.state)).toEqual([
      'cleared_unacked',
      'cleared_unacked',
    ]);
    const cleared = await overview();
    // Cleared, not yet acknowledged: no longer "not cleared", counted apart, and no colour on the map.
    expect(cleared.alarmCounts.notCleared).toBe(before.alarmCounts.notCleared);
    expect(cleared.alarmCounts.clearedUnacked - before.alarmCounts.clearedUnacked).toBe(2);
    expect(cleared.devices.find((x) => x.id === d.id)!.worstAlarm).toBeNull();
  });

  it('raises a no-data alarm when a device falls silent for its intervals', async () => {
    const d = await t.device('rain_gauge');
    const device = t.app.services.devices.mustGet(d.id);
    const now = Date.now();
    t.app.services.alarms.tick(now, SCHEDULER_ACTOR);
    // rain_gauge: rainfall_total every 60 s, no_data after 5 intervals.
    t.app.services.alarms.tick(now + 301_000, SCHEDULER_ACTOR);
    await t.settle();
    const open = await alarmsOf(device.id, 'open');
    expect(open.map((a) => a.kind)).toEqual(['no_data']);
    // The silence timer raised it, and says so on the alarm's event.
    const detail = await t.app.inject({ url: `/api/alarms/${open[0]!.id}`, headers: { cookie: utility } });
    expect((detail.json() as Alarm).events![0]).toMatchObject({
      event: 'raise',
      actorName: 'system:scheduler',
    });
  });

  it('edits rules: a device rule replaces the profile rule of the same metric and kind', async () => {
    const d = await t.device('pressure_point');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules',
      headers: { cookie: utility },
      payload: {
        deviceId: d.id,
        metric: 'pressure',
        kind: 'low',
        durationS: 0,
        deadband: 0,
        severity: 'major',
      },
    });
    expect(bad.statusCode).toBe(422);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/alarm-rules',
      headers: { cookie: utility },
      payload: {
        deviceId: d.id,
        metric: 'pressure',
        kind: 'low',
        threshold: 0.25,
        durationS: 0,
        deadband: 0.01,
        severity: 'major',
      },
    });
    expect(created.statusCode, created.body).toBe(200);
    const dev = await t.app.inject({ url: `/api/devices/${d.id}`, headers: { cookie: utility } });
    const lows = (
      dev.json().rules as Array<{ kind: string; metric: string; threshold: number; scope: string }>
    ).filter((r) => r.metric === 'pressure' && r.kind === 'low');
    expect(lows).toEqual([expect.objectContaining({ threshold: 0.25, scope: 'device' })]);
    const c = await t.connect(d.id, d.token);
    await c.publishAsync(
      deviceTopics.telemetry(d.id),
      JSON.stringify({ ts: Date.now() - 1000, values: { pressure: 0.2 } }),
      {
        qos: 1,
      },
    );
    await t.settle();
    expect((await alarmsOf(d.id, 'open')).map((a) => `${a.kind}:${a.severity}`)).toEqual(['low:major']);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/alarm-rules/${created.json().id}`,
      headers: { cookie: utility },
    });
    expect(del.statusCode).toBe(200);
  });
  it('an alarm stored before messages were codes keeps its Chinese sentence', async () => {
    const d = await t.device('pressure_point');
    const old = await t.app.platform.db.query<{ id: number }>(
      `insert into alarms (device_id, metric, kind, severity, state, value, message, raised_at)
       values ($1, 'pressure', 'low', 'major', 'active', 0.1, '旧告警 压力低于下限（0.1 MPa）', now()) returning id`,
      [d.id],
    );
    const res = await t.app.inject({ url: `/api/alarms/${old.rows[0]!.id}`, headers: { cookie: utility } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ message: '旧告警 压力低于下限（0.1 MPa）', note: null });
  });
});
