import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, shot, startServer, type E2EServer } from './harness.js';
import { MapPage, switchLanguage } from './pages.js';

/**
 * The desk's work on the city map: a dispatcher sees the open cases clustered, as heat, and the
 * month's hotspots; a hotspot lists exactly the cases it counts; the filters are the desk's.
 */
describe('case map: open work, heat and hotspots for the desk', () => {
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    // A few months of the demo city's cases, made through the real services.
    server = await startServer({ DEMO_CASES: '600' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function mapAs(username: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang });
    const page = await context.newPage();
    await login(page, server.url, username);
    await new MapPage(page).open(server.url);
    return page;
  }

  async function api<T>(page: Page, path: string): Promise<T> {
    const res = await page.request.get(`${server.url}${path}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as T;
  }

  it('a dispatcher sees the open cases in clusters, with the count the server gives', async () => {
    const page = await mapAs('dispatcher');
    const panel = page.getByTestId('case-layer-panel');
    await panel.waitFor();
    const { total } = await api<{ total: number }>(page, '/api/cases/map');
    expect(total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('case-summary').innerText()).toBe(`共 ${total} 件`);
    // Clusters are drawn for the view, each with its count; together they hold every point in view.
    await page.locator('.cl-cluster').first().waitFor();
    await shot(page, 'casemap-points');

    // A cluster opens on click (the map zooms in to where it splits).
    const zoom = () =>
      page.evaluate(() =>
        (globalThis as unknown as { __cityMap: { getZoom(): number } }).__cityMap.getZoom(),
      );
    const before = await zoom();
    await page.locator('.cl-cluster').first().click();
    await expect.poll(zoom).toBeGreaterThan(before);

    // The overdue queue: the count is the desk's own.
    expect(await page.getByTestId('case-queue').innerText()).toContain('在办案件');
    await page.getByTestId('case-queue').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '超期' }).click();
    const overdue = await api<{ total: number }>(page, '/api/cases/map?queue=overdue');
    await expect.poll(() => page.getByTestId('case-summary').innerText()).toBe(`共 ${overdue.total} 件`);
    expect(new URL(page.url()).searchParams.get('queue')).toBe('overdue');
    expect(await page.getByTestId('case-queue').innerText()).toContain('超期');
  });

  it('heat map and hotspots; a hotspot lists exactly the cases it counts', async () => {
    const page = await mapAs('dispatcher');
    await page.getByTestId('case-layer-panel').waitFor();
    await page.getByTestId('case-mode').getByText('热力图').click();
    await page.locator('canvas.leaflet-heatmap-layer').waitFor();
    await shot(page, 'casemap-heat');

    await page.getByTestId('case-mode').getByText('热点').click();
    const items = page.getByTestId('hotspot-list').locator('li:not(.empty)');
    await items.first().waitFor();
    const month = new URL(page.url()).searchParams.get('month')!;
    const hot = await api<{ items: { count: number; gridCode: string }[] }>(
      page,
      `/api/cases/hotspots?month=${month}`,
    );
    expect(await items.count()).toBe(hot.items.length);
    await page.locator('.cl-hotspot-rank').first().waitFor();
    await items.first().click();
    const drawer = page.getByTestId('hotspot-drawer');
    await drawer.waitFor();
    await expect
      .poll(() => page.getByTestId('hotspot-cases').locator('tbody tr').count())
      .toBe(Math.min(hot.items[0]!.count, 200));
    await shot(page, 'casemap-hotspot-drill');
  });

  it('the filters are the desk’s: a source narrows the map as it narrows the queue', async () => {
    const page = await mapAs('dispatcher');
    await page.getByTestId('case-layer-panel').waitFor();
    await page.getByTestId('case-filters-toggle').click();
    await page.getByTestId('filter-source').click();
    await page.locator('.el-select-dropdown__item', { hasText: '热线' }).first().click();
    const hotline = await api<{ total: number }>(page, '/api/cases/map?source=hotline');
    await expect.poll(() => page.getByTestId('case-summary').innerText()).toBe(`共 ${hotline.total} 件`);
    await shot(page, 'casemap-filters');
  });

  it('reads in English, and is not offered to a handling unit', async () => {
    const page = await mapAs('leader', 'en');
    await page.getByTestId('case-layer-panel').waitFor();
    await switchLanguage(page, 'en');
    const { total } = await api<{ total: number }>(page, '/api/cases/map');
    await expect.poll(() => page.getByTestId('case-summary').innerText()).toBe(`${total} cases`);
    expect(await page.getByTestId('case-legend').innerText()).toContain('Overdue');
    await shot(page, 'casemap-points-en');
    await page.getByTestId('case-mode').getByText('Hotspots').click();
    await page.getByTestId('hotspot-list').locator('li').first().waitFor();
    await shot(page, 'casemap-hotspots-en');

    const handler = await mapAs('water.handler');
    await handler.locator('.leaflet-control-layers').waitFor();
    expect(await handler.getByTestId('case-layer-panel').count()).toBe(0);
  });
});
