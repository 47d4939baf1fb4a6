import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

let server: E2EServer;
let browser: Browser;
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

const CALLER = '13912345678';

/** The intake page with the caller's number typed first and looked up. */
async function openWithCaller(page: Page) {
  await page.goto(`${server.url}/intake`);
  await page.getByTestId('intake-phone').fill(CALLER);
  await page.getByTestId('intake-lookup').click();
  await page.getByTestId('caller-history').waitFor();
}

/** Picks category 0102 (exposed garbage) and clicks the city centre on the map. */
async function placeGarbage(page: Page) {
  await page.getByTestId('intake-category').click();
  await page.keyboard.type('暴露垃圾');
  await page.getByRole('option', { name: /0102 暴露垃圾/ }).click();
  await page.locator('[data-testid="city-map"][data-ready="true"]').waitFor();
  await page.evaluate(() => {
    const m = (globalThis as unknown as { __cityMap: { setView(l: [number, number], z: number): void } })
      .__cityMap;
    m.setView([37.54, 121.4], 17);
  });
  await page.waitForTimeout(500);
  const box = (await page.locator('.intake .map').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect.poll(() => page.getByTestId('intake-grid').innerText()).toMatch(/370602\d{9}/);
}

describe('the hotline desk', () => {
  it('a question (咨询) is answered from the knowledge base and the call closed as answered', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await login(page, server.url, 'hotline');
    await openWithCaller(page);
    await page.getByTestId('caller-history-none').waitFor();

    await page.getByTestId('nature-inquiry').click();
    await page.getByTestId('intake-description').fill('请问在哪里可以摆摊，要不要办证？');
    await page.getByTestId('kb-search').fill('摆摊');
    const hit = page.getByTestId('kb-result').filter({ hasText: '在哪里可以摆摊' });
    await hit.waitFor();
    await hit.getByTestId('kb-use').click();
    await page.getByTestId('kb-chosen').waitFor();
    await shot(page, 'hotline-kb-answer');
    await page.getByTestId('intake-submit').click();
    await page.getByTestId('call-kb').first().waitFor();

    const calls = await (await page.request.get(`${server.url}/api/hotline/calls`)).json();
    expect(calls.items[0]).toMatchObject({
      nature: 'inquiry',
      kbArticleId: expect.any(Number),
      kbVersion: 1,
      phone: '139****5678',
    });
    expect(calls.items[0].answer).toContain('便民疏导点');

    // The same caller again: their earlier call shows first.
    await openWithCaller(page);
    await page.getByTestId('caller-call').filter({ hasText: '摆摊' }).waitFor();
    await page.getByTestId('nature-inquiry').click();
    await page.getByTestId('kb-search').fill('heating');
    await page.getByTestId('kb-result').first().waitFor();
    await switchLanguage(page, 'en');
    await page.getByTestId('kb-result').filter({ hasText: 'When does the heating season start?' }).waitFor();
    await shot(page, 'hotline-kb-answer-en');
    await ctx.close();
  });

  it('a repeat complaint at an open case’s place is linked to it and listed on the case page', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await login(page, server.url, 'hotline');
    // The caller reported the garbage before: an open hotline case at the city centre.
    const first = await page.request.post(`${server.url}/api/hotline/complaints`, {
      data: {
        nature: 'complaint',
        kind: 'event',
        category: '0102',
        lon: 121.4,
        lat: 37.54,
        description: '路边垃圾堆了三天没人清理',
        callerPhone: CALLER,
        callerName: '赵先生',
      },
    });
    expect(first.status()).toBe(201);
    const open = (await first.json()) as { outcome: string; case: { id: number; code: string } };
    expect(open.outcome).toBe('created');

    await openWithCaller(page);
    await page.getByTestId('caller-open-case').filter({ hasText: open.case.code }).waitFor();
    await page.getByTestId('intake-caller').fill('赵先生');
    await page.getByTestId('nature-complaint').click();
    await page.getByTestId('intake-description').fill('垃圾还在，又臭了，再次投诉');
    await placeGarbage(page);
    await page.getByTestId('intake-duplicates').filter({ hasText: open.case.code }).waitFor();
    await shot(page, 'hotline-repeat-before');
    await page.getByTestId('intake-submit').click();
    const result = page.getByTestId('intake-repeat-result');
    await result.filter({ hasText: open.case.code }).waitFor();
    expect(await result.innerText()).toContain('1');
    await shot(page, 'hotline-repeat-linked');

    const repeats = await (
      await page.request.get(`${server.url}/api/hotline/cases/${open.case.id}/repeats`)
    ).json();
    expect(repeats).toMatchObject({ repeats: 1, items: [{ nature: 'complaint', phone: '139****5678' }] });

    await page.goto(`${server.url}/cases/${open.case.id}`);
    await page.getByTestId('case-repeat').first().waitFor();
    await page.getByTestId('case-repeats-count').filter({ hasText: '1' }).waitFor();
    // The reporter's number is masked; the seat may reveal it (the look is audited).
    const phone = page.getByTestId('case-reporter-phone');
    expect(await phone.innerText()).toContain('139****5678');
    await page.getByTestId('case-reporter-phone-reveal').click();
    await phone.filter({ hasText: CALLER }).waitFor();
    await shot(page, 'hotline-case-repeats');
    await switchLanguage(page, 'en');
    await page
      .getByTestId('case-repeats-count')
      .filter({ hasText: 'Repeat complaints from residents' })
      .waitFor();
    await shot(page, 'hotline-case-repeats-en');
    await ctx.close();
  });

  it('an editor adds a version of an answer, and repeats past the threshold alert the supervisor', async () => {
    const admin = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await admin.newPage();
    await login(page, server.url, 'admin');
    await page.goto(`${server.url}/admin/knowledge`);
    await page.getByTestId('repeat-settings').waitFor();
    // Two repeats raise the urgency (the demo's default is three).
    await page.getByTestId('repeat-threshold').locator('input').fill('2');
    await page.getByTestId('repeat-settings-save').click();
    await expect
      .poll(
        async () =>
          (await (await page.request.get(`${server.url}/api/hotline/settings`)).json()).repeatThreshold,
      )
      .toBe(2);
    await page.getByTestId('knowledge-search').fill('供暖');
    await page.getByTestId('knowledge-search').press('Enter');
    const row = page
      .locator('[data-testid="knowledge-table"] .el-table__row')
      .filter({ hasText: '今年什么时候开始供暖' });
    await row.getByTestId('knowledge-edit').click();
    const answer = page.getByTestId('knowledge-answer');
    await answer.fill(`${await answer.inputValue()}今年因寒潮提前至11月10日供暖。`);
    await page.getByTestId('knowledge-save').click();
    await row.filter({ hasText: 'v2' }).waitFor();
    await row.getByTestId('knowledge-edit').click();
    await page.getByTestId('knowledge-versions').waitFor();
    await shot(page, 'hotline-knowledge-versions');
    await page.keyboard.press('Escape');
    await switchLanguage(page, 'en');
    await page
      .getByTestId('knowledge-table')
      .filter({ hasText: 'When does the heating season start?' })
      .waitFor();
    await shot(page, 'hotline-knowledge-en');

    // The supervisor is on their desk when the second repeat of the same open case comes in.
    const sup = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const supervisor = await sup.newPage();
    await login(supervisor, server.url, 'supervisor');
    await supervisor.goto(`${server.url}/repeat-alerts`);
    await supervisor.getByTestId('repeat-alerts-page').waitFor();
    const seat = await browser.newContext();
    const hotline = await seat.newPage();
    await login(hotline, server.url, 'hotline');
    const body = {
      nature: 'complaint',
      kind: 'event',
      category: '0103',
      lon: 121.4,
      lat: 37.54,
      description: '渣土堆在路口',
      callerPhone: '13800001111',
    };
    const made = await (
      await hotline.request.post(`${server.url}/api/hotline/complaints`, { data: body })
    ).json();
    for (let i = 0; i < 2; i++)
      await hotline.request.post(`${server.url}/api/hotline/complaints`, {
        data: { ...body, callerPhone: `1380000222${i}` },
      });
    await supervisor.getByTestId('repeat-alert-note').waitFor();
    await supervisor.getByTestId('repeat-alert-case').filter({ hasText: made.case.code }).waitFor();
    await shot(supervisor, 'hotline-repeat-alert');
    // The notification leads to the case (and closes).
    await supervisor.getByTestId('repeat-alert-note').getByRole('button').click();
    await supervisor.waitForURL(new RegExp(`/cases/${made.case.id}$`));
    await supervisor.getByTestId('case-repeat').nth(1).waitFor();
    const detail = await (await supervisor.request.get(`${server.url}/api/cases/${made.case.id}`)).json();
    expect(detail.urgency).toBe('urgent');
    await shot(supervisor, 'hotline-repeat-escalated-case');
    await switchLanguage(supervisor, 'en');
    await supervisor
      .getByTestId('case-repeats-count')
      .filter({ hasText: 'Repeat complaints from residents: 2' })
      .waitFor();
    await shot(supervisor, 'hotline-repeat-escalated-case-en');
    await Promise.all([admin.close(), sup.close(), seat.close()]);
  });
});
