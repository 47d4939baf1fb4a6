import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HotlinePage } from './casePages.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

let server: E2EServer;
let browser: Browser;
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

describe('12319 hotline intake', () => {
  it('a call registered at the desk becomes a hotline case waiting for an inspector’s verification', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    await login(page, server.url, 'hotline');
    const id = await new HotlinePage(page).registerCall(server.url, {
      caller: '王女士',
      phone: '13812345678',
      description: '南大街路边有暴露垃圾，气味很大',
    });
    await shot(page, 'intake-case');

    const detail = await (await page.request.get(`${server.url}/api/cases/${id}`)).json();
    expect(detail).toMatchObject({
      source: 'hotline',
      state: 'verifying',
      reporterName: '王女士',
      category: '0102',
      kind: 'event',
    });
    const list = await (await page.request.get(`${server.url}/api/cases?queue=to_verify`)).json();
    const row = list.items.find((c: { id: number }) => c.id === id);
    expect(row.reporterPhone).toBe('138****5678');
    await ctx.close();
  });
  it('the seat finds the caller’s address, and a click on the map names the nearest address', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await login(page, server.url, 'hotline');
    await page.goto(`${server.url}/intake`);
    await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
    await page.getByTestId('address-search').locator('input').fill('北马路与胜利路');
    await page.getByTestId('address-suggestion').filter({ hasText: '北马路与胜利路交叉口' }).click();
    await expect.poll(() => page.getByTestId('intake-grid').innerText()).toMatch(/370602\d{9}/);
    expect(await page.getByTestId('intake-address').inputValue()).toBe('北马路与胜利路交叉口');
    await shot(page, 'intake-address-found');

    // A click beside a road: the nearest house number, which replaces what the map had filled in.
    // (28 m north of 北马路, mid-block: the next street north and the cross streets are farther.)
    const pt = await page.evaluate(() => {
      const m = (
        globalThis as unknown as {
          __cityMap: { latLngToContainerPoint(l: [number, number]): { x: number; y: number } };
        }
      ).__cityMap;
      return m.latLngToContainerPoint([37.547, 121.3965]);
    });
    await page.getByTestId('city-map').click({ position: { x: Math.round(pt.x), y: Math.round(pt.y) } });
    await expect.poll(() => page.getByTestId('intake-nearest').innerText()).toMatch(/北马路\d+号/);
    expect(await page.getByTestId('intake-address').inputValue()).toMatch(/^北马路\d+号$/);
    await shot(page, 'intake-address-nearest');
    await switchLanguage(page, 'en');
    await page.getByTestId('intake-nearest').filter({ hasText: 'Nearest address' }).waitFor();
    await shot(page, 'intake-address-en');
    await ctx.close();
  });
});
