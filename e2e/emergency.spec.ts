import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startJobs, type JobRunner } from '../apps/server/src/jobs/jobs.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
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
});
