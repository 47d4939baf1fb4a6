import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { HotlinePage, makePng } from './casePages.js';

let server: E2EServer;
let browser: Browser;
const cookies = new Map<string, string>();

withServerAndBrowser((s, b) => ((server = s), (browser = b)));

async function as(username: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  await login(page, server.url, username);
  return page;
}

/** The HTTP API as a user (the steps the other roles take while the hotline seat works in the browser). */
async function cookieOf(username: string): Promise<string> {
  if (!cookies.has(username)) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'cityloop' },
    });
    const c = res.cookies.find((x) => x.name === 'cl_session')!;
    cookies.set(username, `cl_session=${c.value}`);
  }
  return cookies.get(username)!;
}

async function api(username: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await server.app.inject({
    method,
    url,
    headers: { cookie: await cookieOf(username) },
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, `${method} ${url} as ${username}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

const act = (username: string, id: number, body: object) =>
  api(username, 'POST', `/api/cases/${id}/actions`, body);

async function photo(username: string): Promise<string> {
  const png = makePng(64, 48);
  const boundary = '----cityloop';
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: {
      cookie: await cookieOf(username),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  return res.json().id as string;
}

/** The unit's work to closed: done with a photo, checked on site, closed. */
async function workToClosed(id: number, handler: string) {
  await act(handler, id, { action: 'report_done', photos: [await photo(handler)] });
  await act('operator', id, { action: 'to_check' });
  await act('inspector', id, { action: 'check', passed: true });
  await act('shiftleader', id, { action: 'close' });
}

describe('return visits (回访)', () => {
  let caseId = 0;
  let code = '';
  let handler = '';

  it('a hotline call that wants a reply, driven to closed, waits in the visit queue with the phone masked', async () => {
    const page = await as('hotline');
    caseId = await new HotlinePage(page).registerCall(server.url, {
      caller: '李先生',
      phone: '13955556666',
      description: '北马路人行道上有暴露垃圾，已经好几天了',
    });

    // The rest of the loop, through the API: verified, filed, dispatched, done, checked, closed.
    const detail = await api('inspector', 'GET', `/api/cases/${caseId}`);
    expect(detail).toMatchObject({ wantsReply: true, state: 'verifying' });
    code = detail.code;
    await act('inspector', caseId, { action: 'verify', confirmed: true });
    await act('shiftleader', caseId, { action: 'file' });
    const unit = (await api('dispatcher', 'GET', `/api/cases/${caseId}`)).suggestedUnits[0];
    await act('dispatcher', caseId, { action: 'dispatch', unitId: unit.id });
    const handlers = await api('admin', 'GET', '/api/users?role=handler&pageSize=200');
    handler = handlers.items.find((u: { departmentId: number }) => u.departmentId === unit.id).username;
    await workToClosed(caseId, handler);

    await page.getByTestId('nav-visits').click();
    await page.waitForURL(/\/visits/);
    const row = page.locator(`.visit-row-${caseId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('139****6666');
    expect(await row.innerText()).not.toContain('13955556666');
  });

  it('the hotline seat reveals the number (audited), records “dissatisfied”: the case is back with its unit', async () => {
    const page = await as('hotline');
    await page.goto(`${server.url}/visits`);
    await page.locator(`.visit-row-${caseId}`).click();
    const form = page.getByTestId('visit-form');
    await form.waitFor();
    expect(await page.getByTestId('visit-phone').innerText()).toBe('139****6666');
    await page.getByTestId('visit-reveal').click();
    await expect.poll(() => page.getByTestId('visit-phone').innerText()).toBe('13955556666');
    await page.getByTestId('visit-reached-yes').click();
    await page.getByTestId('visit-dissatisfied').click();
    await page.getByTestId('visit-comment').fill('垃圾清走两天又堆起来了，希望彻底处理');
    await shot(page, 'visits-queue');
    await page.getByTestId('visit-submit').click();
    await page.locator(`.visit-row-${caseId}`).waitFor({ state: 'detached' });

    const audit = await api('admin', 'GET', '/api/audit?pageSize=20');
    expect(
      audit.items.find((e: { action: string; entityId: string }) => e.action === 'reveal_phone'),
    ).toMatchObject({ username: 'hotline', entityId: String(caseId) });
    const reopened = await api('hotline', 'GET', `/api/cases/${caseId}`);
    expect(reopened).toMatchObject({ state: 'dispatched', reworkCount: 1 });
    const inbox = await api(handler, 'GET', '/api/cases?queue=inbox&limit=200');
    expect(inbox.items.map((c: { id: number }) => c.id)).toContain(caseId);
  });

  it('after the rework the caller is visited again from the case page and is satisfied; the evaluation shows the rates', async () => {
    await workToClosed(caseId, handler);
    const page = await as('hotline');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('action-return_visit').click();
    await page.waitForURL(new RegExp(`/visits\\?case=${caseId}`));
    await page.getByTestId('visit-form').waitFor();
    expect(await page.getByTestId('visit-form').innerText()).toContain(code);
    await page.getByTestId('visit-satisfied').click();
    await page.getByTestId('visit-submit').click();
    await page.getByText('已回访').click();
    await page.getByTestId(`visit-result-${caseId}`).first().waitFor();
    expect(await page.getByTestId(`visit-result-${caseId}`).first().innerText()).toBe('满意');
    await shot(page, 'visits-done');

    // Two visits of this unit's work, one satisfied: return-visit rate 100 %, satisfaction 50 %.
    const leader = await as('leader');
    await leader.goto(`${server.url}/evaluation?subject=units`);
    const unitRow = leader
      .locator('.el-table__body .el-table__row')
      .filter({ hasText: '芝罘区环卫处' })
      .first();
    await unitRow.getByTestId('cell-visited').first().waitFor();
    expect(await unitRow.getByTestId('cell-visitsDue').first().innerText()).toBe('2');
    expect(await unitRow.getByTestId('cell-visited').first().innerText()).toBe('2');
    const headers = (await leader.locator('.evaluation-table thead th').allInnerTexts()).map((h) => h.trim());
    const rate = (name: string) => unitRow.locator('td').nth(headers.indexOf(name)).innerText();
    expect(await rate('回访率')).toBe('100.0%');
    expect(await rate('满意率')).toBe('50.0%');
    // The visit columns are at the right end of the wide table: show them in the screenshot.
    await leader
      .locator('.evaluation-table .el-scrollbar__wrap')
      .first()
      .evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await shot(leader, 'visits-evaluation-units');
  });
});
