import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics, ZoneClock } from '@cityloop/domain';
import type {
  CoverageReport,
  PublicToilet,
  SanitationSection,
  SanitationVehicle,
  ToiletDetail,
} from '@cityloop/domain/api';
import { makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from '../../mqtt/testing.js';

/**
 * Sanitation end to end: the demo city's sections, sweepers reporting over real MQTT, and the
 * day's coverage (机扫率) computed from what was stored.
 */
describe(`sanitation coverage from MQTT telemetry (${TEST_MQTT} broker)`, () => {
  let t: UtilityTestApp;
  let zone: ZoneClock;
  let sections: SanitationSection[];
  // Yesterday in the city: a day whose readings are all in the past, whatever the hour now.
  let date: string;

  beforeAll(async () => {
    t = await makeUtilityTestApp();
    zone = new ZoneClock(t.config.timeZone);
    date = zone.dateKeyOf(Date.now() - 86_400_000);
    const res = await t.app.inject({ url: '/api/sanitation/sections', headers: { cookie: t.admin } });
    expect(res.statusCode).toBe(200);
    sections = (res.json() as { items: SanitationSection[] }).items;
  });
  afterAll(async () => {
    await t?.close();
  });

  const windowOf = (s: SanitationSection) => {
    const min = (hhmm: string) => (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;
    return { from: zone.instantOf(date, min(s.windowStart)), to: zone.instantOf(date, min(s.windowEnd)) };
  };

  /** A sweeper drives `section` from `fromShare` to `toShare` of its length, a point every 10 s. */
  async function drive(
    section: SanitationSection,
    startMs: number,
    opts: { fromShare?: number; toShare?: number; brush?: number } = {},
  ): Promise<void> {
    const [a, b] = [section.line[0]!, section.line[section.line.length - 1]!];
    const d = await t.device('sweeper', { lon: a[0], lat: a[1] });
    const client = await t.connect(d.id, d.token);
    const { fromShare = 0, toShare = 1, brush = 1 } = opts;
    const steps = Math.ceil(((toShare - fromShare) * section.lengthM) / 33); // 12 km/h
    for (let i = 0; i <= steps; i++) {
      const f = fromShare + ((toShare - fromShare) * i) / steps;
      const values = {
        lon: a[0] + (b[0] - a[0]) * f,
        lat: a[1] + (b[1] - a[1]) * f,
        speed: 12,
        brush,
        water: 0,
        fill: 20 + i / 10,
      };
      await client.publishAsync(
        deviceTopics.telemetry(d.id),
        JSON.stringify({ v: 1, ts: startMs + i * 10_000, values }),
        {
          qos: 1,
        },
      );
    }
    await t.settle();
  }

  async function coverage(): Promise<CoverageReport> {
    const res = await t.app.inject({
      url: `/api/sanitation/coverage?date=${date}`,
      headers: { cookie: t.admin },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as CoverageReport;
  }

  it('cuts the demo city roads into sections with a class, standard, window and contractor', () => {
    expect(sections.length).toBeGreaterThan(20);
    const s = sections[0]!;
    expect(s.code).toMatch(/^QS\d{5}$/);
    expect(['A', 'B', 'C', 'D']).toContain(s.roadClass);
    expect(s.windowStart < s.windowEnd).toBe(true);
    expect(s.contractor.length).toBeGreaterThan(0);
    expect(s.lengthM).toBeGreaterThan(100);
    expect(sections.some((x) => x.mechanised)).toBe(true);
  });

  it('lists sweeper and garbage_truck among the device profiles, and the demo fleet with routes', async () => {
    const profiles = await t.app.inject({ url: '/api/device-profiles', headers: { cookie: t.admin } });
    const types = (profiles.json() as Array<{ type: string }>).map((p) => p.type);
    expect(types).toEqual(expect.arrayContaining(['sweeper', 'garbage_truck']));
    const vehicles = await t.app.inject({ url: '/api/sanitation/vehicles', headers: { cookie: t.admin } });
    const items = (vehicles.json() as { items: SanitationVehicle[] }).items;
    expect(items.some((v) => v.type === 'sweeper' && v.route.length >= 2)).toBe(true);
  });

  it('a full pass in the window covers a section; half a pass is partial; brush up or out of hours is missed', async () => {
    const mech = sections.filter((s) => s.mechanised && s.lengthM > 300);
    const [full, half, brushUp, late] = [mech[0]!, mech[1]!, mech[2]!, mech[3]!];
    await drive(full, windowOf(full).from + 10 * 60_000);
    await drive(half, windowOf(half).from + 10 * 60_000, { toShare: 0.5 });
    await drive(brushUp, windowOf(brushUp).from + 10 * 60_000, { brush: 0 });
    await drive(late, windowOf(late).to + 5 * 60_000);

    const report = await coverage();
    const row = (s: SanitationSection) => report.sections.find((r) => r.sectionId === s.id)!;
    expect(row(full).status).toBe('covered');
    expect(row(full).share).toBeGreaterThan(0.95);
    expect(row(full).scheduledLengthM).toBeCloseTo(full.lengthM, 0);
    expect(row(half).status).toBe('partial');
    expect(row(half).share).toBeGreaterThan(0.45);
    expect(row(half).share).toBeLessThan(0.6);
    expect(row(brushUp)).toMatchObject({ coveredLengthM: 0, status: 'missed' });
    expect(row(late)).toMatchObject({ coveredLengthM: 0, status: 'missed' });
    // Only machine-swept sections are scheduled; the totals add them up.
    expect(report.sections.length).toBe(sections.filter((s) => s.mechanised).length);
    const sum = report.sections.reduce((a, r) => a + r.coveredLengthM, 0);
    expect(report.totals.coveredLengthM).toBeCloseTo(sum, 0);
    expect(report.totals.covered).toBeGreaterThanOrEqual(1);
    expect(report.totals.share).toBeCloseTo(report.totals.coveredLengthM / report.totals.scheduledLengthM, 2);
  });

  it('a missed section opens one case for its contractor, once per day and section', async () => {
    const dispatcher = await t.login('dispatcher');
    const post = (cookie: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/sanitation/coverage/cases', headers: { cookie }, payload });
    const first = await post(dispatcher, { date });
    expect(first.statusCode, first.body).toBe(200);
    const opened = (
      first.json() as { opened: Array<{ sectionId: number; caseId: number; caseCode: string }> }
    ).opened;
    const report = await coverage();
    const missed = report.sections.filter((r) => r.status === 'missed');
    expect(opened.map((o) => o.sectionId).sort()).toEqual(missed.map((r) => r.sectionId).sort());
    for (const r of report.sections) expect(r.caseCode !== null).toBe(r.status === 'missed');
    const one = await t.app.inject({ url: `/api/cases/${opened[0]!.caseId}`, headers: { cookie: t.admin } });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ category: '0104' });
    // Again: nothing new.
    expect(((await post(dispatcher, { date })).json() as { opened: unknown[] }).opened).toEqual([]);
    // Bad input and roles.
    for (const bad of [{}, { date: '2026-02-30' }, { date: 5 }]) {
      expect((await post(dispatcher, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await post(await t.login('utility'), { date })).statusCode).toBe(403);
  });

  it('answers a bad date with 400 and a user without the capability with 403', async () => {
    for (const q of ['', '?date=2026-13-40', '?date=yesterday', '?date=2026-02-30']) {
      const res = await t.app.inject({ url: `/api/sanitation/coverage${q}`, headers: { cookie: t.admin } });
      expect(res.statusCode, q).toBe(400);
    }
    const citizen = await t.login('citizen');
    const res = await t.app.inject({ url: '/api/sanitation/sections', headers: { cookie: citizen } });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/sanitation/coverage?date=2026-12-01' })).statusCode).toBe(401);
  });

  it('registers public toilets with hours; a failed check and a citizen report open cases linked to it', async () => {
    const list = await t.app.inject({ url: '/api/sanitation/toilets', headers: { cookie: t.admin } });
    expect(list.statusCode).toBe(200);
    const toilets = (list.json() as { items: PublicToilet[] }).items;
    expect(toilets.length).toBeGreaterThan(3);
    expect(toilets.some((x) => x.roundTheClock && x.openNow)).toBe(true);
    expect(toilets.some((x) => x.state === 'repair' && !x.openNow)).toBe(true);
    const toilet = toilets.find((x) => x.state === 'open')!;
    expect(toilet.lastCheck?.passed).toBe(true);

    const inspector = await t.login('inspector');
    const check = (score: number, cookie = inspector) =>
      t.app.inject({
        method: 'POST',
        url: `/api/sanitation/toilets/${toilet.id}/checks`,
        headers: { cookie },
        payload: { score, note: '地面积水' },
      });
    const ok = await check(92);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ passed: true, caseCode: null });
    const failed = await check(55);
    expect(failed.statusCode, failed.body).toBe(200);
    const failedCheck = failed.json() as { passed: boolean; caseId: number };
    expect(failedCheck.passed).toBe(false);
    const c = await t.app.inject({ url: `/api/cases/${failedCheck.caseId}`, headers: { cookie: t.admin } });
    expect(c.json()).toMatchObject({ category: '0301', kind: 'component' });

    const citizen = await t.login('citizen');
    const report = await t.app.inject({
      method: 'POST',
      url: `/api/sanitation/toilets/${toilet.id}/reports`,
      headers: { cookie: citizen },
      payload: { description: '洗手池没有水' },
    });
    expect(report.statusCode, report.body).toBe(200);
    const detail = await t.app.inject({
      url: `/api/sanitation/toilets/${toilet.id}`,
      headers: { cookie: t.admin },
    });
    const d = detail.json() as ToiletDetail;
    expect(d.reports.map((r) => r.caseId)).toContain((report.json() as { caseId: number }).caseId);
    expect(d.toilet.openReports).toBe(1);
    expect(d.toilet.lastCheck).toMatchObject({ score: 55, passed: false });
    expect((await check(90, citizen)).statusCode).toBe(403);
    expect((await check(101)).statusCode).toBe(400);
    expect(
      (await t.app.inject({ url: '/api/sanitation/toilets/999999', headers: { cookie: t.admin } }))
        .statusCode,
    ).toBe(404);
  });
});
