import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AgingReport, SegmentFeatureCollection, ShutdownImpact } from '@cityloop/domain/api';
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

  it('checks a set-point with EPANET (the confirming colleague sees the same) and analyses a shutdown', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'utility');
    await page.goto(`${server.url}/infrastructure`);
    const networks = new NetworksPage(page);
    await networks.waitLoaded();

    // A register with a bad row is reported row by row, and nothing is imported.
    await page.getByTestId('register-file').setInputFiles({
      name: 'register.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '编号,种类,管材,管径,建设年代,起点经度,起点纬度,止点经度,止点纬度\nE2E-1,给水,木头,200,1990,121.40,37.54,121.401,37.541\n',
      ),
    });
    await expect.poll(() => page.getByTestId('register-report').innerText()).toContain('未知管材：木头');
    await page.keyboard.press('Escape');

    // The operator lowers the hill district's booster to 0.30 MPa: junctions fall below 0.14 MPa.
    const runCheck = async (p: Page) => {
      await p.getByTestId('hyd-device').click();
      await p.getByRole('option', { name: /bs-0014/ }).click();
      await p.getByTestId('hyd-value').locator('input').fill('0.30');
      await p.getByTestId('hyd-value').locator('input').blur();
      await p.getByTestId('hyd-run').click();
      await p.locator('[data-testid="hyd-result"][data-status="ok"]').waitFor();
      return p.getByTestId('hyd-warning').innerText();
    };
    const warning = await runCheck(page);
    expect(warning).toMatch(/\d+ 个节点压力低于最低服务压力 0\.140 MPa/);
    await networks.waitLoaded();
    await expect.poll(() => page.getByTestId('network-legend').innerText()).toContain('< 0.14 MPa');
    await shot(page, 'infrastructure-hydraulic-check-zh');

    // The colleague who confirms the command runs the same check and sees the same figures.
    const other = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page2 = await other.newPage();
    await login(page2, server.url, 'admin');
    await page2.goto(`${server.url}/infrastructure`);
    await new NetworksPage(page2).waitLoaded();
    expect(await runCheck(page2)).toBe(warning);
    expect(await page2.getByTestId('hyd-summary').innerText()).toBe(
      await page.getByTestId('hyd-summary').innerText(),
    );
    await other.close();

    // Works on a distribution main in the old town: which valves, segments and communities.
    const view = '121.37,37.525,121.42,37.555';
    const fc = (await (
      await page.request.get(`${server.url}/api/networks/segments?network=water&bbox=${view}`)
    ).json()) as SegmentFeatureCollection;
    let segment = '';
    for (const f of fc.features.filter((x) => x.properties.diameterMm <= 300).slice(0, 40)) {
      const s = (await (
        await page.request.get(`${server.url}/api/hydraulics/shutdown?segment=${f.id}`)
      ).json()) as ShutdownImpact;
      if (s.communities.length > 0) {
        segment = f.id;
        break;
      }
    }
    expect(segment).not.toBe('');
    await page.getByTestId('shutdown-segment').fill(segment);
    await page.getByTestId('shutdown-run').click();
    await page.getByTestId('shutdown-result').waitFor();
    await expect
      .poll(() => page.getByTestId('shutdown-communities').locator('tbody tr').count())
      .toBeGreaterThan(0);
    expect(await page.getByTestId('shutdown-valves').innerText()).toMatch(/关闭阀门 \d+ 处/);
    await networks.waitLoaded();
    await shot(page, 'infrastructure-shutdown-zh');
    await switchLanguage(page, 'en');
    await expect.poll(() => page.getByTestId('shutdown-valves').innerText()).toMatch(/\d+ valves to close/);
    await shot(page, 'infrastructure-shutdown-en');
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
