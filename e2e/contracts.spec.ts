import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ContractAssessment, ContractList } from '@cityloop/domain/api/contracts';
import { CaseFixtures } from './caseFixtures.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

/**
 * Market-run services in the browser: a dirty road reported on a road of the Zhifu cleaning
 * contract goes to its contractor, whose first fix fails the inspector's check (rework); the
 * contractor's page scores the month from that case, shows the deduction within the cap and the
 * case as its evidence, and the contractor disputes it.
 */
describe('contracts: a contractor’s month is scored from the cases in its sections', () => {
  let server: E2EServer;
  let browser: Browser;
  let code = '';
  let contractId = 0;

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  beforeAll(async () => {
    const fx = new CaseFixtures(server.app);
    const admin = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'cityloop' },
    });
    const cookie = `cl_session=${admin.cookies.find((c) => c.name === 'cl_session')!.value}`;
    const contracts = (
      await server.app.inject({ url: '/api/contracts', headers: { cookie } })
    ).json<ContractList>();
    const zhifu = contracts.items.find((c) => c.code === 'HT-2026-QS01')!;
    contractId = zhifu.id;
    const [lon, lat] = zhifu.sections[0]!.lines[0]![1]!;
    // The last minute: the month's own events, whatever the hour.
    const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000);
    const c = await fx.report('operator', {
      category: '0104',
      where: { lon, lat },
      description: '路面油污一片',
      at: at(0),
    });
    code = c.code;
    await fx.dispatched(c.id, at(1));
    const row = (await server.app.services.cases.byId(server.app.platform.db, c.id))!;
    expect(row.unit_id).toBe(zhifu.departmentId);
    const [before, after] = [await fx.photo(90), await fx.photo(170)];
    await fx.act(
      c.id,
      'contractor',
      { action: 'report_done', photos: [before, after], beforePhotos: [before] },
      at(10),
    );
    // An inspector who works in the case's grid checks the fix, and fails it (rework).
    const { rows } = await server.app.platform.db.query<{ username: string }>(
      `select username from users where 'inspector' = any(roles) and active
         and (jurisdiction_level = 'city' or $1 like jurisdiction_code || '%') order by id limit 1`,
      [row.grid_code],
    );
    const inspector = await fx.user(rows[0]!.username);
    await fx.act(c.id, 'operator', { action: 'to_check', inspectorId: inspector.id }, at(11));
    await fx.act(
      c.id,
      inspector.username,
      { action: 'check', passed: false, comment: '路面仍有油污' },
      at(12),
    );
    // Done again, passed and closed: a closed case that needed rework (the evaluation's rework rate).
    await fx.act(
      c.id,
      'contractor',
      { action: 'report_done', photos: [before, after], beforePhotos: [before] },
      at(13),
    );
    await fx.act(c.id, 'operator', { action: 'to_check', inspectorId: inspector.id }, at(14));
    await fx.act(c.id, inspector.username, { action: 'check', passed: true }, at(15));
    await fx.act(c.id, 'shiftleader', { action: 'close' }, at(16));
  });

  async function asContractor(lang: 'zh-CN' | 'en'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'contractor');
    if (lang === 'en') await switchLanguage(page, 'en');
    return page;
  }

  it('the deduction and the case behind it show on the contractor’s page; the contractor disputes it', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await asContractor(lang);
      await page.goto(`${server.url}/contracts`);
      await page.getByTestId('contract-detail').waitFor();
      await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
      // Its own contract only.
      expect(await page.locator('.contract-row').count()).toBe(1);
      const evidence = page.getByTestId('assessment-evidence');
      await evidence.getByText(code).waitFor();
      const deduction = await page.getByTestId('assessment-deduction').innerText();
      expect(deduction).not.toMatch(/(^|\s)(0 元|¥0)(\s|$)/);
      await page.getByTestId('contract-assessment').scrollIntoViewIfNeeded();
      await shot(page, `contracts-${lang}`);
      if (lang === 'en') {
        await page.getByTestId('dispute-reason').fill('The road was closed for works that day');
        await page.getByTestId('dispute-submit').click();
        await expect.poll(() => page.getByTestId('assessment-status').innerText()).toBe('Disputed');
        await shot(page, 'contracts-disputed-en');
      }
      await page.context().close();
    }
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
      .format(new Date())
      .slice(0, 7);
    const sup = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'supervisor', password: 'cityloop' },
    });
    const a = (
      await server.app.inject({
        url: `/api/contracts/${contractId}/assessment?month=${month}`,
        headers: { cookie: `cl_session=${sup.cookies.find((c) => c.name === 'cl_session')!.value}` },
      })
    ).json<ContractAssessment>();
    expect(a).toMatchObject({ status: 'disputed' });
    expect(a.figures.rework).toBe(1);
    expect(a.deductionYuan).toBeGreaterThan(0);
    expect(a.deductionYuan).toBeLessThanOrEqual(a.capYuan);
  });
});
