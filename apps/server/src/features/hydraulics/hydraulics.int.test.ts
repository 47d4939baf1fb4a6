import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HydraulicCheckResult, ShutdownImpact } from '@cityloop/domain/api';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
// The demo booster station that alone feeds its district's hills (the others back up a plant).
const BOOSTER = 'bs-0014';

const post = (who: string, body: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/hydraulics/check',
    headers: { cookie: cookie[who]! },
    payload: body as object,
  });
const get = (who: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });

beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['utility', 'leader', 'citizen']) cookie[u] = await t.login(u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('hydraulic check (EPANET on the demo water network)', () => {
  it('warns when a lower discharge pressure leaves junctions below the minimum service pressure', async () => {
    const res = await post('utility', { deviceId: BOOSTER, name: 'set_pressure', params: { value: 0.3 } });
    expect(res.statusCode).toBe(200);
    const r = res.json<HydraulicCheckResult>();
    expect(r.status).toBe('ok');
    expect(r.model.junctions).toBeGreaterThan(500);
    expect(r.model.sources).toBeGreaterThan(4);
    expect(r.minPressureMPa).toBe(0.14);
    expect(r.current!.lowNodes).toBe(0);
    expect(r.proposed!.lowNodes).toBeGreaterThan(0);
    expect(r.proposed!.minPressureMPa).toBeLessThan(r.current!.minPressureMPa);
    expect(r.warnings.length).toBe(Math.min(200, r.proposed!.lowNodes + r.proposed!.fastPipes));
    const low = r.warnings.filter((w) => w.code === 'low_pressure');
    for (const w of low) {
      expect(w.value).toBeLessThan(0.14);
      expect(w.current!).toBeGreaterThanOrEqual(w.value);
    }
    // Worst first.
    expect(low.map((w) => w.value)).toEqual([...low.map((w) => w.value)].sort((a, b) => a - b));
    expect(r.segments.length).toBe(r.model.pipes);

    // The confirming colleague, asking the same, sees the same result.
    const again = (
      await post('leader', { deviceId: BOOSTER, name: 'set_pressure', params: { value: 0.3 } })
    ).json<HydraulicCheckResult>();
    expect({ ...again, solveMs: 0 }).toEqual({ ...r, solveMs: 0 });

    // A higher set-point, or a stricter minimum, moves the warnings the expected way.
    const up = (
      await post('utility', { deviceId: BOOSTER, name: 'set_pressure', params: { value: 0.4 } })
    ).json<HydraulicCheckResult>();
    expect(up.proposed!.lowNodes).toBe(0);
    expect(up.warnings).toEqual([]);
    const strict = (
      await post('utility', {
        deviceId: BOOSTER,
        name: 'set_pressure',
        params: { value: 0.3 },
        minPressureMPa: 0.2,
      })
    ).json<HydraulicCheckResult>();
    expect(strict.proposed!.lowNodes).toBeGreaterThan(r.proposed!.lowNodes);
  });

  it('answers "no hydraulic result" and why for a command the model does not hold', async () => {
    const r = (
      await post('utility', { deviceId: BOOSTER, name: 'stop_pump', params: { pump: 1 } })
    ).json<HydraulicCheckResult>();
    expect(r.status).toBe('no_result');
    expect(r.reason).toBe('command_not_modelled');
  });

  it('refuses bad input with a 4xx and a clear message', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ deviceId: 'nope', name: 'set_pressure', params: { value: 0.3 } }, 404, 'device.unknown'],
      [{ deviceId: 'hs-0001', name: 'set_valve', params: { value: 50 } }, 400, 'hydraulics.not_water'],
      [{ deviceId: BOOSTER, name: 'set_pressure', params: { value: 0.9 } }, 422, 'command.rejected'],
      [{ deviceId: BOOSTER, name: 'open_sesame', params: null }, 422, 'command.rejected'],
      [{ deviceId: BOOSTER, name: 'set_pressure', params: { value: 'high' } }, 422, 'command.rejected'],
      [{ deviceId: BOOSTER, name: 'set_pressure' }, 400, 'validation.failed'],
      [
        { deviceId: BOOSTER, name: 'set_pressure', params: { value: 0.3 }, minPressureMPa: 2 },
        400,
        'validation.failed',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('utility', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
    }
    expect((await post('citizen', cases[0]![0])).statusCode).toBe(403);
  });
});

describe('shutdown impact (停水影响分析)', () => {
  it('finds the valves, the segments cut off, and the communities and households to notify', async () => {
    const check = (
      await post('utility', { deviceId: BOOSTER, name: 'set_pressure', params: { value: 0.35 } })
    ).json<HydraulicCheckResult>();
    // Segments in the unit grids (their id carries the district's code).
    const ids = check.segments.map((s) => s[0]).filter((id) => /^JS3706/.test(id));
    let widest: ShutdownImpact | null = null;
    for (const id of ids.slice(0, 60)) {
      const res = await get('utility', `/api/hydraulics/shutdown?segment=${id}`);
      expect(res.statusCode).toBe(200);
      const s = res.json<ShutdownImpact>();
      expect(s.segment).toBe(id);
      expect(s.segments[0]).toMatchObject({ id, role: 'zone' });
      expect(s.valves.length).toBeGreaterThan(0);
      expect(s.km).toBeCloseTo(s.segments.reduce((a, x) => a + x.lengthM, 0) / 1000, 2);
      expect(s.households).toBeGreaterThanOrEqual(s.communities.reduce((a, c) => a + c.households, 0));
      for (const x of s.segments) expect(x.id.startsWith('~')).toBe(false);
      if (!widest || s.segments.length > widest.segments.length) widest = s;
    }
    expect(widest!.communities.length).toBeGreaterThan(0);
    expect(widest!.streets.length).toBeGreaterThan(0);
    expect(widest!.communities[0]!.name).toMatch(/社区|村/);
  });

  it('refuses an unknown segment', async () => {
    expect((await get('utility', '/api/hydraulics/shutdown?segment=JS0000')).statusCode).toBe(404);
    expect((await get('utility', '/api/hydraulics/shutdown')).statusCode).toBe(400);
  });
});
