import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, login, shot, startServer, type E2EServer } from './harness.js';
import { DeskPage, PhonePage, UnitPage } from './casePages.js';

// Inside unit grid 370602001002012 of 凤凰台街道 (芝罘区), the demo inspector's supervision grid.
const SITE = { longitude: 121.4002, latitude: 37.5401 };

describe('the case loop in the browser: report → accept → file → dispatch → handle → check → close', () => {
  let server: E2EServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let phone: PhonePage;
  let code = '';
  let caseId = 0;

  /** One browser context per person, as on their own devices. */
  async function as(user: string, opts: { mobile?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext(
      opts.mobile
        ? {
            viewport: { width: 390, height: 844 },
            isMobile: true,
            hasTouch: true,
            locale: 'zh-CN',
            geolocation: SITE,
            permissions: ['geolocation'],
          }
        : { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' },
    );
    contexts.push(context);
    const page = await context.newPage();
    await login(page, server.url, user);
    return page;
  }

  async function caseState(): Promise<string> {
    const page = contexts[0]!.pages()[0]!;
    const res = await page.request.get(`${server.url}/api/cases/${caseId}`);
    return ((await res.json()) as { state: string }).state;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    phone = new PhonePage(await as('inspector', { mobile: true }));
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('an operator’s desk shows the inspector’s phone report live, and accepts it by keyboard', async () => {
    const desk = new DeskPage(await as('operator'));
    await desk.open(server.url, 'to_accept');

    await phone.open(server.url);
    expect(await phone.gridLine()).toContain('370602001');
    await phone.report({ kind: 'event', search: '垃圾', category: '0102', text: '人行道上暴露垃圾，约两袋' });
    await shot(phone.page, 'caseloop-phone-report');
    code = await phone.submit();
    expect(await phone.page.getByTestId('pending-count').count()).toBe(0);

    // No reload: the row arrives over the WebSocket.
    await desk.row(code).waitFor({ timeout: 15_000 });
    caseId = Number(await desk.row(code).getAttribute('data-case-id'));
    expect(await desk.count('to_accept')).toBe('1');
    await shot(desk.page, 'caseloop-desk-to-accept');
    await desk.keyAction('a');
    await desk.row(code).waitFor({ state: 'detached' });
    expect(await caseState()).toBe('accepted');
  });

  it('the shift leader files it, seeing the category’s filing condition', async () => {
    const desk = new DeskPage(await as('shiftleader'));
    await desk.open(server.url, 'to_file');
    await desk.row(code).waitFor();
    const condition = await desk.keyAction('f');
    expect(condition).toBeTruthy();
    expect(await caseState()).toBe('filed');
  });

  it('the dispatcher dispatches it with the keyboard to the suggested unit', async () => {
    const desk = new DeskPage(await as('dispatcher'));
    await desk.open(server.url, 'to_dispatch');
    await desk.row(code).waitFor();
    await desk.keyAction('d', async (page) => {
      const unit = page.getByTestId('action-unit');
      await expect.poll(() => unit.innerText()).toContain('芝罘区环卫处');
      await shot(page, 'caseloop-desk-dispatch');
    });
    await desk.row(code).waitFor({ state: 'detached' });
    expect(await caseState()).toBe('dispatched');
  });

  let unit: UnitPage;
  let operator: DeskPage;

  it('the unit starts and reports it done with before and after photos', async () => {
    unit = new UnitPage(await as('sanitation.zhifu'));
    await unit.open(server.url);
    await unit.row(code).waitFor();
    await shot(unit.page, 'caseloop-unit-inbox');
    await unit.start(code);
    await expect.poll(caseState).toBe('handling');
    await unit.reportDone(code);
    await expect.poll(caseState).toBe('handled');
  });

  it('a failed check sends it back to the unit for rework; the second check passes', async () => {
    operator = new DeskPage(await as('operator'));
    await operator.open(server.url, 'to_check');
    await operator.row(code).waitFor();
    await operator.keyAction('t');
    await expect.poll(caseState).toBe('checking');

    await phone.answerTask(caseId, false, '垃圾仍未清运');
    await expect.poll(caseState).toBe('dispatched');

    // The unit's inbox shows it again (live) with the rework mark.
    await unit.row(code).getByTestId('row-done').waitFor({ timeout: 15_000 });
    await unit.reportDone(code);
    await expect.poll(caseState).toBe('handled');

    await operator.row(code).waitFor({ timeout: 15_000 });
    await operator.keyAction('t');
    await expect.poll(caseState).toBe('checking');
    await phone.answerTask(caseId, true);
    await expect.poll(caseState).toBe('checked_ok');
  });

  it('the shift leader closes it, and the case page tells the whole story', async () => {
    const desk = new DeskPage(await as('shiftleader'));
    await desk.open(server.url, 'to_close');
    await desk.row(code).waitFor();
    await desk.keyAction('c');
    await expect.poll(caseState).toBe('closed');

    const page = desk.page;
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('case-timeline').waitFor();
    expect(await page.getByTestId('case-state').getAttribute('data-state')).toBe('closed');
    const actions = await page
      .getByTestId('timeline-event')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual([
      'report',
      'accept',
      'file',
      'dispatch',
      'start',
      'report_done',
      'to_check',
      'check',
      'report_done',
      'to_check',
      'check',
      'close',
    ]);
    expect(await page.getByTestId('event-ontime').count()).toBeGreaterThan(5);
    // Only a note is left for anyone on a closed case.
    const buttons = await page
      .getByTestId('case-actions')
      .locator('button')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(buttons).toEqual(['action-comment']);
    await page.getByTestId('case-map').locator('.leaflet-marker-icon').waitFor();
    await shot(page, 'caseloop-case-page');
  });

  it('the evaluation page counts it: the unit’s disposals and rework, the district’s closed case', async () => {
    const page = await as('leader');
    await page.goto(`${server.url}/evaluation?subject=units`);
    const unitRow = page
      .locator('.el-table__body .el-table__row')
      .filter({ hasText: '芝罘区环卫处' })
      .first();
    await unitRow.waitFor();
    expect(await unitRow.getByTestId('cell-disposed').first().innerText()).toBe('2');
    expect(await unitRow.getByTestId('cell-rework').first().innerText()).toBe('1');
    await shot(page, 'caseloop-evaluation-units');

    await page.getByTestId('subject-districts').click();
    const district = page.locator('.el-table__body .el-table__row').filter({ hasText: '芝罘区' }).first();
    await district.getByTestId('cell-closed').first().waitFor();
    expect(await district.getByTestId('cell-closed').first().innerText()).toBe('1');
    await district.getByTestId('cell-closed').first().click();
    const dialog = page.getByTestId('drill-dialog');
    await dialog.getByTestId('row-code').filter({ hasText: code }).waitFor();
    await dialog.getByTestId('row-code').filter({ hasText: code }).click();
    await page.waitForURL(`**/cases/${caseId}`);
  });

  it('a report made offline waits in the phone’s outbox and is sent once when the network returns', async () => {
    const context = phone.page.context();
    await phone.open(server.url);
    await phone.gridLine();
    // The installable shell: a manifest, and a service worker for /m/ that has cached the app.
    expect(await phone.page.locator('link[rel=manifest]').getAttribute('href')).toBe(
      '/m/manifest.webmanifest',
    );
    const scope = await phone.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${server.url}/m/`);

    await context.setOffline(true);
    // Offline, the app still opens (from the service worker's cache) for the last signed-in user.
    await phone.page.reload();
    await phone.page.getByTestId('report-form').waitFor();
    await phone.page.getByTestId('offline').waitFor();
    await phone.report({ kind: 'event', search: '0102', category: '0102', text: '离线时发现的暴露垃圾' });
    await phone.page.getByTestId('report-submit').click();
    await expect.poll(() => phone.page.getByTestId('pending-count').innerText()).toBe('1');
    await phone.page.getByTestId('tab-outbox').click();
    await phone.page.getByTestId('outbox-item').waitFor();
    await shot(phone.page, 'caseloop-phone-outbox');

    await context.setOffline(false);
    await phone.page.getByTestId('pending-count').waitFor({ state: 'detached', timeout: 30_000 });
    const res = await phone.page.request.get(
      `${server.url}/api/cases?queue=all&q=${encodeURIComponent('离线时发现')}`,
    );
    const { items } = (await res.json()) as { items: Array<{ state: string }> };
    expect(items).toHaveLength(1);
    expect(items[0]!.state).toBe('reported');
  });
});
