import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { MapPage, switchLanguage } from './pages.js';

// The city centre of the demo city (Zhifu district, 芝罘区).
const CENTRE = { lon: 121.4, lat: 37.54 };

describe('foundation: login, language, map with live grids, admin', () => {
  let server: E2EServer;
  let browser: Browser;

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    return context.newPage();
  }

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  it('a wrong password shows the server’s message and the attempts left', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/login`);
    await expect.poll(() => page.getByTestId('demo-hint').innerText()).toContain('cityloop');
    await shot(page, 'foundation-login');
    await page.getByTestId('login-username').locator('input').fill('leader');
    await page.getByTestId('login-password').locator('input').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
  });

  it('an admin lands on the admin home and can switch to English and back', async () => {
    const page = await newPage();
    await login(page, server.url, 'admin');
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByTestId('admin-home').waitFor();
    expect(await page.locator('h1').innerText()).toBe('系统管理');

    await switchLanguage(page, 'en');
    await expect.poll(() => page.locator('h1').innerText()).toBe('Administration');
    expect(await page.getByTestId('nav-map').innerText()).toContain('City map');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'lang')?.value).toBe('en');
    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Administration');

    await switchLanguage(page, 'zh-CN');
    await expect.poll(() => page.locator('h1').innerText()).toBe('系统管理');
    expect(await page.getByTestId('nav-map').innerText()).toContain('城市地图');
  });

  it('a leader lands on the cockpit, whose side menu holds the pages the leader can reach', async () => {
    const page = await newPage();
    await login(page, server.url, 'leader');
    expect(new URL(page.url()).pathname).toBe('/cockpit');
    await page.getByTestId('cockpit-page').waitFor();
    // Each feature a leader may open adds its entry (assessment, emergency, visit figures…).
    const menu = page.getByTestId('side-menu');
    await expect.poll(() => menu.innerText()).toContain('公用事业监测');
    expect(await menu.innerText()).toContain('综合评价');
    // The alarm console is for operators, not for the leader.
    expect(await menu.innerText()).not.toContain('报警台');
    await page.getByTestId('nav-evaluation').click();
    await page.waitForURL(/\/evaluation/);
  });

  it('clicking the city centre opens its unit grid; an admin’s edit redraws live for a dispatcher', async () => {
    const admin = await newPage();
    await login(admin, server.url, 'admin');
    const adminMap = new MapPage(admin);
    await adminMap.open(server.url);
    expect(await admin.getByTestId('zoom-hint').innerText()).toContain('放大查看单元网格');
    await shot(admin, 'foundation-map-city');

    await adminMap.centreOn(CENTRE.lon, CENTRE.lat, 17);
    await adminMap.clickAt(CENTRE.lon, CENTRE.lat);
    const code = await adminMap.gridCode();
    expect(code).toMatch(/^370602[0-9]{9}$/);
    expect(await admin.getByTestId('grid-district').innerText()).toContain('芝罘区');
    await expect.poll(() => admin.getByTestId('zoom-hint').count()).toBe(0);
    await shot(admin, 'foundation-map-grid');

    // A dispatcher has the same grid open in another browser.
    const dispatcher = await newPage();
    await login(dispatcher, server.url, 'dispatcher');
    const dispatcherMap = new MapPage(dispatcher);
    await dispatcherMap.open(server.url, `?grid=${code}`);
    expect(await dispatcherMap.gridCode()).toBe(code);
    expect(await dispatcher.getByTestId('grid-edit-responsible-body').count()).toBe(0);
    await dispatcher.evaluate(() => ((globalThis as unknown as { __noReload: boolean }).__noReload = true));

    const body = `测试责任单位${Date.now() % 100000}`;
    await adminMap.setResponsibleBody(body);
    await adminMap.expectResponsibleBody(body);

    await dispatcherMap.expectResponsibleBody(body);
    expect(
      await dispatcher.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload),
    ).toBe(true);
    await shot(dispatcher, 'foundation-map-live-update');
  });

  it('the map’s address search finds a road crossing, marks it at street zoom and opens its grid', async () => {
    const page = await newPage();
    await login(page, server.url, 'dispatcher');
    const map = new MapPage(page);
    await map.open(server.url);
    const input = page.getByTestId('address-search').locator('input');
    await input.fill('北马路与胜利');
    const suggestion = page.getByTestId('address-suggestion').filter({ hasText: '北马路与胜利路交叉口' });
    await suggestion.waitFor();
    expect(await suggestion.innerText()).toContain('路口');
    await shot(page, 'foundation-map-address-suggestions');
    await suggestion.click();
    await page.locator('.leaflet-tooltip', { hasText: '北马路与胜利路交叉口' }).waitFor();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { __cityMap: { getZoom(): number } }).__cityMap.getZoom(),
      ),
    ).toBeGreaterThanOrEqual(17);
    const [found] = (
      (await (
        await page.request.get(`${server.url}/api/geocode?q=${encodeURIComponent('北马路与胜利路交叉口')}`)
      ).json()) as {
        candidates: Array<{ gridCode: string | null }>;
      }
    ).candidates;
    if (found?.gridCode) expect(await map.gridCode()).toBe(found.gridCode);
    await shot(page, 'foundation-map-address-found');

    // In English the kinds are translated; a house number is found by Enter alone.
    await switchLanguage(page, 'en');
    await input.fill('南大街25号');
    await page.getByTestId('address-suggestion').filter({ hasText: 'Address' }).first().waitFor();
    await input.press('Escape');
    await page.getByTestId('address-search-submit').click();
    // (In English the place is named in English: 南大街25号 → 25 South Avenue.)
    await page.locator('.leaflet-tooltip', { hasText: '25 South Avenue' }).waitFor();
    await shot(page, 'foundation-map-address-en');
  });

  it('admin lists page, filter and search', async () => {
    const page = await newPage();
    await login(page, server.url, 'admin');
    await page.goto(`${server.url}/admin/users`);
    const rows = page.getByTestId('list-table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await page.getByTestId('list-pager').innerText()).toMatch(/共 \d+ 条/);
    await page.getByTestId('list-search').locator('input').fill('dispatcher');
    await expect
      .poll(async () => (await rows.allInnerTexts()).every((t) => t.includes('dispatcher')))
      .toBe(true);
    await shot(page, 'foundation-admin-users');

    await page.goto(`${server.url}/admin/audit`);
    await rows.first().waitFor();
    // The grid edit of the previous test is in the log, with its before/after.
    expect(await rows.first().innerText()).toContain('单元网格');
    await rows.first().locator('.el-table__expand-icon').click();
    await page.getByTestId('audit-diff').waitFor();
    expect(await page.getByTestId('audit-diff').innerText()).toContain('responsibleBody');
    await shot(page, 'foundation-admin-audit');
  });

  it('grid import: a bad file is refused with a report, a good one imports with progress', async () => {
    const page = await newPage();
    await login(page, server.url, 'admin');
    await page.goto(`${server.url}/admin/grid-import`);
    const bad = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '12345' }, geometry: { type: 'Polygon', coordinates: [] } },
        { type: 'Feature', properties: { code: '370602001001001' }, geometry: null },
      ],
    };
    await page.getByTestId('import-file').setInputFiles({
      name: 'bad.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    await page.getByTestId('import-validate').click();
    await page.getByTestId('import-report').waitFor();
    expect(await page.getByTestId('import-report-summary').innerText()).toContain('未写入任何数据');
    expect(await page.getByTestId('import-start').isDisabled()).toBe(true);
    await shot(page, 'foundation-import-invalid');

    // The grids of one community, as the map API serves them, are a valid import of themselves.
    const fc = await page.evaluate(async () => {
      const res = await fetch('/api/grids?bbox=121.0,37.0,122.0,38.0&limit=20000');
      const all = (await res.json()) as { features: Array<{ properties: { communityCode: string } }> };
      const first = all.features[0]!.properties.communityCode;
      return {
        type: 'FeatureCollection',
        features: all.features.filter((f) => f.properties.communityCode === first),
      };
    });
    await page.getByTestId('import-file').setInputFiles({
      name: 'community.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(fc)),
    });
    await page.getByTestId('import-validate').click();
    await expect.poll(() => page.getByTestId('import-report-summary').innerText()).toContain('校验通过');
    await page.getByTestId('import-start').click();
    await expect
      .poll(() => page.getByTestId('import-job-state').innerText(), { timeout: 30_000 })
      .toContain('已完成');
    await shot(page, 'foundation-import-done');
  });
  it('an admin pages the component table forward and back, each page after the last code of the one before', async () => {
    const page = await newPage();
    await login(page, server.url, 'admin');
    await page.goto(`${server.url}/components`);
    const table = page.getByTestId('list-table');
    const pager = page.getByTestId('list-pager');
    const codes = () => table.locator('tbody tr td:first-child').allInnerTexts();
    await expect.poll(async () => (await codes()).length).toBe(20);
    const first = await codes();
    expect(await pager.innerText()).toContain('第 1 /');
    await pager.locator('.btn-next').click();
    await expect.poll(async () => (await codes())[0]).not.toBe(first[0]);
    const second = await codes();
    expect(second[0]! > first.at(-1)!).toBe(true);
    expect(await pager.innerText()).toContain('第 2 /');
    await shot(page, 'components-page-2');
    await pager.locator('.btn-prev').click();
    await expect.poll(() => codes()).toEqual(first);
    await switchLanguage(page, 'en');
    await expect.poll(() => pager.innerText()).toContain('Page 1 of');
    await shot(page, 'components-page-1-en');
  });
});
