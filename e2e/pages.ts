import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** The bits of the Leaflet map the tests drive (exposed by the web app as window.__cityMap). */
interface CityMapHandle {
  setView(center: [number, number], zoom: number, opts?: { animate?: boolean }): unknown;
  latLngToContainerPoint(latlng: [number, number]): { x: number; y: number };
  getZoom(): number;
}
type MapGlobal = { __cityMap?: CityMapHandle };

/** Switches the UI language through the header (or login page) language switch. */
export async function switchLanguage(page: Page, lang: 'zh-CN' | 'en') {
  await page.getByTestId('lang-switch').click();
  await page.getByTestId(lang === 'en' ? 'lang-en' : 'lang-zh').click();
  // The app sets <html lang> when the language changes.
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
}

/** The city map page: Leaflet plus the grid panel. */
export class MapPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, query = '') {
    await this.page.goto(`${baseUrl}/map${query}`);
    await this.ready();
  }

  async ready() {
    await this.page.locator('[data-testid="city-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
  }

  /** Centres the map on a WGS-84 point at a zoom level, without animation. */
  async centreOn(lon: number, lat: number, zoom: number) {
    await this.page.evaluate(
      ([x, y, z]) => {
        const map = (globalThis as unknown as MapGlobal).__cityMap!;
        map.setView([y, x], z, { animate: false });
      },
      [lon, lat, zoom] as const,
    );
  }

  /** Clicks the map where a WGS-84 point is on screen. */
  async clickAt(lon: number, lat: number) {
    const pt = await this.page.evaluate(
      ([x, y]) => (globalThis as unknown as MapGlobal).__cityMap!.latLngToContainerPoint([y, x]),
      [lon, lat] as const,
    );
    await this.page.getByTestId('city-map').click({ position: { x: Math.round(pt.x), y: Math.round(pt.y) } });
  }

  panel() {
    return this.page.getByTestId('grid-panel');
  }

  async gridCode(): Promise<string> {
    await this.panel().waitFor();
    return (await this.page.getByTestId('grid-code').innerText()).trim();
  }

  /** Admin only: sets the responsible body in the panel and saves. */
  async setResponsibleBody(value: string) {
    const input = this.page.getByTestId('grid-edit-responsible-body').locator('input');
    await input.fill(value);
    await this.page.getByTestId('grid-save').click();
  }

  async expectResponsibleBody(value: string, timeout = 10_000) {
    await this.page.getByTestId('grid-responsible-body').filter({ hasText: value }).waitFor({ timeout });
    expect((await this.page.getByTestId('grid-responsible-body').innerText()).trim()).toBe(value);
  }
}
