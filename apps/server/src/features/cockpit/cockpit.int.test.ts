import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZoneClock } from '@cityloop/domain';
import type {
  CockpitCaseList,
  CockpitReportDetail,
  CockpitReportView,
  CockpitResponse,
  CockpitTile,
  EvaluationReport,
} from '@cityloop/domain/api';
import { SCHEDULER_ACTOR, userActor } from '../../actor.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { makeCase, userNamed } from '../../testing/factories.js';
import { cityCounts, cityRates } from './cockpit.tiles.js';
import { readerOf } from './cockpit.service.js';

/**
 * The cockpit's contract: GET /api/cockpit gives every tile, and each tile's figure is its
 * module's own answer for the same period (one test per tile).
 */
describe('leaders’ cockpit', () => {
  let t: TestApp;
  let leader: string;
  let body: CockpitResponse;
  let date: string;
  const tileOf = (key: string): CockpitTile => {
    const found = body.tiles.find((x) => x.key === key);
    if (!found) throw new Error(`no tile ${key}`);
    expect(found.status, `${key}: ${found.message ?? ''}`).toBe('ok');
    return found;
  };
  let districts: EvaluationReport;

  beforeAll(async () => {
    t = await makeTestApp();
    await makeCase(t, { state: 'closed' });
    await makeCase(t, { state: 'dispatched' });
    await makeCase(t, { state: 'reported', category: '0104' });
    leader = await t.login('leader');
    date = new ZoneClock(t.config.timeZone).dateKeyOf(t.app.services.cases.now().getTime());
    const res = await t.app.inject({
      url: `/api/cockpit?period=month&date=${date}`,
      headers: { cookie: leader },
    });
    expect(res.statusCode).toBe(200);
    body = res.json();
    districts = await t.app.services.evaluation.evaluateCity('districts', { period: 'month', date });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names the period, its comparisons and every module the wall reads', () => {
    expect(body.period).toBe('month');
    expect(body.date).toBe(date);
    expect(body.from).toBe(districts.from);
    expect(body.to).toBe(districts.to);
    expect(body.modules.find((m) => m.name === 'evaluation')?.present).toBe(true);
    // Modules still to come say so instead of showing numbers.
    const missing = body.tiles.filter((x) => x.status === 'missing');
    for (const m of body.modules.filter((x) => !x.present))
      expect(missing.some((x) => x.module === m.name)).toBe(true);
    for (const x of missing) expect(x.value).toBeNull();
    expect(body.tiles.filter((x) => x.status === 'failed')).toEqual([]);
  });

  it.each([
    ['cases.received', 'reported'],
    ['cases.valid', 'valid'],
    ['cases.filed', 'filed'],
    ['cases.closed', 'closed'],
    ['cases.rework', 'rework'],
    ['cases.extensions', 'extensions'],
    ['cases.overdue', 'overduePending'],
  ] as const)('%s is the evaluation’s %s of the city', (key, count) => {
    const x = tileOf(key);
    expect(x.value).toBe(cityCounts(districts)[count]);
    expect(x.items.reduce((a, i) => a + (i.value ?? 0), 0)).toBe(x.value);
  });

  it('cases.received counts the cases made this month, and changes from the previous month', async () => {
    const x = tileOf('cases.received');
    expect(x.value).toBe(3);
    const prev = await t.app.services.evaluation.evaluateCity('districts', {
      period: 'month',
      date: body.previousDate,
    });
    expect(x.previous).toBe(cityCounts(prev).reported);
    expect(x.change).toBe(3 - cityCounts(prev).reported);
  });

  it('cases.closingRate and cases.onTimeRate are the evaluation’s rates', () => {
    const rates = cityRates(districts);
    expect(tileOf('cases.closingRate').value).toBe(rates.closing);
    expect(tileOf('cases.onTimeRate').value).toBe(rates.onTimeDisposal);
  });

  it('rank.districts is the evaluation’s district ranking', () => {
    const x = tileOf('rank.districts');
    const ranked = [...districts.rows].sort(
      (a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name),
    );
    expect(x.items.map((i) => [i.key, i.value, i.rank])).toEqual(ranked.map((r) => [r.id, r.score, r.rank]));
  });

  it('rank.units is the evaluation’s unit ranking', async () => {
    const units = await t.app.services.evaluation.evaluateCity('units', { period: 'month', date });
    const x = tileOf('rank.units');
    expect(new Set(x.items.map((i) => `${i.key}:${i.value}`))).toEqual(
      new Set(units.rows.map((r) => `${r.id}:${r.score}`)),
    );
  });

  it('cases.sources is the loop’s source mix', async () => {
    const x = tileOf('cases.sources');
    const mix = await t.app.services.cases.figures.mix(new Date(body.from), new Date(body.to));
    expect(x.value).toBe(Object.values(mix.bySource).reduce((a, b) => a + b, 0));
    expect(x.items.find((i) => i.key === 'leader')?.value).toBe(mix.bySource.leader);
  });

  it('cases.categories is the loop’s top categories', async () => {
    const x = tileOf('cases.categories');
    const mix = await t.app.services.cases.figures.mix(new Date(body.from), new Date(body.to));
    expect(x.items.map((i) => [i.key, i.value])).toEqual(
      mix.byCategory.map((c) => [`${c.kind}:${c.category}`, c.count]),
    );
    expect(x.items[0]?.name).toBe('暴露垃圾');
  });

  it.each([
    ['assessment.districts', 'district'],
    ['assessment.units', 'unit'],
  ] as const)('%s is the assessment’s %s scores of the month', async (key, level) => {
    const s = await t.app.services.assessment.scores(date.slice(0, 7), level);
    const x = tileOf(key);
    expect(x.items.map((i) => [i.key, i.value])).toEqual(
      [...s.rows].sort((a, b) => a.rank - b.rank).map((r) => [r.id, r.score]),
    );
  });

  it('hotline.volume is the hotline’s calls and cases', async () => {
    const calls = await t.app.services.hotline.figures.calls(new Date(body.from), new Date(body.to));
    const x = tileOf('hotline.volume');
    expect(x.items.find((i) => i.key === 'inquiry')?.value).toBe(calls.inquiry);
    expect(x.value).toBe(x.items.reduce((a, i) => a + (i.value ?? 0), 0));
  });

  it.each(['returnVisit', 'satisfaction'] as const)(
    'visits.%s is the return-visit figures’ rate',
    async (rate) => {
      const res = await t.app.inject({
        url: `/api/visits/figures?period=month&date=${date}&groupBy=district`,
        headers: { cookie: leader },
      });
      const own =
        res.statusCode === 200
          ? res.json()
          : await t.app.services.visitFigures.report(
              { period: 'month', date, groupBy: 'district' },
              userActor(await userNamed(t, 'leader')),
            );
      expect(tileOf(`visits.${rate}`).value).toBe(own.total.rates[rate]);
    },
  );

  it('utilities.online is the utilities overview’s online share', async () => {
    const x = tileOf('utilities.online');
    let online = 0;
    let all = 0;
    for (const p of t.app.services.devices.allProfiles()) {
      const o = await t.app.services.utilityViews.overview(p.type, undefined);
      online += o.counts.online;
      all += o.counts.online + o.counts.offline + o.counts.unknown;
    }
    expect(x.value).toBe(all ? Math.round((online / all) * 1e4) / 1e4 : null);
    expect(x.live).toBe(true);
  });

  it.each([
    ['utilities.waterOutput', 'water_plant', 'outflow', 'sum'],
    ['utilities.waterPressure', 'pressure_point', 'pressure', 'avg'],
    ['utilities.heatingSupply', 'heat_station', 'secondary_supply_temp', 'avg'],
  ] as const)('%s is the overview of %s (%s, %s)', async (key, type, metric, of) => {
    const o = await t.app.services.utilityViews.overview(type, undefined);
    const v = o.totals[metric]?.[of];
    const x = tileOf(key);
    if (v === undefined) expect(x.value).toBeNull();
    else expect(x.value).toBeCloseTo(v, 0);
  });

  it('utilities.ponding counts the waterlogging gauges at 15 cm and over', async () => {
    const o = await t.app.services.utilityViews.overview('waterlogging_gauge', undefined);
    expect(tileOf('utilities.ponding').value).toBe(
      o.devices.filter((d) => (d.values.depth ?? 0) >= 15).length,
    );
  });

  it('alarms.active and alarms.raised are the alarm figures', async () => {
    const active = await t.app.services.alarms.figures.active();
    expect(tileOf('alarms.active').value).toBe(active.length);
    const raised = await t.app.services.alarms.figures.raised(new Date(body.from), new Date(body.to));
    expect(tileOf('alarms.raised').value).toBe(Object.values(raised).reduce((a, b) => a + b, 0));
    const res = await t.app.inject({ url: '/api/cockpit/alarms', headers: { cookie: leader } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(active.length);
  });

  it('emergency.level and emergency.tasks are the emergency state', async () => {
    const state = await t.app.services.emergency.state();
    const active = [state.rainstorm, state.typhoon, state.snow].filter((h) => h.response?.state === 'active');
    expect(tileOf('emergency.level').value).toBe(active.length ? expect.any(Number) : 0);
    const tasks = await t.app.services.emergency.tasks(readerOf(SCHEDULER_ACTOR), {});
    expect(tileOf('emergency.tasks').value).toBe(tasks.filter((x) => x.state !== 'done').length);
  });

  it('networks.renovation is the aging report’s candidate km', async () => {
    const aging = await t.app.services.networks.aging({});
    expect(tileOf('networks.renovation').value).toBeCloseTo(
      aging.networks.reduce((a, n) => a + n.candidates.km, 0),
      2,
    );
  });

  it('projects.milestones lists the projects with their progress', async () => {
    const list = await t.app.services.projects.list({}, readerOf(SCHEDULER_ACTOR));
    const x = tileOf('projects.milestones');
    expect(x.items.map((i) => [i.key, i.value])).toEqual(
      list.items.map((p) => [String(p.id), p.progressPct]),
    );
  });

  it('sanitation.coverage is the day’s coverage share', async () => {
    const c = await t.app.services.sanitation.coverage(date, readerOf(SCHEDULER_ACTOR));
    expect(tileOf('sanitation.coverage').value).toBeCloseTo(c.totals.share, 4);
  });

  it('committee.campaigns counts the committee’s own campaigns running in the month', async () => {
    const { items } = await t.app.services.committee.campaigns(readerOf(SCHEDULER_ACTOR));
    const month = date.slice(0, 7);
    const running = items.filter((c) => c.startDate <= `${month}-31` && c.endDate >= `${month}-01`);
    const x = tileOf('committee.campaigns');
    expect(x.value).toBe(running.length);
    expect(x.items.find((i) => i.key === 'lateTasks')?.value).toBe(
      running.reduce((a, c) => a + c.lateTasks, 0),
    );
  });

  it('contracts.performance is the mean of the month’s contractor scores, with their deductions', async () => {
    const { items } = await t.app.services.contractAssessments.assessMonth(
      date.slice(0, 7),
      readerOf(SCHEDULER_ACTOR),
    );
    const x = tileOf('contracts.performance');
    expect(items.length).toBeGreaterThan(0);
    expect(x.value).toBeCloseTo(items.reduce((a, i) => a + i.score, 0) / items.length, 1);
    expect(x.items.find((i) => i.key === 'deductionYuan')?.value).toBe(
      items.reduce((a, i) => a + i.deductionYuan, 0),
    );
  });

  it('drills from a district’s figure to exactly the cases it counts', async () => {
    const x = tileOf('cases.received');
    const district = x.items.find((i) => (i.value ?? 0) > 0)!;
    const res = await t.app.inject({
      url: `/api/cockpit/cases?period=month&date=${date}&metric=reported&district=${district.key}`,
      headers: { cookie: leader },
    });
    expect(res.statusCode).toBe(200);
    const list = res.json() as CockpitCaseList;
    expect(list.items.reduce((a, c) => a + c.counted, 0)).toBe(district.value);
  });

  it('is refused to a citizen, and a bad period is a 400', async () => {
    const citizen = await t.login('citizen');
    expect((await t.app.inject({ url: '/api/cockpit', headers: { cookie: citizen } })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ url: '/api/cockpit?period=week', headers: { cookie: leader } })).statusCode,
    ).toBe(400);
  });

  it('makes a report whose figures are the cockpit’s, kept in the archive, as Excel too', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cockpit/reports',
      headers: { cookie: leader },
      payload: { period: 'month', date },
    });
    expect(res.statusCode).toBe(200);
    const made = res.json() as CockpitReportView;
    expect(made.date).toBe(`${date.slice(0, 7)}-01`);
    expect(made.createdBy).toBe('leader');
    const detail = (
      await t.app.inject({ url: `/api/cockpit/reports/${made.id}`, headers: { cookie: leader } })
    ).json() as CockpitReportDetail;
    for (const key of ['cases.received', 'cases.closed', 'cases.overdue', 'cases.closingRate'])
      expect(detail.data.tiles.find((x) => x.key === key)?.value, key).toBe(tileOf(key).value);
    // The worst district is listed with its overdue cases (the evaluation's own list).
    expect(detail.worst.find((w) => w.kind === 'district')).toBeDefined();
    const list = (await t.app.inject({ url: '/api/cockpit/reports', headers: { cookie: leader } })).json();
    expect(list.items.map((r: CockpitReportView) => r.id)).toContain(made.id);
    const xlsx = await t.app.inject({
      url: `/api/cockpit/reports/${made.id}/report.xlsx?lang=en`,
      headers: { cookie: leader },
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const figures = wb.getWorksheet('Figures')!;
    const row = figures
      .getRows(2, figures.rowCount - 1)!
      .find((r) => r.getCell(8).value === 'cases.received')!;
    expect(row.getCell(2).value).toBe(tileOf('cases.received').value);
  });

  it('the scheduler makes the previous month’s report once', async () => {
    const first = await t.app.services.cockpit.monthlyReport(SCHEDULER_ACTOR);
    expect(first?.period).toBe('month');
    expect(first?.createdBy).toBeNull();
    expect(await t.app.services.cockpit.monthlyReport(SCHEDULER_ACTOR)).toBeNull();
  });
});
