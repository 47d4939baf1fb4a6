import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';

/**
 * The web app under its Content-Security-Policy: the pages run with no violation reported (Vite's
 * modules, Element Plus, ECharts, Leaflet, the phone app's service worker, /ws), and a device
 * named with markup shows on the water map as text, its script neither escaped into HTML nor run.
 */
let server: E2EServer;
let browser: Browser;
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

interface Watched {
  __csp?: string[];
  __xss?: number;
}

/** A signed-in page that records every CSP violation the browser reports. */
async function as(user: string, path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  await context.addInitScript(() => {
    const w = globalThis as unknown as Watched & { addEventListener: typeof addEventListener };
    w.__csp = [];
    w.addEventListener('securitypolicyviolation', (e) =>
      w.__csp!.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  await login(page, server.url, user);
  await page.goto(`${server.url}${path}`);
  return { context, page };
}
const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as Watched).__csp ?? []);

describe('the web app under its Content-Security-Policy', () => {
  it('shows a device named with markup as text on the water map, running nothing', async () => {
    const admin = await as('admin', '/admin');
    const model = (await (await admin.page.request.get(`${server.url}/api/devices/pp-0001`)).json()) as {
      type: string;
      lon: number;
      lat: number;
    };
    const name = '<img src=x onerror="window.__xss=1">测压点';
    const created = await admin.page.request.post(`${server.url}/api/devices`, {
      data: { id: 'pp-9901', type: model.type, name, lon: model.lon + 0.003, lat: model.lat + 0.003 },
    });
    expect(created.status(), await created.text()).toBe(200);
    await admin.context.close();

    const { context, page } = await as('utility', '/utilities/water');
    await page.getByTestId('utilities-map').waitFor();
    await page.waitForFunction(() => '__cityMap' in globalThis);
    const pt = await page.evaluate(
      ([x, y]) =>
        (
          globalThis as unknown as {
            __cityMap: { latLngToContainerPoint(ll: [number, number]): { x: number; y: number } };
          }
        ).__cityMap.latLngToContainerPoint([y, x]),
      [model.lon + 0.003, model.lat + 0.003] as const,
    );
    const box = (await page.getByTestId('city-map').boundingBox())!;
    await page.waitForTimeout(500);
    await page.mouse.move(box.x + pt.x, box.y + pt.y);
    const tooltip = page.locator('.leaflet-tooltip', { hasText: '测压点' });
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.innerText()).toContain('<img src=x onerror="window.__xss=1">测压点');
    expect(await tooltip.locator('img').count()).toBe(0);
    await shot(page, 'security-escaped-name');
    expect(await page.evaluate(() => (globalThis as unknown as Watched).__xss)).toBeUndefined();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });

  it('runs the desk, the cockpit, the portal and the phone app with no CSP violation', async () => {
    for (const [user, path, ready] of [
      ['dispatcher', '/desk', 'desk-page'],
      ['leader', '/evaluation', null],
      ['citizen', '/portal', null],
      ['inspector', '/m/', null],
    ] as const) {
      const { context, page } = await as(user, path);
      if (ready) await page.getByTestId(ready).waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
      expect(await violations(page), `${user} ${path}`).toEqual([]);
      await context.close();
    }
  });
});
