import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CapacityReport, ProgrammeList } from '@cityloop/domain/api';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

describe('renovation programmes and a segment page: the operator reports km renewed and reads a pipe’s history', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  it('reports two segments renewed, sees the km done grow, and opens a segment page, in zh and en', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'utility');
    await page.goto(`${server.url}/infrastructure`);
    // Capacity vs demand below the projects: the 莱山 water plant runs short in 8 years.
    await page.locator('[data-testid="capacity"][data-loaded="true"]').waitFor();
    const cap = (await (
      await page.request.get(`${server.url}/api/projects/capacity`)
    ).json()) as CapacityReport;
    await page.getByTestId('capacity-chart').scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('short-XM-2022-01').innerText()).toBe(String(cap.baseYear + 8));
    await shot(page, 'capacity-zh');
    await switchLanguage(page, 'en');
    await expect.poll(() => page.getByTestId('capacity').innerText()).toContain('Runs short in');
    await shot(page, 'capacity-en');
    await switchLanguage(page, 'zh-CN');
    await page.getByTestId('renovation-link').click();
    await page.waitForURL((u) => u.pathname === '/infrastructure/renovation');
    await page.locator('[data-testid="renovation"][data-loaded="true"]').waitFor();

    const list = (await (
      await page.request.get(`${server.url}/api/renovation/programmes`)
    ).json()) as ProgrammeList;
    const heating = list.items.find((p) => p.network === 'heating')!;
    await expect.poll(() => page.getByTestId(`reno-target-${heating.id}`).innerText()).toBe('38.0');
    await expect.poll(() => page.getByTestId('reno-programmes').innerText()).toContain('灰口铸铁');
    await page.getByTestId('reno-programme-heating').click();
    await expect.poll(() => page.getByTestId('reno-detail-title').innerText()).toContain('供热');

    const free = page.locator('[data-testid="reno-items"] tbody tr .el-checkbox:not(.is-disabled)');
    await free.nth(0).click();
    await free.nth(1).click();
    await page.getByTestId('reno-report').click();
    await expect
      .poll(async () => {
        const after = (await (
          await page.request.get(`${server.url}/api/renovation/programmes/${heating.id}`)
        ).json()) as ProgrammeList['items'][number];
        return after.doneSegments;
      })
      .toBe(heating.doneSegments + 2);
    await expect
      .poll(() => page.getByTestId(`reno-done-${heating.id}`).innerText())
      .not.toBe(heating.doneKm.toFixed(1));
    await shot(page, 'renovation-zh');

    await switchLanguage(page, 'en');
    await expect.poll(() => page.getByTestId('reno-programmes').innerText()).toContain('Grey cast iron');
    await shot(page, 'renovation-en');

    // A segment of the programme: its page, with its risk and failure history.
    await page.locator('[data-testid="reno-items"] tbody tr a').first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/infrastructure/segments/'));
    await page.locator('[data-testid="segment-page"][data-loaded="true"]').waitFor();
    await expect.poll(() => page.getByTestId('segment-risk').innerText()).toContain('Likelihood');
    await expect
      .poll(() => page.getByTestId('segment-programme').innerText())
      .toContain('network renovation');
    await shot(page, 'segment-en');
    await switchLanguage(page, 'zh-CN');
    await expect.poll(() => page.getByTestId('segment-counts').innerText()).toContain('爆管');
    await shot(page, 'segment-zh');
    await context.close();
  });
});
