import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { MunicipalFacilityList, RoadCutList } from '@cityloop/domain/api/municipal';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

/**
 * Road-cut permits in the browser: a supervisor approves a waiting application, fails a reinstated
 * surface's check (a case 道路破损 opens), and reports a cut found without a permit (a case
 * 无证掘路); the page in Chinese and in English.
 */
describe('municipal: road-cut permits', () => {
  let server: E2EServer;
  let browser: Browser;

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  it('approve, a failed reinstatement check → a case, a cut without a permit → a case, zh and en', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'supervisor');
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const list = async () =>
      (
        await server.app.inject({ url: '/api/municipal/roadcuts', headers: { cookie } })
      ).json() as RoadCutList;
    const before = await list();
    const waiting = before.items.find((p) => p.phase === 'applied')!;
    const dug = before.items.find((p) => p.phase === 'reinstating')!;

    await page.goto(`${server.url}/municipal/roadcuts`);
    await expect.poll(() => page.getByTestId('roadcut-total-permits').innerText()).toContain('9');

    // Approve a waiting application.
    await page.getByTestId(`roadcut-phase-${waiting.code}`).waitFor();
    await page
      .locator('[data-testid="roadcut-table"] .el-table__row')
      .filter({ hasText: waiting.code })
      .getByRole('button', { name: '批准', exact: true })
      .click();
    await page.getByTestId('roadcut-note').fill('同意，按期恢复');
    await page.getByTestId('roadcut-confirm').click();
    await expect.poll(() => page.getByTestId(`roadcut-phase-${waiting.code}`).innerText()).toBe('待施工');

    // The reinstated surface fails its check: a case opens.
    await page.getByTestId(`roadcut-fail-${dug.code}`).click();
    await page.getByTestId('roadcut-note').fill('回填沉降');
    await page.getByTestId('roadcut-confirm').click();
    await page.locator('.el-message--success').filter({ hasText: '已立案' }).waitFor();
    await expect.poll(() => page.getByTestId(`roadcut-phase-${dug.code}`).innerText()).toBe('验收不合格');

    // A cut found on a road far from every permit.
    const road = (
      (
        await server.app.inject({ url: '/api/municipal/facilities?kind=road', headers: { cookie } })
      ).json() as MunicipalFacilityList
    ).items.find((r) => before.items.every((p) => Math.abs(p.lon - r.lon) + Math.abs(p.lat - r.lat) > 0.01))!;
    await page.getByTestId('roadcut-report').click();
    await page.getByTestId('report-road').click();
    await page
      .locator('.el-select-dropdown__item:visible')
      .filter({ hasText: `(${road.code})` })
      .click();
    await page.getByTestId('report-note').fill('夜间私自开挖路面');
    await page.getByTestId('report-submit').click();
    await page.locator('.el-message--success').filter({ hasText: '已立案' }).last().waitFor();
    await expect.poll(() => page.getByTestId('roadcut-total-unpermitted').innerText()).toContain('1');
    const after = await list();
    expect(after.items.find((p) => p.code === dug.code)?.caseCode).toMatch(/\d/);
    await shot(page, 'municipal-roadcuts-zh-CN');

    // The register: a road renamed in English, audited.
    const first = (
      (
        await server.app.inject({ url: '/api/municipal/facilities?kind=road', headers: { cookie } })
      ).json() as MunicipalFacilityList
    ).items[0]!;
    await page.goto(`${server.url}/municipal`);
    await page.getByRole('tab', { name: '道路' }).click();
    await page.getByTestId(`edit-${first.code}`).click();
    await page.getByTestId('edit-name-en').fill('Beima Road');
    await shot(page, 'municipal-register-edit-zh-CN');
    await page.getByTestId('edit-save').click();
    await expect
      .poll(
        async () =>
          (
            (
              await server.app.inject({ url: '/api/municipal/facilities?kind=road', headers: { cookie } })
            ).json() as MunicipalFacilityList
          ).items.find((r) => r.id === first.id)?.nameEn,
      )
      .toBe('Beima Road');
    await page.goto(`${server.url}/municipal/roadcuts`);

    await switchLanguage(page, 'en');
    await expect.poll(() => page.getByTestId(`roadcut-phase-${dug.code}`).innerText()).toBe('Check failed');
    await shot(page, 'municipal-roadcuts-en');
    await context.close();
  });
});
