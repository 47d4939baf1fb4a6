import path from 'node:path';
import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CampaignDetail, CommitteeMemberList } from '@cityloop/domain/api/committee';
import { ZoneClock } from '@cityloop/domain/calendar/zone';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { MapPage, switchLanguage } from './pages.js';

/**
 * The committee's journey: the supervisor starts a campaign with three members (the bureau's
 * enforcement team, the traffic police and the district's public-security bureau), the enforcement
 * team reports its work with a photo and a place on the map, a problem found becomes a case for
 * the public-security bureau (not a bureau unit), and the weekly bulletin shows each member's
 * progress and who is late.
 */
describe('committee: a campaign of three members → reports with photos → a case for a member → the bulletin', () => {
  let server: E2EServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  async function as(username: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
    const page = await context.newPage();
    await login(page, server.url, username);
    return page;
  }
  const option = (page: Page, text: string) =>
    page.locator('.el-select-dropdown__item:visible', { hasText: text }).first();
  async function choose(page: Page, select: Locator, text: string) {
    await select.click();
    // The lists are long: filter them down to the one option first.
    await page.keyboard.type(text);
    await option(page, text).click();
  }
  /** The text field of an Element Plus input, whichever element its test id landed on. */
  const inputOf = async (l: Locator): Promise<Locator> =>
    ['INPUT', 'TEXTAREA'].includes(await l.evaluate((e) => e.tagName)) ? l : l.locator('input, textarea');
  /** Clicks the campaign map at a point inside the small demo city (near its centre). */
  async function clickMap(page: Page, lon = 121.4, lat = 37.54) {
    const map = new MapPage(page);
    await map.ready();
    await map.centreOn(lon, lat, 16);
    await map.clickAt(lon, lat);
  }

  it('runs the whole campaign loop in the browser', async () => {
    const zone = new ZoneClock(server.app.platform.config.timeZone);
    const yesterday = zone.dateKeyOf(Date.now() - 86_400_000);

    // The supervisor sees the 16 campaigns and starts a new one with three members.
    const sup = await as('supervisor');
    await sup.goto(`${server.url}/committee`);
    await expect.poll(() => sup.locator('[data-testid="campaign-table"] tbody tr').count()).toBe(16);
    await shot(sup, 'committee-list-zh');
    await sup.getByTestId('campaign-new').click();
    await (await inputOf(sup.getByTestId('campaign-theme'))).fill('火车站周边秩序整治');
    await (await inputOf(sup.getByTestId('campaign-target-label'))).fill('问题点位整治');
    await (await inputOf(sup.getByTestId('campaign-target-unit'))).fill('处');
    await choose(sup, sup.getByTestId('campaign-lead'), '芝罘区城管执法大队');
    await choose(sup, sup.getByTestId('campaign-members'), '市公安局交警支队');
    // The select keeps its keyword after a pick: replace it.
    await sup.keyboard.press('Control+A');
    await sup.keyboard.type('芝罘公安分局');
    await option(sup, '芝罘公安分局').click();
    await sup.getByTestId('campaign-theme').click();
    await expect.poll(() => sup.getByTestId('campaign-task-row').count()).toBe(3);
    const targets = sup.getByTestId('task-target');
    for (const [i, n] of [20, 10, 5].entries()) {
      const input = await inputOf(targets.nth(i));
      await input.fill(String(n));
      await input.press('Tab');
    }
    // The traffic police's task was due yesterday: it will be late.
    const deadline = sup.getByTestId('campaign-task-row').nth(1).locator('.el-date-editor input');
    await deadline.fill(yesterday);
    await deadline.press('Enter');
    await sup.getByTestId('dialog-save').click();
    await sup.getByTestId('campaign-page').waitFor();
    await expect.poll(() => sup.locator('[data-testid="task-table"] tbody tr').count()).toBe(3);
    const campaignUrl = sup.url();
    const id = Number(campaignUrl.split('/').pop());
    expect(id).toBeGreaterThan(16);

    // The enforcement team reports its work with a photo and the place on the map.
    const team = await as('enforcement.zhifu');
    await team.goto(campaignUrl);
    await team.getByTestId('campaign-page').waitFor();
    expect(await team.getByTestId('task-report').count()).toBe(1);
    await clickMap(team);
    await team.getByTestId('task-report').click();
    await (await inputOf(team.getByTestId('report-count'))).fill('12');
    await (await inputOf(team.getByTestId('report-place'))).fill('火车站广场');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'committee-'));
    const file = path.join(dir, 'stalls.png');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 30, g: 120, b: 200 } } })
      .png()
      .toFile(file);
    await team.getByTestId('task-photos-input').setInputFiles(file);
    await team.getByTestId('uploaded-photo').waitFor();
    await team.getByTestId('picked-point').waitFor();
    await team.getByTestId('dialog-save').click();
    await team.locator('[data-testid="campaign-map"][data-reports="1"]').waitFor();
    await team.getByRole('tab', { name: /进度上报/ }).click();
    await team.getByTestId('report-photo').first().waitFor();
    // The water company is on the committee, not in this campaign: no way in.
    const water = await as('water.handler');
    const refused = await water.request.get(`${server.url}/api/campaigns/${id}`);
    expect(refused.status()).toBe(403);

    // The supervisor files a problem for the district's public-security bureau.
    await sup.reload();
    await sup.getByTestId('campaign-page').waitFor();
    await clickMap(sup, 121.401, 37.5405);
    await sup.getByTestId('problem-new').click();
    await choose(sup, sup.getByTestId('problem-member'), '芝罘公安分局');
    await (await inputOf(sup.getByTestId('problem-description'))).fill('广场东侧流浪犬聚集');
    await sup.getByTestId('dialog-save').click();
    await sup
      .locator('[data-testid="campaign-map"][data-problems="1"]')
      .waitFor({ timeout: 15_000 })
      .catch(async (err: unknown) => {
        await shot(sup, 'committee-problem-failed');
        throw err;
      });
    const cookie = (await sup.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const detail = (
      await server.app.inject({ url: `/api/campaigns/${id}`, headers: { cookie } })
    ).json<CampaignDetail>();
    const members = (
      await server.app.inject({ url: '/api/committee/members', headers: { cookie } })
    ).json<CommitteeMemberList>().items;
    const police = members.find((m) => m.code === 'zhifu-police')!;
    expect(police.kind).toBe('department');
    expect(detail.problems[0]).toMatchObject({ memberId: police.id });
    expect(detail.problems[0]!.caseCode).toMatch(/\d/);
    await sup.getByRole('tab', { name: /发现问题/ }).click();
    await expect
      .poll(() => sup.getByTestId('problem-table').innerText())
      .toContain(detail.problems[0]!.caseCode);

    // The weekly bulletin: the enforcement team's 12 of 20, the traffic police late.
    await sup.getByRole('tab', { name: /周通报/ }).click();
    const bulletin = sup.getByTestId('bulletin-table');
    await expect.poll(() => bulletin.innerText()).toContain('芝罘区城管执法大队');
    expect(await sup.getByTestId('bulletin-late').count()).toBe(1);
    const text = await bulletin.innerText();
    expect(text).toContain('60%');
    expect(text).toContain('市公安局交警支队');
    await shot(sup, 'committee-campaign-zh');

    // The same in English.
    await switchLanguage(sup, 'en');
    await expect.poll(() => bulletin.innerText()).toContain('On time');
    await shot(sup, 'committee-campaign-en');
    await sup.getByText('Back to the list').click();
    await expect
      .poll(() => sup.locator('[data-testid="campaign-table"] tbody tr').count(), { timeout: 20_000 })
      .toBe(17);
    await shot(sup, 'committee-list-en');
  });
});
