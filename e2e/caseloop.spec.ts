import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { DeskPage, InspectorChoice, PhonePage, UnitPage } from './casePages.js';
import { switchLanguage } from './pages.js';

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
  async function as(user: string, opts: { mobile?: boolean; gps?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext(
      opts.mobile
        ? {
            viewport: { width: 390, height: 844 },
            isMobile: true,
            hasTouch: true,
            locale: 'zh-CN',
            ...(opts.gps === false ? {} : { geolocation: SITE, permissions: ['geolocation'] }),
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

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));
  beforeAll(async () => {
    phone = new PhonePage(await as('inspector', { mobile: true }));
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
    // The counts of every queue come in one request and follow the step.
    await expect.poll(() => desk.count('to_accept')).toBe('0');
    expect(await desk.count('to_file')).toBe('1');
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

  /** The inspector each check task of the case was sent to, in order (usernames). */
  async function checkInspectors(): Promise<Array<number | undefined>> {
    const page = contexts[0]!.pages()[0]!;
    const res = await page.request.get(`${server.url}/api/cases/${caseId}`);
    const { events } = (await res.json()) as {
      events: Array<{ action: string; payload?: { inspectorId?: number } }>;
    };
    return events.filter((e) => e.action === 'to_check').map((e) => e.payload?.inspectorId);
  }

  it('the operator sends the check to an inspector of the grid, chosen from a select', async () => {
    // A second inspector for the demo inspector's supervision grids, and one elsewhere in the street.
    const admin = (await as('admin')).request;
    const users = (await (await admin.get(`${server.url}/api/users?q=inspector&pageSize=100`)).json()) as {
      items: Array<{ id: number; username: string; jurisdiction: object; supervisionGridCodes: string[] }>;
    };
    const grid = users.items.find((u) => u.username === 'inspector')!;
    const ids: Record<string, number> = { inspector: grid.id };
    for (const [username, grids] of [
      ['inspector.partner', grid.supervisionGridCodes],
      ['inspector.street', []],
    ] as const) {
      const res = await admin.post(`${server.url}/api/users`, {
        data: {
          username,
          displayName: username === 'inspector.partner' ? '监督员搭档' : '街道监督员',
          password: 'cityloop-e2e',
          roles: ['inspector'],
          jurisdiction: grid.jurisdiction,
          supervisionGridCodes: grids,
        },
      });
      expect(res.status(), await res.text()).toBe(200);
      ids[username] = ((await res.json()) as { id: number }).id;
    }

    operator = new DeskPage(await as('operator'));
    await operator.open(server.url, 'to_check');
    await operator.row(code).waitFor();
    const choice = new InspectorChoice(operator.page);
    await choice.open('t');
    // The grid's inspector is preselected: Enter alone sends the task to them.
    expect(await choice.preselected()).toBe('inspector');
    expect(await choice.offered()).toEqual([['inspector', 'inspector.partner'], ['inspector.street']]);
    await shot(operator.page, 'caseloop-desk-inspector-choice');
    await choice.choose('inspector.partner');
    await expect.poll(caseState).toBe('checking');
    expect(await checkInspectors()).toEqual([ids['inspector.partner']]);

    // Handed back to the grid's inspector by keyboard (the task may be re-sent while checking).
    await operator.row(code).waitFor();
    await operator.keyAction('t', async () => {
      await expect.poll(() => choice.preselected()).toBe('inspector');
    });
    await expect.poll(checkInspectors).toEqual([ids['inspector.partner'], ids.inspector]);
  });

  it('a failed check sends it back to the unit for rework; the second check passes', async () => {
    expect(await caseState()).toBe('checking');

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

  it('an administrator sets the units’ weights (adding up to 100); the evaluation uses them, in English too', async () => {
    const page = await as('admin');
    await page.goto(`${server.url}/evaluation?subject=units`);
    await page.getByTestId('evaluation-weights').waitFor();
    await page.getByTestId('weights-open').click();
    await page.getByTestId('weights-tab-unit').click();
    const weight = async (key: string, value: number) => {
      const input = page.getByTestId(`weight-unit-${key}`).locator('input');
      await input.fill(String(value));
      await input.press('Tab');
    };
    await weight('disposal', 60);
    await expect.poll(() => page.getByTestId('weights-sum-unit').innerText()).toBe('130 / 100');
    await page.getByTestId('weights-invalid').waitFor();
    // Saving is refused while a total is not 100: the dialog stays, the total says why.
    await page.getByTestId('dialog-save').click();
    await page.waitForTimeout(500);
    expect(await page.getByTestId('weights-invalid').isVisible()).toBe(true);
    const stored = await page.request.get(`${server.url}/api/evaluation/weights`);
    expect(((await stored.json()) as { weights: { unit: { disposal: number } } }).weights.unit.disposal).toBe(
      30,
    );
    await weight('notOverduePending', 0);
    await weight('notExtension', 0);
    await expect.poll(() => page.getByTestId('weights-sum-unit').innerText()).toBe('100 / 100');
    await shot(page, 'caseloop-evaluation-weights');
    await page.getByTestId('dialog-save').click();
    await page.getByTestId('weights-dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('evaluation-weights').innerText()).toContain('处置率 60');

    const audit = await page.request.get(`${server.url}/api/audit?entity=settings&pageSize=5`);
    const entries = ((await audit.json()) as { items: Array<{ entity: string; username: string | null }> })
      .items;
    expect(entries.find((e) => e.entity === 'settings')?.username).toBe('admin');

    await switchLanguage(page, 'en');
    await expect.poll(() => page.getByTestId('evaluation-weights').innerText()).toContain('Disposal rate 60');
    const headers = await page.locator('.evaluation-table th').allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual(
      expect.arrayContaining(['Due for disposal', 'Disposed', 'On-time disposal rate', 'Rework rate']),
    );
    expect(headers.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
    await shot(page, 'caseloop-evaluation-en');
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

  it('with no position yet, the phone’s map shows the inspector’s own street, not the whole city', async () => {
    const page = await as('inspector', { mobile: true, gps: false });
    const me = (await (await page.request.get(`${server.url}/api/auth/me`)).json()) as {
      jurisdiction: { level: string; code: string };
    };
    expect(me.jurisdiction.level).toBe('street');
    await page.goto(`${server.url}/m/`);
    await expect
      .poll(() => page.getByTestId('pin-map').getAttribute('data-fitted'))
      .toBe(me.jurisdiction.code);
    await shot(page, 'caseloop-phone-own-street');
  });
});
