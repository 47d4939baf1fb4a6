import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HotlinePage } from './casePages.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';

let server: E2EServer;
let browser: Browser;
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

describe('12319 hotline intake', () => {
  it('a call registered at the desk becomes a hotline case waiting for an inspector’s verification', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await ctx.newPage();
    await login(page, server.url, 'hotline');
    const id = await new HotlinePage(page).registerCall(server.url, {
      caller: '王女士',
      phone: '13812345678',
      description: '南大街路边有暴露垃圾，气味很大',
    });
    await shot(page, 'intake-case');

    const detail = await (await page.request.get(`${server.url}/api/cases/${id}`)).json();
    expect(detail).toMatchObject({
      source: 'hotline',
      state: 'verifying',
      reporterName: '王女士',
      category: '0102',
      kind: 'event',
    });
    const list = await (await page.request.get(`${server.url}/api/cases?queue=to_verify`)).json();
    const row = list.items.find((c: { id: number }) => c.id === id);
    expect(row.reporterPhone).toBe('138****5678');
    await ctx.close();
  });
});
