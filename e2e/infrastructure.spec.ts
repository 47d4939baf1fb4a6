import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AgingReport } from '@cityloop/domain/api';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

/** The pipe networks page, as a utility operator uses it. */
class NetworksPage {
  constructor(readonly page: Page) {}
  async waitLoaded() {
    await this.page.locator('[data-testid="infrastructure"][data-loaded="true"]').waitFor();
    await this.page.locator('[data-testid="network-map"][data-loaded="true"]').waitFor();
  }
  async choose(network: string) {
    await this.page.getByTestId(`network-${network}`).click();
    await this.waitLoaded();
  }
  async segmentsInView(): Promise<number> {
    return Number(await this.page.getByTestId('network-map').getAttribute('data-segments'));
  }
}

describe('pipe networks in the browser: the operator finds the old pipes and the km to renew', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  it('shows a network on the map by risk and age, with km totals, in Chinese and English', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'utility');
    await page.getByRole('menuitem', { name: '管网与改造' }).click();
    await page.waitForURL((u) => u.pathname === '/infrastructure');
    const networks = new NetworksPage(page);
    await networks.waitLoaded();
    expect(await networks.segmentsInView()).toBeGreaterThan(0);

    const res = await page.request.get(`${server.url}/api/networks/aging`);
    const aging = (await res.json()) as AgingReport;
    for (const n of aging.networks) {
      const shown = await page.getByTestId(`candidate-km-${n.network}`).innerText();
      expect(Number(shown.replace(/,/g, ''))).toBeCloseTo(n.candidates.km, 1);
    }
    await expect.poll(() => page.getByTestId('candidates').locator('tbody tr').count()).toBeGreaterThan(0);

    await networks.choose('gas');
    expect(await networks.segmentsInView()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('materials').innerText()).toContain('灰口铸铁');
    await shot(page, 'infrastructure-gas-risk-zh');

    await page.getByTestId('colour-age').click();
    await switchLanguage(page, 'en');
    await expect.poll(() => page.getByTestId('materials').innerText()).toContain('Grey cast iron');
    await expect.poll(() => page.getByTestId('network-legend').innerText()).toContain('30+');
    await shot(page, 'infrastructure-gas-age-en');

    // The major projects below the tables: the six plants of the bureau's report, with milestones.
    await page.locator('[data-testid="projects"][data-loaded="true"]').waitFor();
    await expect.poll(() => page.getByTestId('projects').locator('tbody tr').count()).toBe(6);
    expect(await page.getByTestId('project-XM-2022-06').innerText()).toBe('Southern heating centre');
    await page.getByTestId('projects').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/infrastructure-projects-en.png' });
    await context.close();
  });

  it('is in a leader’s side menu too (the access policy)', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'leader');
    await expect.poll(() => page.getByRole('menuitem', { name: '管网与改造' }).count()).toBe(1);
    await context.close();
  });
});
