import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import gcoord from 'gcoord';
import { photo } from './casePages.js';
import { launchBrowser, login, shot, startServer, type E2EServer, withServerAndBrowser } from './harness.js';

// Inside the small demo city's 芝罘区, a block off 北马路.
const SITE = { longitude: 121.4002, latitude: 37.5401 };

/**
 * The names the base map has drawn inside the visible part of a map at its current zoom
 * (window.__mapLabels holds each label drawn on a tile, in world pixels): what a person sees.
 */
async function visibleNames(page: Page, map: MapKey): Promise<string[]> {
  return page.evaluate((key) => {
    const w = window as unknown as TestWindow;
    const m = w[key];
    if (!m) return [];
    const z = m.getZoom();
    const { min, max } = m.getPixelBounds();
    const names = (w.__mapLabels ?? [])
      .filter((l) => l.zoom === z && l.x >= min.x && l.x <= max.x && l.y >= min.y && l.y <= max.y)
      .map((l) => l.name);
    return [...new Set(names)];
  }, map);
}

/** What the web app leaves on window for tests (see leafletSetup.ts and vectorBase.ts). */
interface TestMap {
  getZoom(): number;
  getPixelBounds(): { min: { x: number; y: number }; max: { x: number; y: number } };
  setView(latlng: [number, number], zoom: number, opts: { animate: boolean }): unknown;
}
type MapKey = '__pinMap' | '__cityMap';
type TestWindow = Record<MapKey, TestMap | undefined> & {
  __mapLabels?: Array<{ name: string; zoom: number; x: number; y: number }>;
};

const zoomOf = (page: Page, key: MapKey) =>
  page.evaluate((k) => (window as unknown as TestWindow)[k]?.getZoom(), key);

/**
 * The road a point is on, as the gazetteer's reverse lookup names it ("胜利路123号" → 胜利路), or
 * in English ("123 Shengli Road" → Shengli Road).
 */
async function roadAt(
  page: Page,
  baseUrl: string,
  lon: number,
  lat: number,
  lang = 'zh-CN',
): Promise<string> {
  const res = await page.request.get(`${baseUrl}/api/geocode/reverse?lon=${lon}&lat=${lat}`);
  const r = (await res.json()) as { name: string; nameEn: string; kind: string };
  expect(r.kind).toBe('address');
  return lang === 'en' ? r.nameEn.replace(/^\d+ /, '') : r.name.replace(/\d+号$/, '');
}

describe('the base map: a city a person can find their way in', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  async function phone(lang: 'zh-CN' | 'en'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: lang,
      geolocation: SITE,
      permissions: ['geolocation'],
    });
    await context.addCookies([{ name: 'lang', value: lang, url: server.url }]);
    const page = await context.newPage();
    await login(page, server.url, 'inspector');
    await page.goto(`${server.url}/m/`);
    await page
      .getByTestId('report-grid')
      .filter({ hasText: /[0-9]{15}/ })
      .waitFor();
    return page;
  }

  async function desk(user: string, lang: 'zh-CN' | 'en'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang });
    await context.addCookies([{ name: 'lang', value: lang, url: server.url }]);
    const page = await context.newPage();
    await login(page, server.url, user);
    return page;
  }

  it('names the street the inspector stands on, on the phone map at zoom 17', async () => {
    const page = await phone('zh-CN');
    await expect.poll(() => zoomOf(page, '__pinMap')).toBe(17);
    const street = await roadAt(page, server.url, SITE.longitude, SITE.latitude);
    await expect.poll(() => visibleNames(page, '__pinMap'), { timeout: 15_000 }).toContain(street);
    await shot(page, 'basemap-phone-z17');
    await page.context().close();
  });

  it('moves the phone’s pin to a typed crossing, and its grid with it', async () => {
    const page = await phone('zh-CN');
    const before = await page.getByTestId('report-grid').innerText();
    await page.getByTestId('address-search').locator('input').fill('北马路与胜利路');
    const suggestion = page.getByTestId('address-suggestion').filter({ hasText: '北马路与胜利路交叉口' });
    await shot(page, 'basemap-phone-address-search');
    await suggestion.click();
    const crossing = (await (
      await page.request.get(`${server.url}/api/geocode?q=${encodeURIComponent('北马路与胜利路交叉口')}`)
    ).json()) as { candidates: Array<{ gridCode: string | null }> };
    const grid = crossing.candidates[0]!.gridCode!;
    await page.getByTestId('report-grid').filter({ hasText: grid }).waitFor();
    expect(before).not.toContain(grid);
    await expect
      .poll(() => visibleNames(page, '__pinMap'), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['北马路', '胜利路']));
    await shot(page, 'basemap-phone-crossing');
    await page.context().close();
  });

  it('shows the phone map in English with the streets’ own names', async () => {
    const page = await phone('en');
    await expect.poll(() => zoomOf(page, '__pinMap')).toBe(17);
    await expect.poll(async () => (await visibleNames(page, '__pinMap')).length).toBeGreaterThan(2);
    expect(await page.getByTestId('address-search').locator('input').getAttribute('placeholder')).toBe(
      'Address, road crossing, community or landmark',
    );
    await shot(page, 'basemap-phone-z17-en');
    await page.context().close();
  });

  it('draws the city map at every zoom: districts, then arterials, then every street by name', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await desk('dispatcher', lang);
      await page.goto(`${server.url}/map`);
      await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
      const suffix = lang === 'en' ? '-en' : '';
      await shot(page, `basemap-city${suffix}`);
      for (const z of [15, 17]) {
        await page.evaluate(
          ([lat, lon, zoom]) =>
            void (window as unknown as TestWindow).__cityMap!.setView([lat, lon], zoom, { animate: false }),
          [SITE.latitude, SITE.longitude, z] as const,
        );
        await expect.poll(async () => (await visibleNames(page, '__cityMap')).length).toBeGreaterThan(3);
        await shot(page, `basemap-city-z${z}${suffix}`);
      }
      expect(await visibleNames(page, '__cityMap')).toContain(
        await roadAt(page, server.url, SITE.longitude, SITE.latitude, lang),
      );
      await page.context().close();
    }
  });

  it('shows a case on the street map with an address search beside it', async () => {
    const inspector = await desk('inspector', 'zh-CN');
    const res = await inspector.request.post(`${server.url}/api/cases`, {
      data: {
        kind: 'event',
        category: '0102',
        lon: SITE.longitude,
        lat: SITE.latitude,
        description: '人行道上暴露垃圾（底图测试）',
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await inspector.context().close();
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await desk('operator', lang);
      await page.goto(`${server.url}/cases/${id}`);
      const map = page.getByTestId('case-map');
      await map.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
      await expect.poll(async () => (await visibleNames(page, '__cityMap')).length).toBeGreaterThan(1);
      await map.getByTestId('address-search').locator('input').fill('北马路与胜利路');
      await page.getByTestId('address-suggestion').filter({ hasText: '北马路与胜利路交叉口' }).click();
      await map
        .locator('.leaflet-tooltip', {
          hasText: lang === 'en' ? 'Intersection of Beima Road and Shengli Road' : '北马路与胜利路交叉口',
        })
        .waitFor();
      await shot(page, `basemap-case-page${lang === 'en' ? '-en' : ''}`);
      await page.context().close();
    }
  });

  it('puts the citizen portal’s report pin where a typed address is', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await desk('citizen', lang);
      await page.goto(`${server.url}/portal`);
      await page.getByTestId('pin-map').waitFor();
      await page.getByTestId('address-search').locator('input').fill('御金台');
      await page.getByTestId('address-suggestion').filter({ hasText: '御金台小区' }).click();
      await page.locator('[data-testid="portal-grid"][data-state="ok"]').waitFor();
      await expect.poll(async () => (await visibleNames(page, '__pinMap')).length).toBeGreaterThan(1);
      await shot(page, `basemap-portal${lang === 'en' ? '-en' : ''}`);
      await page.context().close();
    }
  });
});

describe('TILE_URL: real tile services under the city, GCJ-02 ones shifted onto WGS-84', () => {
  const AMAP = 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&style=8&x={x}&y={y}&z={z}';
  const OSM = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ TILE_URL: `${AMAP} ${OSM}` });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** World pixel of a point at a zoom (Web Mercator, 256-pixel tiles). */
  function worldPx([lon, lat]: [number, number], z: number): [number, number] {
    const n = 256 * 2 ** z;
    const rad = (lat * Math.PI) / 180;
    return [((lon + 180) / 360) * n, ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n];
  }

  it('draws 高德’s point for a place where the city’s WGS-84 layers have it, and OSM’s unshifted', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    // No network: the services answer with a blank image.
    const tile = photo('tile.png').buffer;
    await context.route(/autonavi\.com|openstreetmap\.org/, (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: tile }),
    );
    const page = await context.newPage();
    await login(page, server.url, 'dispatcher');
    await page.goto(`${server.url}/map`);
    await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
    const z = 17;
    await page.evaluate(
      ([lat, lon, zoom]) =>
        void (window as unknown as TestWindow).__cityMap!.setView([lat, lon], zoom, { animate: false }),
      [SITE.latitude, SITE.longitude, z] as const,
    );
    // Where SITE is on the screen, as the city's layers draw it.
    const site = await page.evaluate(
      ([lat, lon]) => {
        const m = (
          window as unknown as {
            __cityMap: {
              latLngToContainerPoint(ll: [number, number]): { x: number; y: number };
              getContainer(): HTMLElement;
            };
          }
        ).__cityMap;
        const p = m.latLngToContainerPoint([lat, lon]);
        const r = m.getContainer().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      },
      [SITE.latitude, SITE.longitude] as const,
    );
    const gcj = gcoord.transform([SITE.longitude, SITE.latitude], gcoord.WGS84, gcoord.GCJ02) as [
      number,
      number,
    ];
    for (const [service, point, src] of [
      ['amap', gcj, (x: number, y: number) => `x=${x}&y=${y}&z=${z}`],
      [
        'osm',
        [SITE.longitude, SITE.latitude] as [number, number],
        (x: number, y: number) => `/${z}/${x}/${y}.png`,
      ],
    ] as const) {
      const [px, py] = worldPx(point, z);
      const [tx, ty] = [Math.floor(px / 256), Math.floor(py / 256)];
      const img = page.locator(`img.leaflet-tile[src*="${src(tx, ty)}"]`);
      await img.waitFor({ state: 'attached' });
      const box = (await img.boundingBox())!;
      // The service's own pixel for SITE lies where the city's layers put SITE.
      expect(Math.abs(box.x + (px - tx * 256) - site.x), service).toBeLessThan(1.5);
      expect(Math.abs(box.y + (py - ty * 256) - site.y), service).toBeLessThan(1.5);
    }
    // 高德's offset here is hundreds of metres: without the shift the test above could not pass.
    const [ax, ay] = worldPx(gcj, z);
    const [wx, wy] = worldPx([SITE.longitude, SITE.latitude], z);
    expect(Math.hypot(ax - wx, ay - wy)).toBeGreaterThan(100);
    await context.close();
  });
});
