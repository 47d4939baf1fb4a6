import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';

// Inside the small demo city's 芝罘区, a block off 北马路.
const SITE = { lon: 121.4002, lat: 37.5401 };
const SHOTS = process.env.SHOTS_DIR ?? '';

let server: E2EServer;
let browser: Browser;
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

/** The harness's screenshot, and a copy where a person reviewing this work looks (SHOTS_DIR). */
async function snap(page: Page, name: string) {
  await shot(page, name);
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function open(lang: 'zh-CN' | 'en', phone = false): Promise<Page> {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    ...(phone ? { isMobile: true, hasTouch: true } : {}),
    locale: lang,
  });
  await context.addCookies([{ name: 'lang', value: lang, url: server.url }]);
  return context.newPage();
}

/** The names the base map has drawn in the visible part of the city map at its zoom. */
async function visibleNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as {
      __cityMap?: {
        getZoom(): number;
        getPixelBounds(): { min: { x: number; y: number }; max: { x: number; y: number } };
      };
      __mapLabels?: Array<{ name: string; zoom: number; x: number; y: number }>;
    };
    const m = w.__cityMap;
    if (!m) return [];
    const z = m.getZoom();
    const { min, max } = m.getPixelBounds();
    return [
      ...new Set(
        (w.__mapLabels ?? [])
          .filter((l) => l.zoom === z && l.x >= min.x && l.x <= max.x && l.y >= min.y && l.y <= max.y)
          .map((l) => l.name),
      ),
    ];
  });
}

describe('the public portal and the map for residents and staff in both languages', () => {
  it('the open figures count this month’s reports by category, named in Chinese and in English', async () => {
    for (const [n, category] of [
      [1, '0102'],
      [2, '0102'],
      [3, '0101'],
    ] as const) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/public/reports',
        remoteAddress: `10.7.0.${n}`,
        payload: { kind: 'event', category, lon: 121.4, lat: 37.54, description: '路边有一堆垃圾没人清理' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const [lang, phone] of [
      ['zh-CN', false],
      ['en', false],
      ['en', true],
    ] as const) {
      const page = await open(lang, phone);
      await page.goto(`${server.url}/public/figures`);
      const cats = page.getByTestId('public-figures-categories');
      await cats.waitFor();
      const row = cats.locator('[data-category="event:0102"]');
      expect(await row.innerText()).toContain(lang === 'en' ? 'Exposed rubbish' : '暴露垃圾');
      expect(await row.innerText()).toMatch(/\b2\b/);
      expect(await page.getByTestId('public-figures-table').innerText()).toContain(
        lang === 'en' ? 'Zhifu' : '芝罘区',
      );
      await snap(page, `citizen-figures-${lang}${phone ? '-phone' : ''}`);
      await page.context().close();
    }
  });

  it('the city map, its address search and the grid panel name the streets in English in English', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await open(lang);
      await login(page, server.url, 'dispatcher');
      await page.goto(`${server.url}/map`);
      await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
      const input = page.getByTestId('address-search').locator('input');
      await input.fill('胜利路');
      const suggestion = page.getByTestId('address-suggestion').first();
      await suggestion.waitFor();
      expect(await suggestion.innerText()).toContain(lang === 'en' ? 'Shengli Road' : '胜利路');
      await snap(page, `citizen-map-search-${lang}`);
      await suggestion.click();
      await page
        .locator('.leaflet-tooltip', { hasText: lang === 'en' ? 'Shengli Road' : '胜利路' })
        .waitFor();
      await page.evaluate(
        ([lat, lon]) =>
          void (
            window as unknown as {
              __cityMap: { setView(c: [number, number], z: number, o: { animate: boolean }): void };
            }
          ).__cityMap.setView([lat, lon], 17, { animate: false }),
        [SITE.lat, SITE.lon] as const,
      );
      // The road the site is on, as the gazetteer names it: 北马路12号 → 北马路, 12 Beima Road → Beima Road.
      const r = (await (
        await page.request.get(`${server.url}/api/geocode/reverse?lon=${SITE.lon}&lat=${SITE.lat}`)
      ).json()) as {
        name: string;
        nameEn: string;
      };
      const road = lang === 'en' ? r.nameEn.replace(/^\d+ /, '') : r.name.replace(/\d+号$/, '');
      await expect.poll(() => visibleNames(page), { timeout: 15_000 }).toContain(road);
      const names = await visibleNames(page);
      // Chinese stays Chinese; English names only, in English.
      expect(
        names.every((n) => (lang === 'en' ? !/[\u3400-\u9fff]/.test(n) : /[\u3400-\u9fff]/.test(n))),
      ).toBe(true);
      await snap(page, `citizen-map-streets-${lang}`);
      await page.context().close();
    }
  });

  it('too many tracking-code look-ups from one place: the tracking page says to wait', async () => {
    const page = await open('zh-CN', true);
    for (let n = 0; n < 30; n++)
      await page.request.get(`${server.url}/api/public/reports/YT-2026-90${1000 + n}`);
    await page.goto(`${server.url}/public/track/YT-2026-000001`);
    await page.getByTestId('public-track-limited').waitFor();
    expect(await page.getByTestId('public-track-limited').innerText()).toMatch(
      /查询太频繁，请 \d+ 分钟后再试/,
    );
    await snap(page, 'citizen-track-limited-zh-CN');
    await page.context().close();
    const en = await open('en', true);
    await en.goto(`${server.url}/public/track/YT-2026-000001`);
    await en.getByTestId('public-track-limited').waitFor();
    expect(await en.getByTestId('public-track-limited').innerText()).toMatch(/Too many look-ups/);
    await snap(en, 'citizen-track-limited-en');
    await en.context().close();
  });
});
