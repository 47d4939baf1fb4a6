import { beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { ZoneClock } from '@cityloop/domain/calendar/zone';
import { deviceTopics } from '@cityloop/domain/telemetry/topics';
import type { CoverageReport, SanitationVehicleList } from '@cityloop/domain/api/sanitation';
import type { MunicipalFacilityList } from '@cityloop/domain/api/municipal';
import { startMqtt } from '../apps/server/src/mqtt/runtime.js';
import { createModel, stepModel } from '../tools/sim/src/models.js';
import { createRng } from '../tools/sim/src/environment.js';
import { isVehicleType } from '../tools/sim/src/vehicles.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

/**
 * Street cleaning in the browser: the simulator's sweepers and washers run yesterday's morning
 * shift over MQTT (the demo fleet, its tokens, the simulator's own vehicle model); one sweeper's
 * route stops a section short of its road, so that section is missed on the coverage page.
 */
describe('sanitation: the morning shift over MQTT → coverage on the map and in the table', () => {
  let server: E2EServer;
  let browser: Browser;
  let date: string;
  let cookie: string;
  let mqttUrl: string;

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  beforeAll(async () => {
    const runtime = await startMqtt(server.app.ingest, {
      url: null,
      port: 0,
      explicit: false,
      host: '127.0.0.1',
    });
    mqttUrl = runtime.url;
    const zone = new ZoneClock(server.app.platform.config.timeZone);
    date = zone.dateKeyOf(Date.now() - 86_400_000);
    const admin = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'cityloop' },
    });
    cookie = `cl_session=${admin.cookies.find((c) => c.name === 'cl_session')!.value}`;
    const vehicles = (
      (
        await server.app.inject({ url: '/api/sanitation/vehicles', headers: { cookie } })
      ).json() as SanitationVehicleList
    ).items.filter((v) => v.type === 'sweeper' || v.type === 'washer');
    expect(vehicles.length).toBeGreaterThan(0);
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    for (const v of vehicles) {
      if (!isVehicleType(v.type)) continue;
      const plan = { route: v.route, shiftStartMin: minutes(v.shiftStart), shiftEndMin: minutes(v.shiftEnd) };
      const token = server.app.services.devices.byId(v.deviceId)!.demoToken!;
      const client = await mqtt.connectAsync(runtime.url, {
        clientId: v.deviceId,
        username: v.deviceId,
        password: token,
        reconnectPeriod: 0,
      });
      // The shift, a point every 10 s, sent in batches of 60 (a terminal catching up).
      const from = zone.instantOf(date, plan.shiftStartMin * 60_000) - 5 * 60_000;
      const to = zone.instantOf(date, plan.shiftEndMin * 60_000) + 5 * 60_000;
      const rng = createRng(7);
      let model = createModel(v.type, 7, 7, from, plan);
      let batch: Array<{ v: 1; ts: number; values: Record<string, number> }> = [];
      for (let t = from; t < to; t += 10_000) {
        model = stepModel(model, t, rng);
        batch.push({ v: 1, ts: t, values: model.values });
        if (batch.length === 60 || t + 10_000 >= to) {
          await client.publishAsync(deviceTopics.telemetry(v.deviceId), JSON.stringify(batch), { qos: 1 });
          batch = [];
        }
      }
      await client.endAsync();
    }
    await server.app.services.telemetry.writer.drain();
  });

  async function asUtility(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'utility');
    return page;
  }

  it('shows the covered sections and the one the short route missed', async () => {
    const report = (
      await server.app.inject({ url: `/api/sanitation/coverage?date=${date}`, headers: { cookie } })
    ).json() as CoverageReport;
    expect(report.totals.covered).toBeGreaterThan(0);
    expect(report.totals.missed).toBeGreaterThan(0);

    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await asUtility();
      await page.goto(`${server.url}/sanitation?date=${date}`);
      await page
        .getByTestId('sanitation-totals')
        // The day's coverage over the whole fleet's shift: give a loaded machine time.
        .waitFor({ timeout: 120_000 })
        .catch(async (err: unknown) => {
          await shot(page, `sanitation-failed-${lang}`);
          throw err;
        });
      if (lang === 'en') await switchLanguage(page, 'en');
      await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
      await page.locator('.section-row').first().waitFor();
      expect(await page.locator('.section-covered').count()).toBeGreaterThan(0);
      await page.getByTestId('sanitation-only-missed').click();
      const missed = page.locator('.section-missed');
      await missed.first().waitFor();
      expect(await page.locator('.section-covered').count()).toBe(0);
      await page.getByTestId('sanitation-only-missed').click();
      await shot(page, `sanitation-${lang}`);
      await expect
        .poll(() => page.getByTestId('sanitation-totals').innerText(), { timeout: 15_000 })
        .toContain(lang === 'en' ? 'Missed' : '漏扫');

      await page.context().close();
    }
  });

  it('waste, toilets, street lights switched and faulted → a case, a road defect → a case, outside the remit', async () => {
    const page = await asUtility();
    const base = server.url;
    // Waste collection: yesterday's weighbridge records and the collection points.
    await page.goto(`${base}/sanitation/waste?date=${date}`);
    await page.getByTestId('waste-totals').waitFor();
    await page.locator('[data-testid="waste-stations"] .el-table__row').first().waitFor();
    await shot(page, 'sanitation-waste-zh-CN');
    await page.getByRole('tab', { name: '垃圾分类' }).click();
    await page.locator('[data-testid="sorting-table"] .el-table__row').first().waitFor();
    await shot(page, 'sanitation-sorting-zh-CN');
    // Public toilets.
    await page.goto(`${base}/sanitation/toilets`);
    await page.locator('[data-testid="toilets-table"] .el-table__row').first().waitFor();
    await shot(page, 'sanitation-toilets-zh-CN');
    await page.locator('[data-testid="toilets-table"] .el-table__row').first().click();
    await page.getByTestId('toilet-check').waitFor();

    // A cabinet on MQTT, dark; switched on from the page through the command path.
    const cabinets = (
      (
        await server.app.inject({
          url: '/api/municipal/facilities?kind=streetlight_cabinet',
          headers: { cookie },
        })
      ).json() as MunicipalFacilityList
    ).items;
    const deviceId = cabinets[0]!.deviceId!;
    const token = server.app.services.devices.byId(deviceId)!.demoToken!;
    const client = await mqtt.connectAsync(mqttUrl, {
      clientId: deviceId,
      username: deviceId,
      password: token,
      reconnectPeriod: 0,
    });
    const send = async (values: Record<string, number>) => {
      await client.publishAsync(
        deviceTopics.telemetry(deviceId),
        JSON.stringify({ v: 1, ts: Date.now(), values }),
        { qos: 1 },
      );
      await server.app.services.telemetry.writer.drain();
    };
    await send({ circuit_state: 0, current: 0.3, voltage: 221, fault: 0 });
    await page.goto(`${base}/municipal`);
    await page.getByTestId(`switch-on-${deviceId}`).click();
    await expect
      .poll(async () => {
        const r = await server.app.inject({ url: `/api/commands?deviceId=${deviceId}`, headers: { cookie } });
        return JSON.stringify(r.json());
      })
      .toContain('switch_on');
    await send({ circuit_state: 1, current: 61, voltage: 221, fault: 1 });
    await page.reload();
    await page.getByTestId('streetlight-cases').click();
    await expect
      .poll(() => page.getByTestId(`cabinet-case-${deviceId}`).innerText(), { timeout: 15_000 })
      .toMatch(/\d/);
    await shot(page, 'municipal-streetlights-zh-CN');
    await client.endAsync();

    // A road inspected: a defect opens a case.
    await page.getByRole('tab', { name: '道路' }).click();
    await page.locator('.inspect-btn').first().click();
    await page.locator('.el-dialog textarea').fill('路面坑槽两处');
    await page.getByTestId('inspect-save').click();
    await page.locator('.el-message--success').filter({ hasText: '已立案' }).waitFor();
    await shot(page, 'municipal-roads-zh-CN');
    await switchLanguage(page, 'en');
    await page.getByRole('tab', { name: 'Street lights' }).click();
    await shot(page, 'municipal-streetlights-en');
    await page.goto(`${base}/sanitation/waste?date=${date}`);
    await page.getByTestId('waste-totals').waitFor();
    await shot(page, 'sanitation-waste-en');
    await page.goto(`${base}/sanitation/toilets`);
    await page.locator('[data-testid="toilets-table"] .el-table__row').first().waitFor();
    await shot(page, 'sanitation-toilets-en');
    await page.context().close();

    // Outside the remit: the road's case recorded against a property manager, seen by a leader.
    const road = (
      (
        await server.app.inject({ url: '/api/municipal/facilities?kind=road', headers: { cookie } })
      ).json() as MunicipalFacilityList
    ).items.find((f) => f.openCaseCode)!;
    const insp = (
      await server.app.inject({
        url: `/api/municipal/facilities/${road.id}/inspections`,
        headers: { cookie },
      })
    ).json() as { items: Array<{ caseId: number | null }> };
    const caseId = insp.items.find((i) => i.caseId)!.caseId!;
    const added = await server.app.inject({
      method: 'POST',
      url: '/api/municipal/remit',
      headers: { cookie },
      payload: {
        caseId,
        partyKind: 'developer',
        partyName: '某房地产开发公司',
        note: '道路尚未移交，约谈开发商',
      },
    });
    expect(added.statusCode, added.body).toBe(200);
    await server.app.inject({
      method: 'PATCH',
      url: `/api/municipal/remit/${caseId}`,
      headers: { cookie },
      payload: { advance: true, costYuan: 12000, approval: 'pending' },
    });
    for (const lang of ['zh-CN', 'en'] as const) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang });
      const p = await context.newPage();
      await login(p, base, 'leader');
      await p.goto(`${base}/municipal/remit`);
      if (lang === 'en') await switchLanguage(p, 'en');
      await p.locator('[data-testid="remit-table"] .el-table__row').first().click();
      await p.getByRole('button', { name: lang === 'en' ? 'Approve' : '批准', exact: true }).waitFor();
      await shot(p, `municipal-remit-${lang}`);
      await context.close();
    }
  });
});
