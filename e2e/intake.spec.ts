import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, login, shot, startServer, type E2EServer } from './harness.js';

let server: E2EServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('12319 hotline intake', () => {
  it('a call registered at the desk becomes a hotline case waiting for an inspector’s verification', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    await login(page, server.url, 'hotline');
    await page.goto(`${server.url}/intake`);
    await page.getByTestId('intake-caller').fill('王女士');
    await page.getByTestId('intake-phone').fill('13812345678');
    await page.getByTestId('intake-description').fill('南大街路边有暴露垃圾，气味很大');
    await page.getByTestId('intake-category').click();
    await page.keyboard.type('暴露垃圾');
    await page.getByRole('option', { name: /0102 暴露垃圾/ }).click();
    await page.waitForFunction(
      () => 'window' in globalThis && (window as unknown as { __cityMap?: unknown }).__cityMap,
    );
    await page.evaluate(() => {
      const m = (window as unknown as { __cityMap: { setView(l: [number, number], z: number): void } })
        .__cityMap;
      m.setView([37.54, 121.4], 16);
    });
    await page.waitForTimeout(500);
    const box = (await page.locator('.intake .map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('intake-grid').innerText()).toMatch(/370602\d{9}/);
    await page.getByTestId('intake-submit').click();
    await page.waitForURL(/\/cases\/\d+$/);
    await shot(page, 'intake-case');
    const id = Number(new URL(page.url()).pathname.split('/').pop());

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
});
