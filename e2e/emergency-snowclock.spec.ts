import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

/**
 * Issue 20, the snow clock: the duty officer records the snow stop on the console (clean deadlines
 * count from then; the map colours segments by time left), and the crew's phone is titled as the
 * crew's app, in the page's language, with the account's name in that language.
 */
describe('emergency: the snow clock and the crew phone header', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  async function keep(page: Page, name: string) {
    await shot(page, name);
    const dir = process.env.SHOTS_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
    }
  }

  it('the commander records the snow stop; the map legend colours by time left (zh, en)', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await login(page, server.url, 'commander');
    const res = await page.request.post(`${server.url}/api/emergency/decisions`, {
      data: { hazard: 'snow', kind: 'activate', level: 'IV', reason: '中雪，启动清雪' },
    });
    expect(res.status()).toBe(200);
    await page.goto(`${server.url}/emergency`);
    await page.locator('[data-testid="emergency-console"][data-loaded="true"]').waitFor();
    await page.getByTestId('tab-snow').click();
    const clock = page.getByTestId('snow-clock');
    await clock.waitFor();
    expect(await clock.getAttribute('data-stopped')).toBe('');
    await page.getByTestId('snow-stopped').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => clock.getAttribute('data-stopped'), { timeout: 15_000 }).not.toBe('');
    expect(await clock.innerText()).toContain('雪停');
    await page.getByTestId('clock-legend-under1h').waitFor();
    expect(await page.getByTestId('clock-legend-ahead').innerText()).toBe('剩余 3 小时以上');
    await page.getByTestId('snow-panel').scrollIntoViewIfNeeded();
    await keep(page, 'emergency-snowclock-zh');
    await switchLanguage(page, 'en');
    expect(await clock.innerText()).toContain('Snow stopped');
    expect(await page.getByTestId('clock-legend-late').innerText()).toBe('Late');
    await keep(page, 'emergency-snowclock-en');
    await context.close();
  });

  it("the crew's phone: its own title and the account's name in the page's language", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const phone = await context.newPage();
    await login(phone, server.url, 'sanitation.zhifu');
    await phone.goto(`${server.url}/m/`);
    const title = phone.getByTestId('mobile-title');
    await expect.poll(() => title.innerText(), { timeout: 15_000 }).toBe('清雪作业端');
    await keep(phone, 'emergency-crew-header-zh');
    await phone.evaluate(() => localStorage.setItem('cityloop.lang', 'en'));
    await phone.reload();
    await expect.poll(() => title.innerText(), { timeout: 15_000 }).toBe('Snow crew app');
    const sub = await phone.locator('header .sub').innerText();
    expect(sub).not.toMatch(/[\u4e00-\u9fff]/);
    await keep(phone, 'emergency-crew-header-en');
    await context.close();
  });
});
