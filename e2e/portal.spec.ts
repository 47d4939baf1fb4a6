import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { photo } from './casePages.js';
import { CaseFixtures } from './caseFixtures.js';
import { userActor } from '../apps/server/src/actor.js';
import { switchLanguage } from './pages.js';

// A point inside a unit grid of the small demo city (the centre of the old town).
const HERE = { longitude: 121.4, latitude: 37.54 };

let server: E2EServer;
let browser: Browser;
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

/** The citizen's portal (/portal): report a problem, follow my reports. */
class CitizenPortal {
  constructor(readonly page: Page) {}

  async open() {
    await login(this.page, server.url, 'citizen');
    await this.page.waitForURL(/\/portal/);
    await this.page.getByTestId('portal-report').waitFor();
  }

  /** The browser's position puts the pin; a click next to it moves it; waits for the grid. */
  async placePin(): Promise<string> {
    // Let the map fit the city first: Leaflet drops a setView made while a zoom is animating.
    await this.page
      .locator('[data-testid="pin-map"] .leaflet-cl-labels-pane .leaflet-tooltip')
      .first()
      .waitFor();
    await this.page.waitForTimeout(500);
    await this.page.getByTestId('portal-locate').click();
    await this.page.locator('[data-testid="portal-grid"][data-state="ok"]').waitFor();
    await this.page.waitForTimeout(600); // the map pans to the pin
    const map = this.page.getByTestId('pin-map');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: Math.round(box.width / 2 + 30), y: Math.round(box.height / 2 + 20) } });
    await this.page
      .locator('[data-testid="portal-grid"][data-state="locating"]')
      .waitFor({ state: 'detached' });
    return this.page.getByTestId('portal-grid').innerText();
  }

  /** Picks the problem as a citizen does: a picture tile of its group, then the problem by name. */
  async fill(p: { group: string; kind: 'component' | 'event'; code: string; description: string }) {
    await this.page.getByTestId(`portal-group-${p.group}`).click();
    await this.page.getByTestId(`portal-category-${p.kind}-${p.code}`).click();
    await this.page.getByTestId('portal-category-picked').waitFor();
    await this.page.getByTestId('portal-description').fill(p.description);
  }

  doneCode() {
    return this.page.getByTestId('portal-done-code').innerText();
  }

  async openMine() {
    await this.page.getByRole('tab', { name: /我的上报|My reports/ }).click();
    await this.page.getByTestId('portal-my-case').first().waitFor();
  }
}

async function newPortal(opts: BrowserContextOptions) {
  const ctx = await browser.newContext({ geolocation: HERE, permissions: ['geolocation'], ...opts });
  const portal = new CitizenPortal(await ctx.newPage());
  await portal.open();
  return { ctx, portal, page: portal.page };
}

describe('citizen portal (市民服务)', () => {
  it('a citizen reports a problem on the map and follows it under my reports', async () => {
    const { ctx, portal, page } = await newPortal({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
    await shot(page, 'portal-report-empty');

    expect(await portal.placePin()).toMatch(/370602\d{9}/);
    // The kinds of problem are plain groups with pictures, never trade codes.
    const picker = page.getByTestId('portal-category');
    expect(await picker.locator('[data-testid^="portal-group-"] svg').count()).toBe(13);
    expect(await picker.innerText()).not.toMatch(/\d{4}/);
    await portal.fill({
      group: 'rubbish',
      kind: 'event',
      code: '0102',
      description: '小区门口垃圾堆放三天无人清运',
    });
    expect(await picker.innerText()).toContain('暴露垃圾');
    expect(await picker.innerText()).not.toMatch(/\d{4}/);
    await page.getByTestId('portal-photos-input').setInputFiles(photo('rubbish.png', 40));
    await page.getByTestId('uploaded-photo').waitFor();
    await page.getByTestId('portal-wants-reply').click();
    await page.getByTestId('portal-name').fill('李先生');
    await page.getByTestId('portal-phone').fill('13900001111');
    await shot(page, 'portal-report-filled');

    // A double click on the button still makes one case (one idempotency key per form).
    await page.getByTestId('portal-submit').dblclick();
    await page.getByTestId('portal-done').waitFor();
    const code = await portal.doneCode();
    expect(code).toMatch(/^\d{8,}/);
    await shot(page, 'portal-report-done');

    const mine = await (await page.request.get(`${server.url}/api/cases`)).json();
    expect(mine.items).toHaveLength(1);
    const id = mine.items[0].id as number;
    const saved = await server.app.inject({
      method: 'GET',
      url: `/api/cases/${id}`,
      cookies: await cookies(page),
    });
    expect(saved.json()).toMatchObject({
      code,
      source: 'web',
      kind: 'event',
      category: '0102',
      description: '小区门口垃圾堆放三天无人清运',
      reporterName: '李先生',
    });
    expect(saved.json().photos).toHaveLength(1);

    // "查看进度" opens my reports with the new case's timeline: the citizen's own report first.
    await page.getByTestId('portal-view-progress').click();
    const drawer = page.getByTestId('portal-progress');
    await drawer.getByTestId('portal-event').first().waitFor();
    await settle(page);
    expect(await drawer.getByTestId('portal-progress-code').innerText()).toBe(code);
    const report = drawer.locator('[data-testid="portal-event"][data-action="report"]');
    expect(await report.innerText()).toMatch(/上报[\s\S]*（您）/);
    expect(await drawer.getByTestId('photo-thumb').count()).toBeGreaterThan(0);
    await shot(page, 'portal-progress');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    const row = page.locator(`[data-testid="portal-my-case"][data-code="${code}"]`);
    const state = (await row.getByTestId('portal-my-state').innerText()).trim();
    expect(['核实中', '待受理', '待立案']).toContain(state);
    await shot(page, 'portal-mine');

    await switchLanguage(page, 'en');
    expect(await row.getByTestId('portal-my-state').innerText()).toMatch(/^(Verifying|Reported|Accepted)$/);
    await shot(page, 'portal-mine-en');
    await row.click();
    await drawer.getByTestId('portal-event').first().waitFor();
    await settle(page);
    expect(await report.innerText()).toMatch(/by you/);
    await shot(page, 'portal-progress-en');
    await ctx.close();
  });

  it('on a phone, a report of the same problem nearby is linked to the open case instead of filed again', async () => {
    const { ctx, portal, page } = await newPortal({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    // Someone already reported a broken manhole cover here.
    const first = await page.request.post(`${server.url}/api/cases`, {
      data: {
        kind: 'component',
        category: '0101',
        lon: HERE.longitude,
        lat: HERE.latitude,
        description: '井盖破损',
      },
    });
    expect(first.status()).toBe(201);
    const original = await first.json();
    await shot(page, 'portal-phone-report');

    await portal.placePin();
    await page.getByTestId('portal-category').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'portal-phone-groups');
    await portal.fill({
      group: 'manholes',
      kind: 'component',
      code: '0101',
      description: '人行道上的井盖裂了',
    });
    await page.getByTestId('portal-submit').click();
    const offer = page.getByTestId('portal-duplicate');
    await offer.first().waitFor();
    expect(await offer.first().innerText()).toContain(original.code);
    await settle(page);
    await shot(page, 'portal-phone-duplicates');
    await offer.first().getByTestId('portal-same').click();
    await page.getByTestId('portal-done').waitFor();
    expect(await page.getByTestId('portal-done').innerText()).toContain(original.code);
    await shot(page, 'portal-phone-linked');

    const linked = await (await page.request.get(`${server.url}/api/cases?limit=1`)).json();
    const detail = await (await page.request.get(`${server.url}/api/cases/${linked.items[0].id}`)).json();
    expect(detail).toMatchObject({ duplicateOf: original.id, source: 'web' });

    await portal.openMine();
    await shot(page, 'portal-phone-mine');
    // The linked report says why it ended: it joined the open case (its number).
    await page.locator(`[data-testid="portal-my-case"][data-code="${detail.code}"]`).click();
    await expect.poll(() => page.getByTestId('portal-outcome').innerText()).toContain(original.code);
    await settle(page);
    await shot(page, 'portal-phone-outcome');
    await page.keyboard.press('Escape');
    await page.getByTestId('portal-progress').waitFor({ state: 'hidden' });
    await switchLanguage(page, 'en');
    await page.getByRole('tab', { name: 'Report a problem' }).click();
    await page.getByTestId('portal-report-another').click();
    await page.getByTestId('portal-report').waitFor();
    await page.getByTestId('portal-category').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'portal-phone-report-en');
    await ctx.close();
  });

  it('once the report is closed, the citizen rates the result under my reports', async () => {
    // The citizen's report, driven through the loop by the staff (the desk's own journeys test those pages).
    const f = new CaseFixtures(server.app);
    const { case: c } = await server.app.services.cases.report(
      {
        kind: 'event',
        category: '0102',
        lon: HERE.longitude,
        lat: HERE.latitude,
        description: '井盖松动，车过有响声',
        photos: [await f.photo(10)],
      },
      userActor(await f.user('citizen')),
    );
    const inspector = await f.user('inspector');
    if (c.state === 'reported')
      await f.act(c.id, 'operator', { action: 'send_verify', inspectorId: inspector.id });
    await f.act(c.id, 'inspector', { action: 'verify', confirmed: true });
    await f.act(c.id, 'shiftleader', { action: 'file' });
    const row = (await server.app.services.cases.byId(server.app.platform.db, c.id))!;
    const unit = (await server.app.services.cases.suggestUnits(row))[0]!;
    await f.act(c.id, 'dispatcher', { action: 'dispatch', unitId: unit.id });
    const handler = await server.app.platform.db.query<{ username: string }>(
      `select username from users where department_id = $1 and 'handler' = any(roles) order by id limit 1`,
      [unit.id],
    );
    const fix = await f.photo(120);
    await f.act(c.id, handler.rows[0]!.username, { action: 'report_done', photos: [fix], comment: '已紧固' });
    await f.act(c.id, 'operator', { action: 'to_check', inspectorId: inspector.id });
    await f.act(c.id, 'inspector', { action: 'check', passed: true });
    await f.act(c.id, 'shiftleader', { action: 'close', comment: '井盖已紧固' });

    const { ctx, portal, page } = await newPortal({ viewport: { width: 1440, height: 900 } });
    await portal.openMine();
    await page.locator(`[data-testid="portal-my-case"][data-code="${c.code}"]`).click();
    const drawer = page.getByTestId('portal-progress');
    await drawer.getByTestId('public-rate').waitFor();
    await drawer.getByTestId('rate-basically_satisfied').click();
    await drawer.getByTestId('rate-comment').fill('修得挺快');
    await drawer.getByTestId('rate-submit').scrollIntoViewIfNeeded();
    await settle(page);
    await shot(page, 'portal-rate');
    await drawer.getByTestId('rate-submit').click();
    await drawer.getByTestId('public-rated').waitFor();
    expect(await drawer.getByTestId('public-rated').innerText()).toMatch(
      /您的评价：基本满意[\s\S]*感谢您的评价/,
    );
    await drawer.getByTestId('public-rated').scrollIntoViewIfNeeded();
    await shot(page, 'portal-rated');
    // Recorded as the closing's return visit (channel online), as a rating by tracking code is.
    const visit = await server.app.platform.db.query<{ channel: string }>(
      `select payload->>'channel' as channel from case_events where case_id = $1 and action = 'return_visit'`,
      [c.id],
    );
    expect(visit.rows).toEqual([{ channel: 'online' }]);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await switchLanguage(page, 'en');
    await page.locator(`[data-testid="portal-my-case"][data-code="${c.code}"]`).click();
    await drawer.getByTestId('public-rated').waitFor();
    expect(await drawer.getByTestId('public-rated').innerText()).toMatch(/Basically satisfied/i);
    await drawer.getByTestId('public-rated').scrollIntoViewIfNeeded();
    await settle(page);
    await shot(page, 'portal-rated-en');
    await ctx.close();
  });
});

/** Lets a dialog or drawer finish sliding in before a screenshot. */
const settle = (page: Page) => page.waitForTimeout(400);

/** The page's session cookie, for asking the server directly. */
async function cookies(page: Page): Promise<Record<string, string>> {
  const all = await page.context().cookies();
  return Object.fromEntries(all.map((c) => [c.name, c.value]));
}
