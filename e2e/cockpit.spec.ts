import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ZoneClock } from '@cityloop/domain';
import { login, shot, withServerAndBrowser, type E2EServer } from './harness.js';
import { CaseFixtures } from './caseFixtures.js';

/**
 * The leader's cockpit: lands on /cockpit after login, drills from the district ranking to a
 * district's overdue cases and opens one; the monthly report's PDF opens and its totals are the
 * cockpit's. Screenshots of the wall at 1920×1080 and 1440×900, in Chinese and English, dark and light.
 */
describe('leaders’ cockpit', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  // Cases dispatched ten days ago and left alone: past their deadline whatever today is.
  let date: string;
  let caseIds: number[];

  beforeAll(async () => {
    const f = new CaseFixtures(server.app);
    const at = new Date(Date.now() - 10 * 86_400_000);
    date = new ZoneClock(server.app.platform.config.timeZone).dateKeyOf(at.getTime());
    caseIds = [];
    for (const [i, where] of [
      { lon: 121.395, lat: 37.54 },
      { lon: 121.4, lat: 37.538 },
    ].entries()) {
      const c = await f.report('operator', { where, description: `人行道暴露垃圾 ${i + 1}`, at });
      await f.dispatched(c.id, at);
      caseIds.push(c.id);
    }
  });

  async function leaderPage(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'leader');
    return page;
  }

  it('the leader lands on the cockpit and drills from the district ranking to an overdue case', async () => {
    const page = await leaderPage(1920, 1080);
    expect(new URL(page.url()).pathname).toBe('/cockpit');
    await page.goto(`${server.url}/cockpit?period=month&date=${date}`);
    await page.locator('[data-testid="cockpit-page"][data-ready="true"]').waitFor();
    const received = page.getByTestId('cockpit-tile-cases-received');
    await expect.poll(() => received.getAttribute('data-value')).toBe('2');
    // The committee's own tile: its campaigns running this month (every module of the wall is in).
    expect(await page.getByTestId('cockpit-tile-committee-campaigns').innerText()).not.toContain(
      '模块未接入',
    );

    const row = page
      .locator('[data-testid^="cockpit-rank-overdue-"]')
      .filter({ hasText: /^[1-9]/ })
      .first();
    await row.waitFor();
    await row.click();
    const drill = page.getByTestId('cockpit-drill');
    await drill.getByTestId('cockpit-drill-cases').waitFor();
    const link = drill.locator('[data-testid^="cockpit-case-"]').first();
    await link.waitFor();
    const id = Number((await link.getAttribute('data-testid'))!.replace('cockpit-case-', ''));
    expect(caseIds).toContain(id);
    await link.click();
    await page.waitForURL(new RegExp(`/cases/${id}$`));
    await page.getByTestId('case-page').waitFor();

    // The month's report: made on demand, listed in the archive, its PDF opens, its totals are the cockpit's.
    const made = await page.request.post(`${server.url}/api/cockpit/reports`, {
      data: { period: 'month', date },
    });
    expect(made.status()).toBe(200);
    const { id: reportId } = (await made.json()) as { id: number };
    await page.goto(`${server.url}/cockpit/reports`);
    const pdfLink = page.getByTestId(`cockpit-report-pdf-${reportId}`);
    await pdfLink.waitFor();
    await shot(page, 'cockpit-reports');
    const pdf = await page.request.get(`${server.url}${(await pdfLink.getAttribute('href'))!}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
    const detail = (await (
      await page.request.get(`${server.url}/api/cockpit/reports/${reportId}`)
    ).json()) as {
      data: { tiles: Array<{ key: string; value: number | null }> };
    };
    const cockpit = (await (
      await page.request.get(`${server.url}/api/cockpit?period=month&date=${date}`)
    ).json()) as { tiles: Array<{ key: string; value: number | null }> };
    for (const key of ['cases.received', 'cases.filed', 'cases.closed', 'cases.overdue'])
      expect(detail.data.tiles.find((x) => x.key === key)?.value, key).toBe(
        cockpit.tiles.find((x) => x.key === key)?.value,
      );
    expect(detail.data.tiles.find((x) => x.key === 'cases.received')?.value).toBe(2);
    await page.context().close();
  });

  it('draws the wall at 1920×1080 and 1440×900, in Chinese and English, dark and light', async () => {
    for (const [w, h] of [
      [1920, 1080],
      [1440, 900],
    ] as const) {
      const page = await leaderPage(w, h);
      await page.goto(`${server.url}/cockpit?period=month&date=${date}`);
      await page.locator('[data-testid="cockpit-page"][data-ready="true"]').waitFor();
      await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
      // First meaningful paint of the wall: the figures drawn, from the navigation's start.
      await expect
        .poll(() => page.evaluate(() => performance.getEntriesByName('cockpit-ready').length))
        .toBe(1);
      const paint = await page.evaluate(() => ({
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        ready: performance.getEntriesByName('cockpit-ready')[0]!.startTime,
      }));
      console.log(
        `cockpit ${w}×${h}: first contentful paint ${paint.fcp?.toFixed(0)} ms, figures drawn ${paint.ready.toFixed(0)} ms`,
      );
      await shot(page, `cockpit-${w}-zh-dark`);
      await page.getByTestId('cockpit-theme').click();
      await shot(page, `cockpit-${w}-zh-light`);
      await page.getByTestId('cockpit-page').getByTestId('lang-switch').click();
      await page.locator('[data-testid="lang-en"]:visible').click();
      await expect.poll(() => page.locator('.brand h1').innerText()).toBe('Leaders’ cockpit');
      await shot(page, `cockpit-${w}-en-light`);
      await page.getByTestId('cockpit-theme').click();
      await shot(page, `cockpit-${w}-en-dark`);
      await page.getByTestId('cockpit-page').getByTestId('lang-switch').click();
      await page.locator('[data-testid="lang-zh"]:visible').click();
      await page.context().close();
    }
  });
});
