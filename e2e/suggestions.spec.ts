import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';
import { makeCase } from '../apps/server/src/testing/factories.js';
import type { TestApp } from '../apps/server/src/testing/testApp.js';

let server: E2EServer;
let browser: Browser;

withServerAndBrowser((s, b) => ((server = s), (browser = b)));

async function as(username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await login(page, server.url, username);
  return page;
}

async function api(method: 'GET' | 'POST', url: string, username: string, payload?: object) {
  const loginRes = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'cityloop' },
  });
  const c = loginRes.cookies.find((x) => x.name === 'cl_session')!;
  const res = await server.app.inject({
    method,
    url,
    headers: { cookie: `cl_session=${c.value}` },
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

describe('visit figures and suggestions (issue 19)', () => {
  const codes: string[] = [];

  it('a leader reads the visit figures and drills down to the cases behind a number', async () => {
    // Two closed calls whose callers want a reply: one reached and satisfied, one reached and
    // basically satisfied; both in the demo city's centre (芝罘区).
    const t = { app: server.app } as unknown as TestApp;
    for (const satisfaction of ['satisfied', 'basically_satisfied']) {
      const c = await makeCase(t, { state: 'closed', reporterPhone: '13812345678', wantsReply: true });
      codes.push(c.code);
      await api('POST', `/api/cases/${c.id}/actions`, 'hotline', {
        action: 'return_visit',
        reached: true,
        satisfaction,
      });
    }
    const page = await as('leader');
    await page.goto(`${server.url}/visits/figures`);
    await page.getByTestId('figures-table').waitFor();
    const due = page.getByTestId('cell-370602-due');
    await expect.poll(() => due.textContent()).toBe('2');
    expect(await page.getByTestId('rate-370602-returnVisit').textContent()).toBe('100.0%');
    expect(await page.getByTestId('rate-370602-satisfaction').textContent()).toBe('100.0%');
    await page.getByTestId('figures-chart').waitFor();
    await shot(page, 'visit-figures-zh');

    await due.click();
    const drill = page.getByTestId('figures-drill');
    await drill.waitFor();
    await expect.poll(() => drill.getByTestId('row-code').count()).toBe(2);
    const listed = await drill.getByTestId('row-code').allTextContents();
    expect(listed.map((s) => s.trim()).sort()).toEqual([...codes].sort());
    await shot(page, 'visit-figures-drill-zh');
    await page.keyboard.press('Escape');
    await drill.waitFor({ state: 'hidden' });

    await switchLanguage(page, 'en');
    await page.getByTestId('group-category').click();
    await expect.poll(() => page.getByTestId('cell-event:0102-due').textContent()).toBe('2');
    expect(await page.getByTestId('figures-table').textContent()).toContain('Return-visit rate');
    await shot(page, 'visit-figures-en');
    await page.context().close();
  });

  it('a resident suggests on a phone; the bureau adopts it with a reply the resident reads by code', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const resident = await phone.newPage();
    await resident.goto(`${server.url}/suggest`);
    await expect
      .poll(() => resident.getByTestId('suggest-campaign').textContent())
      .toBe('2026年为民服务实事意见征集');
    await resident.getByTestId('suggest-topic').click();
    await resident.getByTestId('suggest-topic-greening').click();
    await resident
      .locator('textarea[data-testid="suggest-content"], [data-testid="suggest-content"] textarea')
      .fill('建议在滨海广场增设遮阳座椅和直饮水点，方便老人和游客休息。');
    await resident
      .locator('input[data-testid="suggest-name"], [data-testid="suggest-name"] input')
      .fill('周女士');
    await resident
      .locator('input[data-testid="suggest-phone"], [data-testid="suggest-phone"] input')
      .fill('13912345678');
    await shot(resident, 'suggest-form-phone-zh');
    await resident.getByTestId('suggest-submit').click();
    const codeEl = resident.getByTestId('suggest-code');
    await codeEl.waitFor();
    const code = (await codeEl.textContent())!.trim();
    expect(code).toMatch(/^JY-\d{4}-[0-9A-Z]{8}$/);
    await shot(resident, 'suggest-done-phone-zh');

    // The supervisor finds it, adopts it with a public reply.
    const staff = await as('supervisor');
    await staff.goto(`${server.url}/suggestions`);
    const row = staff.locator('tr', { has: staff.getByTestId(`row-${code}`) });
    await row.waitFor();
    expect(await staff.getByTestId(`status-of-${code}`).textContent()).toContain('待研究');
    await row.locator('.el-checkbox').click();
    await staff.getByTestId('adopt-open').click();
    const reply = '您的建议已采纳，列入2026年为民服务实事，由园林绿化部门年内完成。';
    await staff
      .locator('textarea[data-testid="dialog-text"], [data-testid="dialog-text"] textarea')
      .fill(reply);
    await staff.getByTestId('dialog-confirm').click();
    await expect.poll(() => staff.getByTestId(`status-of-${code}`).textContent()).toContain('已采纳');
    await shot(staff, 'suggestions-adopted-zh');
    // Given to a unit with a deadline.
    await staff.getByTestId(`assign-${code}`).click();
    await staff.getByTestId('dialog-unit').click();
    await staff.locator('.el-select-dropdown__item:visible').first().click();
    await staff.getByTestId('dialog-confirm').click();
    await staff.getByTestId(`done-${code}`).waitFor();
    await switchLanguage(staff, 'en');
    await expect.poll(() => staff.getByTestId(`status-of-${code}`).textContent()).toContain('Adopted');
    await shot(staff, 'suggestions-adopted-en');
    await staff.context().close();

    // The resident reads the reply by code, in English too.
    await resident.getByTestId('track-submit').click();
    await expect.poll(() => resident.getByTestId('track-reply').textContent()).toBe(reply);
    expect(await resident.getByTestId('track-status').textContent()).toContain('已采纳');
    await shot(resident, 'suggest-track-phone-zh');
    await switchLanguage(resident, 'en');
    await expect.poll(() => resident.getByTestId('track-status').textContent()).toContain('Adopted');
    await shot(resident, 'suggest-track-phone-en');
    await phone.close();
  });
});
