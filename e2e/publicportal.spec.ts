import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { makePng, photo } from './casePages.js';
import { switchLanguage } from './pages.js';

// A point inside a unit grid of the small demo city (the centre of the old town).
const HERE = { longitude: 121.4, latitude: 37.54 };

let server: E2EServer;
let browser: Browser;
const cookies = new Map<string, string>();
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

const settle = (page: Page) => page.waitForTimeout(400);

/** The HTTP API as a member of staff (the steps the bureau takes while the resident waits). */
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
async function api(
  username: string,
  method: 'GET' | 'POST',
  url: string,
  payload?: object | Buffer,
  headers = {},
) {
  const res = await server.app.inject({
    method,
    url,
    headers: { cookie: await cookieOf(username), ...headers },
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, `${method} ${url} as ${username}: ${res.body}`).toBeLessThan(300);
  return res.json();
}
const act = (username: string, id: number, body: object) =>
  api(username, 'POST', `/api/cases/${id}/actions`, body);
const one = async <T>(sql: string, params: unknown[]) =>
  (await server.app.platform.db.query<T>(sql, params)).rows[0]!;

async function fixPhoto(username: string): Promise<string> {
  const boundary = '----cityloop';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="fix.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    makePng(64, 48, 90),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const a = (await api(username, 'POST', '/api/attachments', body, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  })) as { id: string };
  return a.id;
}

/** The bureau's work on a portal report, through the API: verified, filed, dispatched, fixed, checked, closed. */
async function handleAndClose(trackingCode: string): Promise<number> {
  const { case_id } = await one<{ case_id: string }>(
    `select case_id::text from public_reports where tracking_code = $1`,
    [trackingCode],
  );
  const id = Number(case_id);
  const c = (await api('operator', 'GET', `/api/cases/${id}`)) as { state: string; streetCode: string };
  const inspector = await one<{ id: number; username: string }>(
    `select id, username from users where 'inspector' = any(roles) and jurisdiction_code = $1 order by id limit 1`,
    [c.streetCode],
  );
  if (c.state === 'reported') await act('operator', id, { action: 'send_verify', inspectorId: inspector.id });
  await act(inspector.username, id, { action: 'verify', confirmed: true });
  await act('shiftleader', id, { action: 'file' });
  const detail = (await api('dispatcher', 'GET', `/api/cases/${id}`)) as { suggestedUnits: { id: number }[] };
  const unitId = detail.suggestedUnits[0]!.id;
  await act('dispatcher', id, { action: 'dispatch', unitId, comment: '内部：请王队长带班处理' });
  const handler = await one<{ username: string }>(
    `select username from users where department_id = $1 and 'handler' = any(roles) order by id limit 1`,
    [unitId],
  );
  await act(handler.username, id, { action: 'report_done', photos: [await fixPhoto(handler.username)] });
  await act('operator', id, { action: 'to_check' });
  await act(inspector.username, id, { action: 'check', passed: true });
  await act('shiftleader', id, { action: 'close', comment: '垃圾已清运，现场已冲洗' });
  return id;
}

describe('public portal (no account)', () => {
  it('an anonymous resident reports on a phone, tracks the case to its close, rates it dissatisfied, and the visit desk reopens it as rework', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      geolocation: HERE,
      permissions: ['geolocation'],
    });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/public`);
    await page.getByTestId('public-report').waitFor();
    await page.locator('[data-testid="pin-map"] .leaflet-cl-labels-pane .leaflet-tooltip').first().waitFor();
    await settle(page);
    await shot(page, 'public-phone-report-empty');

    await page.getByTestId('portal-locate').click();
    await page.locator('[data-testid="portal-grid"][data-state="ok"]').waitFor();
    expect(await page.getByTestId('portal-grid').innerText()).toMatch(/370602\d{9}/);
    await page.getByTestId('portal-group-rubbish').click();
    await page.getByTestId('portal-category-event-0102').click();
    await page.getByTestId('portal-category-picked').waitFor();
    await page.getByTestId('public-description').fill('巷口垃圾桶满溢，垃圾散落一地');
    await page.getByTestId('public-photos-input').setInputFiles(photo('rubbish.png', 40));
    await page.getByTestId('public-photo').waitFor();
    await shot(page, 'public-phone-report-filled');
    await page.getByTestId('public-submit').click();
    await page.getByTestId('public-done').waitFor();
    const code = (await page.getByTestId('public-tracking-code').innerText()).trim();
    expect(code).toMatch(/^YT-\d{4}-\d{6}$/);
    await shot(page, 'public-phone-report-done');

    // An anonymous report: source web, no reporter, the photo kept; it waits for verification.
    const saved = await one<{
      source: string;
      reporter_id: number | null;
      reporter_phone: string | null;
      n: number;
    }>(
      `select c.source, c.reporter_id, c.reporter_phone, (select count(*)::int from case_photos p where p.case_id = c.id) as n
       from cases c join public_reports r on r.case_id = c.id where r.tracking_code = $1`,
      [code],
    );
    expect(saved).toEqual({ source: 'web', reporter_id: null, reporter_phone: null, n: 1 });

    const id = await handleAndClose(code);

    await page.getByTestId('public-follow').click();
    const view = page.getByTestId('public-view');
    await view.waitFor();
    expect(await view.getAttribute('data-state')).toBe('closed');
    const timeline = await page.getByTestId('public-timeline').innerText();
    expect(timeline).toContain('结案');
    expect(timeline).toContain('垃圾已清运，现场已冲洗');
    // Never internal notes or staff names.
    expect(await view.innerText()).not.toContain('王队长');
    await settle(page);
    await shot(page, 'public-phone-track-closed');

    await page.getByTestId('rate-dissatisfied').click();
    await page.getByTestId('rate-comment').fill('第二天又满了，希望增加清运次数');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('public-rated').waitFor();
    expect(await page.getByTestId('public-rated').innerText()).toContain('不满意');
    await settle(page);
    await shot(page, 'public-phone-rated');
    await switchLanguage(page, 'en');
    expect(await page.getByTestId('public-rated').innerText()).toContain('Dissatisfied');
    await shot(page, 'public-phone-rated-en');
    await ctx.close();

    // The visit desk decides: rework.
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const seat = await desk.newPage();
    await login(seat, server.url, 'hotline');
    await seat.goto(`${server.url}/visits/online`);
    const row = seat.getByTestId(`decide-${code}`);
    await row.waitFor();
    await shot(seat, 'visits-online-review');
    await row.getByTestId('decide-reason').fill('市民反映清运不及时，返工并增加频次');
    await row.getByTestId('decide-reopen').click();
    await row.waitFor({ state: 'detached' });
    const after = (await api('hotline', 'GET', `/api/cases/${id}`)) as { state: string; reworkCount: number };
    expect(after).toMatchObject({ state: 'dispatched', reworkCount: 1 });
    await desk.close();
  });

  it('the public pages read well on a desktop in both languages, with the open figures', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/public`);
    await page.getByTestId('public-report').waitFor();
    await page.locator('[data-testid="pin-map"] .leaflet-cl-labels-pane .leaflet-tooltip').first().waitFor();
    await settle(page);
    await shot(page, 'public-desktop-report');
    await page.getByTestId('public-tab-figures').click();
    await page.getByTestId('public-figures-table').waitFor();
    expect(await page.getByTestId('public-figures-table').innerText()).toContain('芝罘区');
    await shot(page, 'public-desktop-figures');
    await switchLanguage(page, 'en');
    await shot(page, 'public-desktop-figures-en');
    await page.getByTestId('public-tab-report').click();
    await page.getByTestId('public-report').waitFor();
    await settle(page);
    await shot(page, 'public-desktop-report-en');
    await ctx.close();
  });
});
