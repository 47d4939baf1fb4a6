import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { PhonePage, photo } from './casePages.js';
import { CaseFixtures } from './caseFixtures.js';
import { switchLanguage } from './pages.js';

// The demo inspector's supervision grid in 凤凰台街道 (芝罘区), where the phone says it is.
const SITE = { longitude: 121.4002, latitude: 37.5401 };
const WHERE = { lon: SITE.longitude, lat: SITE.latitude };

describe('what reporters see: the phone’s links, toasts, tasks and own reports; the desk and case page', () => {
  let server: E2EServer;
  let browser: Browser;
  let fx: CaseFixtures;
  let phone: PhonePage;
  const contexts: BrowserContext[] = [];

  async function as(user: string, mobile = false): Promise<Page> {
    const context = await browser.newContext(
      mobile
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

  /** The phone's own language switch (a toggle in its bar). */
  async function phoneLanguage(page: Page, lang: 'zh-CN' | 'en') {
    if ((await page.locator('html').getAttribute('lang')) !== lang)
      await page.getByTestId('lang-switch').click();
    await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
  }

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));
  beforeAll(async () => {
    fx = new CaseFixtures(server.app);
    phone = new PhonePage(await as('inspector', true));
  });

  let original = { id: 0, code: '' };
  let linkedCode = '';

  it('linking a report to an open case says which case it joined; toasts never cover the sheet’s buttons', async () => {
    // Someone already reported the dirty road here.
    const c = await fx.report('operator', { category: '0104', where: WHERE, description: '路面油污一片' });
    original = { id: c.id, code: c.code };
    const p = phone.page;
    await phone.open(server.url);
    await phone.gridLine();
    // Three taps on an empty form: three warnings, at most two on screen.
    for (let i = 0; i < 3; i++) await p.getByTestId('report-submit').click();
    expect(await p.getByTestId('toast').count()).toBeLessThanOrEqual(2);

    await phone.report({ kind: 'event', search: '道路不洁', category: '0104', text: '人行道上油污' });
    // A warning still showing when the duplicate sheet comes up.
    await p.getByTestId('report-description').fill('');
    await p.getByTestId('report-submit').click();
    await p.getByTestId('toast').first().waitFor();
    await p.getByTestId('report-description').fill('人行道上油污，约十米');
    await p.getByTestId('report-submit').click();
    const sheet = p.getByTestId('duplicate-sheet');
    await sheet.waitFor();
    expect(await p.getByTestId('toast').count()).toBeGreaterThan(0);
    for (const button of await sheet.locator('button').all()) {
      for (const t of await p.getByTestId('toast').all())
        expect(overlap(await box(button), await box(t))).toBe(false);
    }
    await p.evaluate(() => window.scrollTo(0, 0));
    await shot(p, 'rough-phone-duplicate-sheet');

    await sheet.getByTestId('duplicate-link').first().click();
    const told = p.getByTestId('toast').filter({ hasText: original.code });
    await told.waitFor({ timeout: 15_000 });
    expect(await told.innerText()).toContain('已关联到案件');
    const mine = await (await p.request.get(`${server.url}/api/cases?queue=my_reports&limit=1`)).json();
    linkedCode = mine.items[0].code as string;
    expect(linkedCode).not.toBe(original.code);
    expect(await p.getByTestId('toast').allInnerTexts()).not.toContain(expect.stringContaining(linkedCode));
    await p.evaluate(() => window.scrollTo(0, 0));
    await shot(p, 'rough-phone-linked-toast');
  });

  it('the inspector lists their own reports with their state, and why one ended', async () => {
    const rejected = await fx.report('inspector', { where: WHERE, description: '小区内部垃圾' });
    await fx.act(rejected.id, 'operator', { action: 'reject', comment: '位于封闭小区内，由物业负责' });
    const p = phone.page;
    await p.getByTestId('tab-mine').click();
    const card = (code: string) => p.locator(`[data-testid="my-report"][data-code="${code}"]`);
    await card(rejected.code).waitFor();
    expect(await card(linkedCode).getByTestId('my-report-state').innerText()).toBe('已作废');
    await card(linkedCode).click();
    expect(await card(linkedCode).getByTestId('my-report-outcome').innerText()).toContain(original.code);
    await card(rejected.code).click();
    expect(await card(rejected.code).getByTestId('my-report-outcome').innerText()).toContain('由物业负责');
    expect(await card(rejected.code).getByTestId('my-report-state').innerText()).toBe('不予受理');
    await shot(p, 'rough-phone-mine');
    await phoneLanguage(p, 'en');
    await expect
      .poll(() => card(rejected.code).getByTestId('my-report-state').innerText())
      .toBe('Not accepted');
    expect(await card(rejected.code).getByTestId('my-report-outcome').innerText()).toContain('Reason');
    await shot(p, 'rough-phone-mine-en');
    await phoneLanguage(p, 'zh-CN');
  });

  let checked = { id: 0, code: '' };

  it('a check task labels the report’s and the fix’s photos and shows the unit’s note', async () => {
    const c = await fx.checkTask(WHERE, '已清运，地面已冲洗干净');
    checked = { id: c.id, code: c.code };
    const p = phone.page;
    await p.getByTestId('tab-tasks').click();
    const card = p.locator(`[data-testid=task-card][data-case-id="${c.id}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.getByTestId('task-open').click();
    const groups = card.getByTestId('task-photo-group');
    await groups.first().waitFor();
    expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
      'report',
      'before',
      'after',
    ]);
    expect(await groups.allInnerTexts()).toEqual(['上报照片', '处置前', '处置后']);
    expect(await card.getByTestId('task-unit-comment').innerText()).toContain('已清运，地面已冲洗干净');
    await shot(p, 'rough-phone-check-task');
    await phoneLanguage(p, 'en');
    await expect.poll(() => groups.allInnerTexts()).toEqual(['Report', 'Before the work', 'After the work']);
    await shot(p, 'rough-phone-check-task-en');
    await phoneLanguage(p, 'zh-CN');
    // The card is open: the check passes from here, with a photo of the site.
    await card.getByTestId('task-yes').click();
    await card.getByTestId('task-photo-input').setInputFiles(photo('check.png', 80));
    await card.getByTestId('task-submit').click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('the case page groups its photos by step, and a rejected case states why', async () => {
    const page = await as('operator');
    await page.goto(`${server.url}/cases/${checked.id}`);
    const groups = page.getByTestId('photo-group');
    await groups.first().waitFor();
    expect(await groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual([
      'report',
      'before',
      'after',
      'check',
    ]);
    expect(await page.getByTestId('photo-group-label').allInnerTexts()).toEqual([
      '上报照片',
      '处置前',
      '处置后',
      '核查照片',
    ]);
    await shot(page, 'rough-case-photos');
    await switchLanguage(page, 'en');
    await expect
      .poll(() => page.getByTestId('photo-group-label').allInnerTexts())
      .toEqual(['Report', 'Before the work', 'After the work', 'Check']);
    await shot(page, 'rough-case-photos-en');

    const rejected = await fx.report('inspector', { where: WHERE, description: '树上挂着塑料袋' });
    await fx.act(rejected.id, 'operator', { action: 'reject', comment: '已自行消失，无需处理' });
    await page.goto(`${server.url}/cases/${rejected.id}`);
    await expect.poll(() => page.getByTestId('case-outcome').innerText()).toContain('已自行消失，无需处理');
    expect(await page.getByTestId('case-outcome').innerText()).toMatch(/Not accepted/);
    await shot(page, 'rough-case-outcome-en');
    await switchLanguage(page, 'zh-CN');
  });

  it('at 1440 px the desk shows whole descriptions and report times, and every queue tab in English', async () => {
    const long =
      '学院路与南大街交叉口东北角人行道上堆放装修垃圾约三立方米，已占用盲道，行人只能绕行到机动车道，存在安全隐患，请尽快清运';
    await fx.report('inspector', {
      where: WHERE,
      description: long,
      at: new Date('2025-12-30T09:15:00+08:00'),
    });
    const page = await as('operator');
    await page.goto(`${server.url}/desk?queue=to_accept`);
    const row = page.locator('.el-table__row').filter({ hasText: '学院路与南大街' });
    await row.waitFor();
    expect((await row.getByTestId('row-description').innerText()).trim()).toBe(long);
    for (const id of ['row-description', 'row-reported-at']) {
      const clipped = await row.getByTestId(id).evaluate((el) => {
        const cell = el.closest('.cell') as HTMLElement;
        return cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1;
      });
      expect(clipped, id).toBe(false);
    }
    expect(await row.getByTestId('row-reported-at').innerText()).toMatch(/^2025-12-30 09:15$/);
    // No column hides off to the right either (the table does not scroll sideways).
    const sideways = () =>
      page
        .locator('.case-table .el-table__body-wrapper .el-scrollbar__wrap')
        .evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    expect(await sideways()).toBe(false);
    await shot(page, 'rough-desk-queue');

    await switchLanguage(page, 'en');
    const bar = await box(page.getByTestId('desk-queues'));
    for (const q of ['to_accept', 'to_close', 'requests', 'suspended', 'overdue']) {
      const tab = page.getByTestId(`queue-${q}`);
      expect(await tab.isVisible(), q).toBe(true);
      const b = await box(tab);
      expect(b.x + b.width, q).toBeLessThanOrEqual(bar.x + bar.width + 1);
    }
    expect(await page.getByTestId('queue-overdue').innerText()).toContain('Overdue');
    expect(await sideways()).toBe(false);
    await shot(page, 'rough-desk-queue-en');
  });
});

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
