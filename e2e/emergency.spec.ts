import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startJobs, type JobRunner } from '../apps/server/src/jobs/jobs.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { photo } from './casePages.js';
import { switchLanguage } from './pages.js';

const MIN = 60_000;

/** The emergency console as the commander sees it. */
class Console {
  constructor(readonly page: Page) {}
  level(hazard: string) {
    return this.page.getByTestId(`level-${hazard}`);
  }
  proposal(hazard: string) {
    return this.page.getByTestId(`proposal-${hazard}`);
  }
  /** Answers the reason prompt Element Plus opens for a sign, dismiss or decision. */
  async answerPrompt(text: string) {
    const box = this.page.locator('.el-message-box');
    await box.waitFor();
    await box.locator('input, textarea').first().fill(text);
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await box.waitFor({ state: 'hidden' });
  }
}

describe('emergency command in the browser: a rainstorm from warning to the end of the response', () => {
  let server: E2EServer;
  let browser: Browser;
  const pages: Record<string, Page> = {};

  let jobs: JobRunner;

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));
  // The trigger evaluation runs as on a scheduler node (buildApp builds the jobs; main.ts starts them).
  beforeAll(() => {
    jobs = startJobs(
      server.app.jobs.filter((j) => j.name.startsWith('emergency')),
      { db: server.app.platform.db, roles: ['scheduler'] },
    );
  });
  afterAll(() => jobs?.stop());

  async function as(user: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Europe/London',
    });
    const page = await context.newPage();
    await login(page, server.url, user);
    pages[user] = page;
    return page;
  }

  /** A gauge's readings as its MQTT messages bring them (the same ingest path). */
  async function gauge(deviceId: string, points: Array<{ ts: number; values: Record<string, number> }>) {
    const device = server.app.services.devices.byId(deviceId)!;
    const { wait } = server.app.services.telemetry.ingest(
      device,
      Buffer.from(JSON.stringify(points)),
      Date.now(),
    );
    await wait;
  }

  it('rainfall over the blue threshold and a blue warning propose level IV; the commander signs', async () => {
    const page = await as('commander');
    expect(new URL(page.url()).pathname).toBe('/emergency');
    const c = new Console(page);
    await page.locator('[data-testid="emergency-console"][data-loaded="true"]').waitFor();
    await expect.poll(() => c.level('rainstorm').getAttribute('data-level')).toBe('none');
    await shot(page, 'emergency-01-quiet');

    // The duty officer (here the commander) enters the meteorological office's blue rainstorm warning.
    await page.getByTestId('warning-enter').click();
    await page.getByTestId('warning-area').locator('input').fill('烟台市区');
    await page.getByTestId('warning-issuer').locator('input').fill('烟台市气象台');
    await page.getByTestId('warning-save').click();
    await page.getByTestId('warning-0201').waitFor();

    // A rain gauge has collected 52 mm over seven hours: over the blue threshold (50 mm in 12 h).
    const now = Date.now();
    await gauge(
      'rg-0001',
      Array.from({ length: 52 }, (_, i) => ({ ts: now - ((51 - i) * 8 + 1) * MIN, values: { rainfall: 1 } })),
    );
    await c.proposal('rainstorm').waitFor({ timeout: 20_000 });
    expect(await c.proposal('rainstorm').getAttribute('data-kind')).toBe('activate');
    await expect.poll(() => c.proposal('rainstorm').textContent(), { timeout: 15_000 }).toContain('rg-0001');
    await shot(page, 'emergency-02-proposal');

    await page.getByTestId('sign-rainstorm').click();
    await c.answerPrompt('雨量站超蓝色阈值，启动Ⅳ级响应');
    await expect.poll(() => c.level('rainstorm').getAttribute('data-level'), { timeout: 15_000 }).toBe('IV');
    await expect.poll(() => page.getByTestId('callouts').getAttribute('data-total')).toBe('3');
    expect(await page.getByTestId('callouts').getAttribute('data-acked')).toBe('0');
  });

  it('the drainage company acknowledges its call-outs; the console shows who has not', async () => {
    const page = await as('drainage.handler');
    await page.goto(`${server.url}/emergency/my`);
    await page.locator('[data-testid="emergency-mine"][data-loaded="true"]').waitFor();
    for (let i = 0; i < 2; i++) {
      const ack = page.locator('[data-testid^="ack-"]').first();
      await ack.click();
      await expect.poll(() => page.locator('[data-testid^="ack-"]').count(), { timeout: 10_000 }).toBe(1 - i);
    }
    await shot(page, 'emergency-03-drainage-acknowledged');
    const commander = pages.commander!;
    await expect
      .poll(() => commander.getByTestId('callouts').getAttribute('data-acked'), { timeout: 15_000 })
      .toBe('2');
    expect(await commander.getByTestId('callout-municipal').getAttribute('data-acked')).toBe('no');
  });

  it('an underpass turns red: a closure task, done by the traffic crew', async () => {
    const sites = server.app.services.emergencySensors;
    const underpass = (await sites.sites()).find((s) => s.kind === 'underpass')!;
    await gauge(underpass.deviceId, [{ ts: Date.now() - 1000, values: { depth: 31 } }]);
    const commander = pages.commander!;
    await expect
      .poll(() => commander.getByTestId(`site-${underpass.deviceId}`).getAttribute('data-colour'), {
        timeout: 20_000,
      })
      .toBe('red');
    await commander.locator('[data-kind="closure"]').waitFor({ timeout: 20_000 });
    await shot(commander, 'emergency-04-underpass-red');

    const crew = await as('traffic.handler');
    await crew.goto(`${server.url}/emergency/my`);
    const closure = crew.locator('[data-kind="closure"]');
    await closure.waitFor();
    const id = (await closure.getAttribute('data-testid'))!.replace('task-', '');
    await crew.getByTestId(`task-done-${id}`).click();
    await new Console(crew).answerPrompt('已设置围挡，封闭下穿立交');
    await expect.poll(() => crew.getByTestId(`task-${id}`).getAttribute('data-state')).toBe('done');
    await expect
      .poll(() => commander.getByTestId(`task-${id}`).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('done');
  });

  it('the commander ends the response; the timeline holds every step (zh-CN and en)', async () => {
    const page = pages.commander!;
    const c = new Console(page);
    await page.getByTestId('end-rainstorm').click();
    await c.answerPrompt('雨停，积水退去');
    await expect
      .poll(() => c.level('rainstorm').getAttribute('data-level'), { timeout: 15_000 })
      .toBe('none');
    const kinds = await page
      .getByTestId('timeline')
      .locator('[data-kind]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    for (const k of [
      'warning_received',
      'proposed',
      'activated',
      'called',
      'acknowledged',
      'closure_opened',
      'task_done',
      'ended',
    ])
      expect(kinds).toContain(k);
    // The ended response's after-action report is one click away, as an Excel workbook.
    const link = page.getByTestId('reports').locator('a[data-testid^="report-"]').first();
    await link.waitFor({ timeout: 15_000 });
    const res = await page.request.get(`${server.url}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('spreadsheetml');
    await shot(page, 'emergency-05-ended-zh');
    await switchLanguage(page, 'en');
    await page.getByText('Emergency command').first().waitFor();
    await shot(page, 'emergency-06-ended-en');
  });

  it('snow: a blizzard warning, the commander signs; a crew clears a segment on the phone; the console and report show it', async () => {
    // The meteorological feed sends a blue blizzard warning (0301): the snow plan's level IV.
    const now = Date.now();
    const feed = await server.app.inject({
      method: 'POST',
      url: '/api/emergency/warnings/feed',
      headers: { 'x-api-key': 'demo-weather' },
      payload: {
        id: 'e2e-snow-1',
        code: '0301',
        area: '烟台市区',
        validFrom: new Date(now - MIN).toISOString(),
        validTo: new Date(now + 12 * 60 * MIN).toISOString(),
        issuer: '烟台市气象台',
      },
    });
    expect(feed.statusCode).toBe(201);
    const page = pages.commander!;
    await switchLanguage(page, 'zh-CN');
    const c = new Console(page);
    await c.proposal('snow').waitFor({ timeout: 20_000 });
    // The evidence names the warning in words, not by its code.
    expect(await c.proposal('snow').innerText()).toContain('暴雪蓝色预警');
    await page.getByTestId('sign-snow').click();
    await c.answerPrompt('暴雪蓝色预警，启动清雪Ⅳ级响应');
    await expect.poll(() => c.level('snow').getAttribute('data-level'), { timeout: 15_000 }).toBe('IV');

    // The Zhifu crew's phone: its segments, one marked clean with a photo.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const phone = await context.newPage();
    await login(phone, server.url, 'sanitation.zhifu');
    await phone.goto(`${server.url}/m/`);
    await phone.getByTestId('tab-snow').click();
    const first = phone.locator('[data-testid^="crew-segment-"]').first();
    await first.waitFor();
    const code = (await first.getAttribute('data-testid'))!.replace('crew-segment-', '');
    expect(await first.getAttribute('data-state')).toBe('open');
    await first.locator('.seghead').click();
    await phone.getByTestId('snow-photo-input').setInputFiles(photo('snow.png', 20));
    await phone.getByTestId('snow-photo-item').waitFor();
    await phone.getByTestId('snow-deicer').fill('1.5');
    await shot(phone, 'emergency-07-crew-phone-zh');
    await phone.getByTestId('mark-clean').click();
    await expect.poll(() => first.getAttribute('data-state'), { timeout: 15_000 }).toBe('clean');
    expect(await phone.getByTestId('snow-progress').getAttribute('data-clean')).toBe('1');
    await phone.evaluate(() => localStorage.setItem('cityloop.lang', 'en'));
    await phone.reload();
    await phone.getByTestId('tab-snow').click();
    await phone.getByTestId('snow-progress').filter({ hasText: 'clean 1' }).waitFor();
    await shot(phone, 'emergency-08-crew-phone-en');
    await context.close();

    // The console's snow tab counts it, and the map draws the segment clean.
    await page.getByTestId('tab-snow').click();
    await expect
      .poll(() => page.getByTestId(`segment-${code}`).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('clean');
    const cleaned = await page
      .locator('[data-testid^="snow-class-"]')
      .evaluateAll((els) => els.reduce((n, e) => n + Number(e.getAttribute('data-clean')), 0));
    expect(cleaned).toBe(1);
    await page.getByTestId('snow-panel').scrollIntoViewIfNeeded();
    await shot(page, 'emergency-09-snow-zh');
    await page.getByRole('tab', { name: '队伍与物资' }).click();
    await page.getByTestId('team-snow-zhifu').waitFor();
    await shot(page, 'emergency-11-resources-zh');
    await page.getByRole('tab', { name: '值班表' }).click();
    await page.getByTestId('roster').waitFor();
    await shot(page, 'emergency-12-roster-zh');
    await switchLanguage(page, 'en');
    await page.getByTestId('tab-snow').click();
    await page.getByTestId(`segment-${code}`).waitFor();
    await page.getByTestId('snow-panel').scrollIntoViewIfNeeded();
    await shot(page, 'emergency-10-snow-en');
    await page.getByRole('tab', { name: 'Teams & stock' }).click();
    await page.getByTestId('team-snow-zhifu').waitFor();
    await shot(page, 'emergency-13-resources-en');
    await page.getByRole('tab', { name: 'Duty roster' }).click();
    await page.getByTestId('roster').waitFor();
    await shot(page, 'emergency-14-roster-en');

    // Ended: the after-action report counts the segment's targets met, as PDF in English.
    await page.getByTestId('end-snow').click();
    await c.answerPrompt('Snow stopped, roads clear');
    await expect.poll(() => c.level('snow').getAttribute('data-level'), { timeout: 15_000 }).toBe('none');
    const snowId = (await server.app.services.emergency.responses()).find((r) => r.hazard === 'snow')!.id;
    const report = await page.request.get(`${server.url}/api/emergency/responses/${snowId}/report`);
    const body = (await report.json()) as { snowTargets: Array<{ met: number; missed: number }> };
    expect(body.snowTargets.reduce((n, x) => n + x.met, 0)).toBe(2);
    const pdf = await page.request.get(`${server.url}/api/emergency/responses/${snowId}/report.pdf?lang=en`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  });
});
