import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { photo } from './casePages.js';
import { switchLanguage } from './pages.js';

// Inside 凤凰台街道 (芝罘区, street 370602001), the demo inspector's street.
const SITE = { longitude: 121.4002, latitude: 37.5401 };
const STREET = '370602001';

describe('the assessment in the browser: a finding on the phone → the street’s month → fixed and re-inspected → the bulletin', () => {
  let server: E2EServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let month = '';
  let findingId = 0;
  let caseId = 0;
  const cookies = new Map<string, string>();

  async function as(user: string, mobile = false): Promise<Page> {
    const context = await browser.newContext(
      mobile
        ? {
            viewport: { width: 390, height: 844 },
            isMobile: true,
            hasTouch: true,
            locale: 'zh-CN',
            geolocation: SITE,
            permissions: ['geolocation'],
          }
        : { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' },
    );
    contexts.push(context);
    const page = await context.newPage();
    await login(page, server.url, user);
    return page;
  }

  /** The HTTP API as a user, for the steps of the case loop between the assessment's. */
  async function api(user: string, method: 'GET' | 'POST', url: string, payload?: object) {
    if (!cookies.has(user)) {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user, password: 'cityloop' },
      });
      cookies.set(user, `cl_session=${res.cookies.find((c) => c.name === 'cl_session')!.value}`);
    }
    const res = await server.app.inject({
      method,
      url,
      headers: { cookie: cookies.get(user)! },
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, `${method} ${url} as ${user}: ${res.body}`).toBeLessThan(300);
    return res.json<Record<string, unknown>>();
  }

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));
  beforeAll(() => {
    month = server.app.services.assessment.monthOf(new Date());
  });

  it('an inspector records a finding on the phone: the checklist of the place, photo, severity', async () => {
    const phone = await as('inspector', true);
    await phone.goto(`${server.url}/m/`);
    await phone.getByTestId('tab-assess').click();
    await phone.getByTestId('assess-tasks').filter({ hasText: '巡查组' }).waitFor();
    await phone.getByTestId('kind-road').click();
    await phone.getByTestId('place-name').fill('南大街与胜利路交叉口');
    await phone.getByTestId('aspect-K02.01').click();
    await phone.getByTestId('severity-serious').click();
    expect(await phone.getByTestId('preview').innerText()).toBe('−4');
    await phone.getByTestId('assess-note').fill('人行道旁大片油污未清理');
    await phone.getByTestId('assess-photo-input').setInputFiles(photo('finding.png', 20));
    await phone.getByTestId('assess-photo-item').waitFor();
    await phone.getByTestId('assess-pos').filter({ hasText: '121.40020' }).waitFor();
    await shot(phone, 'assessment-phone-zh');
    await phone.getByTestId('assess-submit').click();
    await phone.getByTestId('toast').filter({ hasText: '扣 4 分' }).waitFor();

    const mine = (await api('inspector', 'GET', `/api/assessment/findings?mine=true&month=${month}`)) as {
      items: { id: number; caseId: number; streetCode: string; photoId: string | null }[];
    };
    expect(mine.items).toHaveLength(1);
    findingId = mine.items[0]!.id;
    caseId = mine.items[0]!.caseId;
    expect(mine.items[0]).toMatchObject({ streetCode: STREET });
    expect(mine.items[0]!.photoId).toBeTruthy();
  });

  it('the deduction shows in the street’s month, with the finding behind it', async () => {
    const page = await as('leader');
    await page.goto(`${server.url}/assessment?month=${month}&level=street`);
    const row = page.getByTestId(`row-${STREET}`);
    await row.waitFor();
    await row.click();
    const drill = page.getByTestId('drill');
    await drill.getByText('K02.01').waitFor();
    expect(await drill.innerText()).toContain('−3.2');
    await shot(page, 'assessment-ranking-zh');
    await page.keyboard.press('Escape');
    await drill.waitFor({ state: 'hidden' });
    await switchLanguage(page, 'en');
    await row.click();
    await page.getByTestId('drill').getByText('Road surface cleaning').waitFor();
    await shot(page, 'assessment-ranking-en');
  });

  it('the case is fixed through the loop and the supervisor re-inspects the fix', async () => {
    const c = (await api('operator', 'GET', `/api/cases/${caseId}`)) as { state: string; unitId?: number };
    expect(c.state).not.toBe('closed');
    // The unit the loop suggests fixes it; the loop's own steps as each role takes them.
    let state = c.state;
    for (let i = 0; i < 10 && state !== 'closed'; i++) {
      if (state === 'reported')
        await api('operator', 'POST', `/api/cases/${caseId}/actions`, { action: 'accept' });
      else if (state === 'accepted')
        await api('shiftleader', 'POST', `/api/cases/${caseId}/actions`, { action: 'file' });
      else if (state === 'filed') {
        const row = (await server.app.services.cases.byId(server.app.platform.db, caseId))!;
        const unitId = (await server.app.services.cases.suggestUnits(row))[0]!.id;
        await api('dispatcher', 'POST', `/api/cases/${caseId}/actions`, { action: 'dispatch', unitId });
      } else if (state === 'dispatched' || state === 'handling') {
        const row = (await server.app.services.cases.byId(server.app.platform.db, caseId))!;
        const r = await server.app.platform.db.query<{ username: string }>(
          `select username from users where department_id = $1 and 'handler' = any(roles) order by id limit 1`,
          [row.unit_id],
        );
        const handler = r.rows[0]!.username;
        const img = await server.app.services.attachments.upload(
          photo('fixed.png', 120).buffer,
          'image/png',
          null,
        );
        await api(handler, 'POST', `/api/cases/${caseId}/actions`, {
          action: 'report_done',
          photos: [img.id],
        });
      } else if (state === 'handled')
        await api('operator', 'POST', `/api/cases/${caseId}/actions`, { action: 'to_check' });
      else if (state === 'checking')
        await api('inspector', 'POST', `/api/cases/${caseId}/actions`, { action: 'check', passed: true });
      else if (state === 'checked_ok')
        await api('shiftleader', 'POST', `/api/cases/${caseId}/actions`, { action: 'close' });
      state = ((await api('operator', 'GET', `/api/cases/${caseId}`)) as { state: string }).state;
    }
    expect(state).toBe('closed');

    const page = await as('supervisor');
    await page.goto(`${server.url}/assessment/findings`);
    const pass = page.getByTestId('reinspect-pass');
    await pass.first().waitFor();
    await pass.first().click();
    await page.getByTestId('findings').getByText('复查通过').waitFor();
    const f = (await api('leader', 'GET', `/api/assessment/findings/${findingId}`)) as {
      reinspection: string;
    };
    expect(f.reinspection).toBe('passed');
  });

  it('the bulletin ranks the street with the finding, and its PDF opens', async () => {
    const page = await as('leader');
    await page.goto(`${server.url}/assessment/bulletin?month=${month}&level=street`);
    const row = page.getByTestId(`bulletin-row-${STREET}`);
    await row.waitFor();
    const rows = page.locator('[data-testid^=bulletin-row-]');
    // The only street with a deduction ranks last
    expect(await rows.last().getAttribute('data-testid')).toBe(`bulletin-row-${STREET}`);
    await page.getByTestId('bulletin-worst').getByText('道路路面保洁').waitFor();
    await page.waitForFunction(() =>
      Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0),
    );
    await shot(page, 'assessment-bulletin-zh');
    // The PDF is printed by the server, with the worst finding's photo inside it.
    const href = await page.getByTestId('bulletin-pdf').getAttribute('href');
    expect(href).toBe(`/api/assessment/bulletin.pdf?month=${month}&level=street&lang=zh`);
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // A whole document: its pages and the end-of-file marker
    expect(pdf.toString('latin1')).toMatch(/\/Type\s*\/Page[^s]/);
    expect(pdf.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
    expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
    await switchLanguage(page, 'en');
    await page.getByTestId('bulletin-worst').getByText('Road surface cleaning').waitFor();
    await shot(page, 'assessment-bulletin-en');
  });

  it('the quarter’s roll-up ranks the street with its finding, with the month behind it', async () => {
    const page = await as('leader');
    await page.goto(`${server.url}/assessment?month=${month}&level=street`);
    await page.getByTestId('open-rollup').click();
    const row = page.getByTestId(`rollup-row-${STREET}`);
    await row.waitFor();
    const quarter = `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
    await page.waitForURL((u) => u.searchParams.get('period') === quarter);
    const rows = page.locator(
      '[data-testid=rollup-table] .el-table__body-wrapper [data-testid^=rollup-row-]',
    );
    expect(await rows.last().getAttribute('data-testid')).toBe(`rollup-row-${STREET}`);
    await page.getByTestId('rollup-status').getByText('尚有月份未关账').waitFor();
    await shot(page, 'assessment-rollup-zh');
    const pdf = await page.request.get(
      `${server.url}${await page.getByTestId('rollup-pdf').getAttribute('href')}`,
    );
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await switchLanguage(page, 'en');
    await page.getByTestId('rollup-status').getByText('some months still open').waitFor();
    await shot(page, 'assessment-rollup-en');
  });
});
