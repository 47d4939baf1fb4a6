import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { makeCase } from '../apps/server/src/testing/factories.js';
import type { TestApp } from '../apps/server/src/testing/testApp.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

/** Administration in the browser: the audit log, imports, the organisation tree, time limits. */
describe('administration: a named audit log, imports in the reader’s language, the organisation tree', () => {
  let server: E2EServer;
  let browser: Browser;
  const files = mkdtempSync(path.join(tmpdir(), 'cityloop-admin-'));

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  async function as(user: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, user);
    return page;
  }

  /** The test node as the server's factories take it (they use only its services). */
  const asTestApp = (): TestApp => ({
    app: server.app,
    config: server.app.platform.config,
    login: () => Promise.reject(new Error('not needed')),
    close: () => Promise.resolve(),
  });

  it('the audit log says who did what to which case or station, by name and in words', async () => {
    // A hotline seat looks at a caller's full number (audited) …
    const c = await makeCase(asTestApp(), { reporterPhone: '13900002222' });
    const hotline = await as('hotline');
    const reveal = await hotline.request.post(`${server.url}/api/visits/${c.id}/phone`);
    expect(reveal.status(), await reveal.text()).toBe(200);
    // … and a utility operator asks a station (offline: the command waits in the queue) to start a pump.
    const utility = await as('utility');
    const cmd = await utility.request.post(`${server.url}/api/devices/bs-0001/commands`, {
      data: { name: 'start_pump', params: { pump: 1 } },
    });
    expect(cmd.status(), await cmd.text()).toBe(200);
    const station = (await (await utility.request.get(`${server.url}/api/devices/bs-0001`)).json()) as {
      name: string;
    };

    const admin = await as('admin');
    await admin.goto(`${server.url}/admin/audit`);
    const rows = admin.getByTestId('list-table').locator('tbody tr');
    await rows.first().waitFor();
    const row = (n: number) => ({
      who: rows.nth(n).getByTestId('audit-who'),
      action: rows.nth(n).getByTestId('audit-action'),
      subject: rows.nth(n).getByTestId('audit-subject'),
    });
    // Newest first: the command, then the look at the phone number.
    expect(await row(0).who.innerText()).toBe('公用事业调度员');
    expect(await row(0).action.innerText()).toBe('发起指令');
    expect(await row(0).subject.innerText()).toBe(`${station.name} · 启泵`);
    expect(await row(1).who.innerText()).toBe('热线坐席');
    expect(await row(1).action.innerText()).toBe('查看完整电话号码');
    expect(await row(1).subject.innerText()).toBe(c.code);
    const table = await admin.getByTestId('list-table').innerText();
    for (const raw of ['command.request', 'reveal_phone', 'utility', 'hotline'])
      expect(table).not.toContain(raw);
    await shot(admin, 'admin-01-audit');

    // The search box finds the entry by the case's number.
    await admin.getByTestId('list-search').locator('input').fill(c.code);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await row(0).action.innerText()).toBe('查看完整电话号码');
    await admin.getByTestId('list-search').locator('input').fill('');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);

    await switchLanguage(admin, 'en');
    await expect.poll(() => row(0).action.innerText()).toBe('Request command');
    expect(await row(0).who.innerText()).toBe('Utility operator');
    expect(await row(0).subject.innerText()).toBe(`${station.name} · Start pump`);
    expect(await row(1).who.innerText()).toBe('Hotline agent');
    await shot(admin, 'admin-01-audit-en');
    await switchLanguage(admin, 'zh-CN');
  });

  it('import problems are sentences in the reader’s language, and each import offers a template', async () => {
    const admin = await as('admin');
    // A sheet with the right columns and nothing under them.
    const book = new ExcelJS.Workbook();
    book.addWorksheet('部件').addRow(['编码', '名称', '经度', '纬度']);
    const empty = path.join(files, 'empty.xlsx');
    writeFileSync(empty, Buffer.from(await book.xlsx.writeBuffer()));

    await admin.goto(`${server.url}/admin/component-import`);
    const template = admin.getByTestId('import-template');
    expect(await template.getAttribute('href')).toBe('/api/components/import/template.xlsx');
    expect((await admin.request.get(`${server.url}/api/components/import/template.xlsx`)).status()).toBe(200);
    await admin.getByTestId('import-file').setInputFiles(empty);
    expect(await admin.getByTestId('import-file-info').innerText()).not.toContain('0 个要素');
    await admin.getByTestId('import-validate').click();
    const summary = admin.getByTestId('import-report-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('文件中没有找到可导入的内容');
    expect(await summary.innerText()).not.toContain('0 / 0');
    const problem = admin.getByTestId('import-problem-text').first();
    expect(await problem.innerText()).toBe('工作表“部件”只有列名行（4 列），下面没有部件数据');
    await shot(admin, 'admin-02-component-import');
    await switchLanguage(admin, 'en');
    await expect
      .poll(() => problem.innerText())
      .toBe('Sheet “部件” has its header row (4 columns) and no components below it');
    await shot(admin, 'admin-02-component-import-en');
    await switchLanguage(admin, 'zh-CN');

    // A grid file with a bad code: where and what, in Chinese.
    const grids = path.join(files, 'grids.geojson');
    writeFileSync(
      grids,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: '123' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [121.4, 37.54],
                  [121.401, 37.54],
                  [121.401, 37.541],
                  [121.4, 37.54],
                ],
              ],
            },
          },
        ],
      }),
    );
    await admin.goto(`${server.url}/admin/grid-import`);
    expect(await admin.getByTestId('import-template').getAttribute('href')).toBe(
      '/api/grids/import/template.geojson',
    );
    await admin.getByTestId('import-file').setInputFiles(grids);
    await admin.getByTestId('import-validate').click();
    await admin.getByTestId('import-problems').waitFor();
    expect(await admin.getByTestId('import-report-summary').innerText()).toContain('0 / 1 个网格有效');
    const problems = await admin.getByTestId('import-problems').innerText();
    expect(problems).toContain('第 1 个要素');
    expect(problems).toContain('“123”不是有效编码（单元网格 15 位，部件 16 位）');
    expect(problems).not.toMatch(/Feature|is not a/);
    await shot(admin, 'admin-03-grid-import');
    await switchLanguage(admin, 'en');
    await expect.poll(() => admin.getByTestId('import-problems').innerText()).toContain('Feature 1');
    await shot(admin, 'admin-03-grid-import-en');
    await switchLanguage(admin, 'zh-CN');
  });

  it('the organisation is a tree: district → street → community, and the departments by district', async () => {
    const admin = await as('admin');
    await admin.goto(`${server.url}/admin/org`);
    await admin.locator('[data-testid="org-tree"][data-loaded="true"]').waitFor();
    const districts = (await (await admin.request.get(`${server.url}/api/org/districts`)).json()) as Array<{
      code: string;
    }>;
    const zhifu = districts[0]!.code;
    const street = (
      (await (
        await admin.request.get(`${server.url}/api/org/streets?districtCode=${zhifu}&pageSize=1`)
      ).json()) as { items: Array<{ code: string }> }
    ).items[0]!.code;
    const community = (
      (await (
        await admin.request.get(`${server.url}/api/org/communities?streetCode=${street}&pageSize=1`)
      ).json()) as { items: Array<{ code: string; name: string }> }
    ).items[0]!;
    await admin.getByTestId(`area-${zhifu}`).click();
    await admin.getByTestId(`area-${street}`).click();
    await admin.getByTestId(`area-${community.code}`).waitFor();
    expect(await admin.getByTestId(`area-${community.code}`).innerText()).toContain(community.name);
    expect(await admin.getByTestId('dept-water').innerText()).toContain('市供水公司');
    expect(await admin.getByTestId('dept-sanitation-zhifu').innerText()).toContain('芝罘区环卫处');
    await shot(admin, 'admin-04-org-tree');
    await switchLanguage(admin, 'en');
    await expect
      .poll(() => admin.getByTestId('dept-water').innerText())
      .toContain('City Water Supply Company');
    expect(await admin.getByTestId(`area-${zhifu}`).innerText()).toContain('Zhifu');
    await shot(admin, 'admin-04-org-tree-en');
    await switchLanguage(admin, 'zh-CN');
  });

  it('people and departments are named in English on the English pages', async () => {
    const admin = await as('admin');
    await admin.goto(`${server.url}/admin/users?q=utility`);
    const table = admin.getByTestId('list-table');
    await admin.getByTestId('list-search').locator('input').fill('utility');
    await expect.poll(() => table.innerText()).toContain('公用事业调度员（复核）');
    await shot(admin, 'admin-06-users');
    await switchLanguage(admin, 'en');
    await expect.poll(() => table.innerText()).toContain('Utility operator (reviewer)');
    expect(await admin.getByTestId('user-menu').innerText()).toContain('System administrator');
    await shot(admin, 'admin-06-users-en');
    await admin.goto(`${server.url}/admin/departments`);
    await expect
      .poll(() => admin.getByTestId('list-table').innerText())
      .toContain('City Water Supply Company');
    expect(await admin.getByTestId('list-table').innerText()).not.toContain('市供水公司');
    await shot(admin, 'admin-07-departments-en');
    await switchLanguage(admin, 'zh-CN');
    await expect.poll(() => admin.getByTestId('list-table').innerText()).toContain('市供水公司');
    await shot(admin, 'admin-07-departments');
  });

  it('time limits come in order of urgency, and in English with the categories’ English names', async () => {
    const admin = await as('admin');
    await admin.goto(`${server.url}/admin/time-limits`);
    const table = admin.getByTestId('time-limit-table');
    const first = table.locator('tbody tr');
    await first.first().waitFor();
    const cells = async (n: number) => (await first.nth(n).innerText()).split('\t').map((c) => c.trim());
    const urgencies = [await cells(0), await cells(1), await cells(2)].map((r) => r[2]);
    expect(urgencies).toEqual(['一般', '紧急', '特急']);
    await shot(admin, 'admin-05-time-limits');
    await switchLanguage(admin, 'en');
    await expect.poll(async () => (await cells(0))[1]).toBe('Water supply manhole cover');
    const row = (await cells(0)).join(' ');
    expect(row).toContain('A manhole cover (grate) is missing');
    expect(row).not.toMatch(/[\u4e00-\u9fff]/);
    await shot(admin, 'admin-05-time-limits-en');
    await switchLanguage(admin, 'zh-CN');
  });

  it('an administrator backs up from the page and sees what the backup holds, in both languages', async () => {
    const admin = await as('admin');
    await admin.goto(`${server.url}/admin/backups`);
    const table = admin.getByTestId('backups');
    await admin.getByTestId('backup-now').click();
    // The new backup's row names the database and counts what it holds, in words.
    await expect.poll(() => table.innerText(), { timeout: 60_000 }).toMatch(/内置数据库|PostgreSQL/);
    const text = await table.innerText();
    expect(text).toMatch(/案件 \d+ · 处置记录 \d+/);
    await shot(admin, 'admin-08-backups');
    await switchLanguage(admin, 'en');
    await expect.poll(() => table.innerText()).toMatch(/Cases \d+ · case steps \d+/);
    expect(await admin.getByTestId('backups-page').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await shot(admin, 'admin-08-backups-en');
    await switchLanguage(admin, 'zh-CN');
  });
});
