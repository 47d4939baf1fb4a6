import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { CaseFixtures } from './caseFixtures.js';
import { switchLanguage } from './pages.js';

const WHERE = { lon: 121.4002, lat: 37.5401 };
const DAY = 86_400_000;

/** Waits until no table is showing its loading veil (a screenshot shows the page, not the spinner). */
async function idle(page: Page) {
  for (const mask of await page.locator('.el-loading-mask').all()) await mask.waitFor({ state: 'hidden' });
}

describe('workbenches: a unit’s inbox, the evaluation, the hotline seat', () => {
  let server: E2EServer;
  let browser: Browser;
  let fx: CaseFixtures;

  async function as(user: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, user);
    return page;
  }

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));
  beforeAll(() => {
    fx = new CaseFixtures(server.app);
  });

  it('a unit sees lateness in working hours, the cases it handled, and filters its inbox', async () => {
    // Dispatched a week ago (4 working hours to fix exposed rubbish): late by days of working time.
    const weekAgo = new Date(Date.now() - 7 * DAY);
    const late = await fx.report('operator', {
      where: WHERE,
      description: '一周前派遣的暴露垃圾',
      at: weekAgo,
    });
    await fx.dispatched(late.id, weekAgo);
    const fresh = await fx.report('operator', { where: WHERE, description: '刚派遣的暴露垃圾' });
    await fx.dispatched(fresh.id);
    const done = await fx.checkTask(WHERE, '已清运');

    const page = await as('sanitation.zhifu');
    await page.goto(`${server.url}/unit`);
    const row = (code: string) => page.locator('.el-table__row').filter({ hasText: code });
    await row(late.code).waitFor();
    const due = await row(late.code).innerText();
    expect(due).toMatch(/超时 \d+工作小时/);
    expect(due).not.toMatch(/超时 \d+天/);
    await idle(page);
    await shot(page, 'rough-unit-inbox');

    await page.getByTestId('unit-filter-overdue').click();
    await row(fresh.code).waitFor({ state: 'detached' });
    expect(await row(late.code).count()).toBe(1);
    await page.getByTestId('unit-filter-overdue').click();
    await page.getByTestId('unit-filter-q').fill('刚派遣');
    await row(late.code).waitFor({ state: 'detached' });
    await row(fresh.code).waitFor();
    await page.getByTestId('unit-filter-q').fill('');

    await page.getByTestId('unit-queue-handled').click();
    await row(done.code).waitFor();
    expect(await row(late.code).count()).toBe(0);
    await idle(page);
    await shot(page, 'rough-unit-handled');
    await switchLanguage(page, 'en');
    await page.getByTestId('unit-queue-inbox').click();
    await expect.poll(() => row(late.code).innerText()).toMatch(/\d+ working h( \d+ min)? overdue/);
    await idle(page);
    await shot(page, 'rough-unit-inbox-en');
  });

  it('the evaluation charts every inspector’s score, marks the running period, keeps its columns in sight', async () => {
    // More inspectors than a top 20; the newest reports only what is then not accepted: grade E.
    const inspector = await fx.user('inspector');
    for (let i = 1; i <= 12; i++) {
      await server.app.services.users.save(
        null,
        {
          username: `inspector.extra${i}`,
          displayName: `监督员加${i}`,
          password: 'cityloop-e2e',
          roles: ['inspector'],
          jurisdiction: inspector.jurisdiction,
        },
        null,
      );
    }
    const poor = await fx.report('inspector.extra12', { where: WHERE, description: '误报' });
    await fx.act(poor.id, 'operator', { action: 'reject', comment: '现场无此问题' });
    const page = await as('leader');
    await page.goto(`${server.url}/evaluation?subject=inspectors`);
    await page.getByTestId('evaluation-table').locator('.el-table__row').first().waitFor();
    const report = await (await page.request.get(`${server.url}/api/evaluation/inspectors`)).json();
    expect(report.rows.length).toBeGreaterThan(20);
    const e = (report.rows as Array<{ name: string; grade: string | null }>).filter((r) => r.grade === 'E');
    expect(e.map((r) => r.name)).toContain('监督员加12');
    await expect
      .poll(() => page.getByTestId('breakdown-chart').getAttribute('data-rows'))
      .toBe(String(report.rows.length));
    expect(await page.getByTestId('breakdown-count').innerText()).toContain(String(report.rows.length));
    // This month has not ended: the page says so, and the trend's running day is drawn apart.
    expect(report.partial).toBe(true);
    await page.getByTestId('evaluation-partial').waitFor();
    await page.getByTestId('trend-partial').waitFor();

    // Scrolled to the right end, the last figure's column ends where the fixed Score column starts
    // (units have the most columns).
    const lastColumnClear = async () => {
      const wrap = page.locator('.evaluation-table .el-table__body-wrapper .el-scrollbar__wrap');
      await wrap.evaluate((el) => (el.scrollLeft = el.scrollWidth));
      await page.waitForTimeout(200);
      const edges = await page.locator('.evaluation-table .el-table__header-wrapper').evaluate((h) => {
        const ths = Array.from(h.querySelectorAll('th'));
        const fixed = ths.filter((th) => th.classList.contains('el-table-fixed-column--right'));
        const free = ths.filter((th) => !th.className.includes('el-table-fixed-column'));
        const last = free.at(-1)!.getBoundingClientRect();
        return {
          right: last.right,
          fixedLeft: Math.min(...fixed.map((th) => th.getBoundingClientRect().left)),
        };
      });
      return edges.right <= edges.fixedLeft + 1;
    };
    expect(await lastColumnClear()).toBe(true);
    // The sideways scrollbar is on screen, not below two dozen rows.
    const bar = await page.locator('.evaluation-table .el-scrollbar__bar.is-horizontal').boundingBox();
    expect(bar && bar.y + bar.height <= 900).toBe(true);
    await page.getByTestId('subject-units').click();
    await page.getByTestId('evaluation-table').locator('.el-table__row').first().waitFor();
    await idle(page);
    expect(await lastColumnClear()).toBe(true);
    await shot(page, 'rough-evaluation-units');
    await page.getByTestId('subject-inspectors').click();
    await page.getByTestId('evaluation-table').locator('.el-table__row').first().waitFor();
    await idle(page);
    await shot(page, 'rough-evaluation');
    await page.getByTestId('breakdown-chart').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await idle(page);
    await shot(page, 'rough-evaluation-charts');
    await switchLanguage(page, 'en');
    await page.getByTestId('evaluation-partial').waitFor();
    await page.waitForTimeout(300);
    await idle(page);
    await shot(page, 'rough-evaluation-charts-en');
    await page.getByTestId('evaluation-table').scrollIntoViewIfNeeded();
    await idle(page);
    await shot(page, 'rough-evaluation-en');
  });

  it('a hotline seat answers a consultation without a category, a place or a case', async () => {
    const page = await as('hotline');
    const hotlineCases = async () =>
      (await (await page.request.get(`${server.url}/api/cases?source=hotline&limit=200`)).json()).items
        .length;
    const before = await hotlineCases();
    await page.goto(`${server.url}/intake`);
    await page.getByTestId('nature-inquiry').click();
    expect(await page.getByTestId('intake-category').count()).toBe(0);
    await page.getByTestId('intake-caller').fill('张女士');
    await page.getByTestId('intake-phone').fill('13700001234');
    await page.getByTestId('intake-description').fill('门前人行道能不能摆放自行车？');
    await page.getByTestId('intake-answer').fill('可停放在划定的非机动车停放区内');
    await page.getByTestId('intake-submit').click();
    const first = page.getByTestId('call-log').locator('.el-table__row').first();
    await expect.poll(() => first.innerText()).toContain('门前人行道能不能摆放自行车');
    expect(await first.getByTestId('call-nature').innerText()).toBe('咨询');
    expect(await first.innerText()).toContain('137****1234');
    expect(await hotlineCases()).toBe(before);
    await idle(page);
    await shot(page, 'rough-hotline-inquiry');
    await switchLanguage(page, 'en');
    await expect.poll(() => first.getByTestId('call-nature').innerText()).toBe('Inquiry');
    await idle(page);
    await shot(page, 'rough-hotline-inquiry-en');
  });
});
