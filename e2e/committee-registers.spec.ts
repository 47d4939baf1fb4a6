import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CommitmentDetail } from '@cityloop/domain/api/committeeRegisters';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { MapPage, switchLanguage } from './pages.js';

/**
 * The committee's registers in the browser: the 11 commitments on the map, an inspection that fails
 * becoming a case dispatched to the answerable unit; the 644 cadres in 25 communities and 54 contact
 * points; the 20 approved beer plazas and when their permits end; in Chinese and English.
 */
describe('committee registers: commitments → a failed inspection as a case; liaison figures; approved sites', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  async function as(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, username);
    return page;
  }
  /** The test's picture, kept also where the branch's screenshots are looked at (if that folder exists). */
  async function picture(page: Page, name: string) {
    await shot(page, name);
    const dir = process.env.SHOTS_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      copyFileSync(
        path.resolve(import.meta.dirname, '../test-results', `${name}.png`),
        path.join(dir, `${name}.png`),
      );
    }
  }
  const statistic = (page: Page, id: string) =>
    page.getByTestId(id).locator('.el-statistic__number, .el-statistic__content').first().innerText();

  it('inspects a commitment, shows the liaison figures and the approved sites', async () => {
    const sup = await as('supervisor');
    await sup.goto(`${server.url}/committee?tab=commitments`);
    await expect
      .poll(() => sup.locator('[data-testid="commitment-table"] tbody tr').count(), { timeout: 20_000 })
      .toBe(11);
    await sup
      .locator('[data-testid="commitment-table"] tbody tr', { hasText: '火车站周边交通秩序整治' })
      .click();
    await sup.getByTestId('commitment-detail').waitFor();
    // The problem's place, picked on the map (near the small test city's centre).
    const map = new MapPage(sup);
    await map.ready();
    await map.centreOn(121.4, 37.54, 16);
    await map.clickAt(121.4, 37.54);
    await sup.getByTestId('commitment-inspect').click();
    await sup.getByTestId('inspection-passed').getByText('不合格').click();
    const note = sup.getByTestId('inspection-note');
    // The test id lands on the textarea itself or on its wrapper, as Element Plus puts it.
    const field = (await note.evaluate((e) => e.tagName)) === 'TEXTAREA' ? note : note.locator('textarea');
    await field.fill('站前出租车违规停靠');
    const answer = sup.waitForResponse(
      (r) => r.url().endsWith('/inspections') && r.request().method() === 'POST',
    );
    await sup.getByTestId('dialog-save').click();
    const detail = (await (await answer).json()) as CommitmentDetail;
    const code = detail.inspectionLog[0]!.caseCode!;
    expect(code).toBeTruthy();
    await expect
      .poll(() => sup.getByTestId('inspection-table').innerText(), { timeout: 20_000 })
      .toContain(code);
    const c = await server.app.inject({
      method: 'GET',
      url: `/api/cases/${detail.inspectionLog[0]!.caseId}`,
      headers: { cookie: (await sup.context().cookies()).map((k) => `${k.name}=${k.value}`).join('; ') },
    });
    expect(c.json<{ state: string }>().state).toBe('dispatched');
    await picture(sup, 'committee-commitments-zh');

    await sup.getByRole('tab', { name: '联系社区' }).click();
    await expect.poll(() => statistic(sup, 'liaison-cadres'), { timeout: 20_000 }).toBe('644');
    expect(await statistic(sup, 'liaison-communities')).toBe('25');
    expect(await statistic(sup, 'liaison-points')).toBe('54');
    await sup.locator('[data-testid="liaison-table"] tbody tr').first().click();
    await sup.getByTestId('cadre-card').waitFor();
    await picture(sup, 'committee-liaison-zh');

    await sup.getByRole('tab', { name: '审批场所' }).click();
    await expect
      .poll(() => sup.locator('[data-testid="site-table"] tbody tr').count(), { timeout: 20_000 })
      .toBe(20);
    expect(await statistic(sup, 'sites-beer_plaza')).toBe('20');
    await picture(sup, 'committee-sites-zh');

    await switchLanguage(sup, 'en');
    await expect
      .poll(() => sup.getByTestId('site-table').innerText(), { timeout: 20_000 })
      .toContain('Beer Plaza');
    await picture(sup, 'committee-sites-en');
    await sup.getByRole('tab', { name: 'Community liaison' }).click();
    await expect
      .poll(() => sup.getByTestId('liaison-table').innerText(), { timeout: 20_000 })
      .toContain('Fenghuang');
    await picture(sup, 'committee-liaison-en');
    await sup.getByRole('tab', { name: 'Commitments' }).click();
    await expect
      .poll(() => sup.getByTestId('commitment-table').innerText(), { timeout: 20_000 })
      .toContain('railway station');
    await picture(sup, 'committee-commitments-en');
  });

  it('a contractor records its own inspection and sees the days on its month', async () => {
    const page = await as('contractor');
    await page.goto(`${server.url}/contracts`);
    await page.getByTestId('self-inspections').waitFor();
    await expect
      .poll(() => page.getByTestId('self-days').innerText(), { timeout: 20_000 })
      .toMatch(/自查 \d+ 天/);
    const before = Number(/自查 (\d+) 天/.exec(await page.getByTestId('self-days').innerText())![1]);
    const section = page.getByTestId('self-section');
    const field = (await section.evaluate((e) => e.tagName)) === 'INPUT' ? section : section.locator('input');
    await field.fill('南大街');
    await page.getByTestId('self-inspections').getByRole('button', { name: '登记自查' }).click();
    // A second record the same day adds no day; a first one today does.
    await expect
      .poll(() => page.getByTestId('self-inspections').locator('tbody tr').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    const after = Number(/自查 (\d+) 天/.exec(await page.getByTestId('self-days').innerText())![1]);
    expect(after === before || after === before + 1).toBe(true);
    await page.getByTestId('self-inspections').scrollIntoViewIfNeeded();
    await picture(page, 'contracts-self-inspections-zh');
    await switchLanguage(page, 'en');
    await expect
      .poll(() => page.getByTestId('self-inspections').innerText(), { timeout: 20_000 })
      .toContain('Own inspections');
    await picture(page, 'contracts-self-inspections-en');
  });
});
