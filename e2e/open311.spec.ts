import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';

/** Issue 19: an administrator hands a partner an Open311 key, the partner reports with it, the key is revoked. */
describe('Open311 keys in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  it('an administrator issues a key from the admin menu, the partner reports with it, then it is revoked', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await login(page, server.url, 'admin');
    await page.getByRole('menuitem', { name: 'Open311 密钥' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/open311');
    await expect.poll(() => page.getByTestId('open311-keys').innerText()).toContain('演示合作方');

    await page.getByTestId('open311-issue').click();
    await page
      .locator('input[data-testid=open311-name], [data-testid=open311-name] input')
      .fill('烟台随手拍');
    await page
      .locator('input[data-testid=open311-partner], [data-testid=open311-partner] input')
      .fill('烟台日报社');
    await page.getByTestId('open311-save').click();
    const secret = (await page.getByTestId('open311-secret').innerText()).trim();
    expect(secret.length).toBeGreaterThanOrEqual(30);
    await shot(page, 'open311-key-issued');
    await page.getByRole('button', { name: '我已保存' }).click();

    // The partner reports with the key: an ordinary case, counted on the key's row.
    const made = await page.request.post(`${server.url}/open311/v2/requests.json`, {
      form: {
        api_key: secret,
        service_code: 'E0102',
        lat: '37.54',
        long: '121.4',
        description: '路边堆放垃圾',
      },
    });
    expect(made.status(), await made.text()).toBe(200);
    await page.reload();
    const row = page.getByTestId('open311-keys').locator('tr', { hasText: '烟台随手拍' });
    await expect.poll(() => row.innerText()).toMatch(/有效\s+1\b/);
    expect(await page.getByTestId('open311-keys').innerText()).not.toContain(secret);

    await row.getByTestId('open311-revoke').click();
    await page.locator('.el-popconfirm .el-button--primary').click();
    await expect.poll(() => row.innerText()).toContain('已吊销');
    const refused = await page.request.post(`${server.url}/open311/v2/requests.json`, {
      form: { api_key: secret, service_code: 'E0102', lat: '37.54', long: '121.4', description: '又一次' },
    });
    expect(refused.status()).toBe(403);
    await context.close();
  });
});
