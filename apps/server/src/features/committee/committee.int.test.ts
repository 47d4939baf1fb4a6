import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CampaignBulletin,
  CampaignDetail,
  CommitteeMemberList,
  SpecialCampaignList,
  TaskScoreHistory,
} from '@cityloop/domain/api';
import { fixedClock } from '../../clock.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
let members: CommitteeMemberList['items'] = [];
const CENTRE = { lon: 121.4, lat: 37.54 };

const req = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookie[who]! }, ...(payload ? { payload } : {}) });
const member = (code: string) => members.find((m) => m.code === code)!;

async function photo(who: string): Promise<string> {
  const png = await sharp({
    create: { width: 32, height: 24, channels: 3, background: { r: 9, g: 99, b: 9 } },
  })
    .png()
    .toBuffer();
  const boundary = '----cityloop';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/attachments',
    headers: { cookie: cookie[who]!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  // A Tuesday morning in December 2026: the demo's lateness is counted to this day.
  t = await makeTestApp({}, { clock: fixedClock('2026-12-08T10:00:00+08:00') });
  for (const u of [
    'leader',
    'supervisor',
    'dispatcher',
    'operator',
    'shiftleader',
    'citizen',
    'enforcement.zhifu',
    'traffic.handler',
    'water.handler',
  ])
    cookie[u] = await t.login(u);
  members = (await req('leader', 'GET', '/api/committee/members')).json<CommitteeMemberList>().items;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the urban-management committee', () => {
  it('has the pilot district’s 47 members, bureau units, other departments and streets, as handling units', async () => {
    expect(members).toHaveLength(47);
    const kinds = new Map<string, number>();
    for (const m of members) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ bureau: 4, utility: 6, department: 27, street: 10 });
    expect(member('zhifu-police').name).toBe('芝罘公安分局');
    expect(member('street-370602001').contactPhone).toMatch(/^0535-/);
    expect(new Set(members.map((m) => m.departmentId)).size).toBe(47);
    expect((await req('citizen', 'GET', '/api/committee/members')).statusCode).toBe(403);
  });

  it('lists the 16 campaigns with tasks and progress, and who is late', async () => {
    const { items } = (await req('leader', 'GET', '/api/campaigns')).json<SpecialCampaignList>();
    expect(items).toHaveLength(16);
    expect(items.map((c) => c.theme)).toEqual(
      expect.arrayContaining(['马路市场退路进厅', '僵尸车整治', '流浪犬整治', '老旧小区环境综合整治']),
    );
    for (const c of items) {
      expect(c.tasks.length).toBe(c.memberIds.length);
      expect(c.memberIds).toContain(c.leadMemberId);
      expect(c.tasks.reduce((s, x) => s + x.target, 0)).toBe(c.target);
    }
    const hills = items.find((c) => c.themeEn === 'Hillside litter')!;
    expect(hills.status).toBe('ended');
    expect(hills.lateTasks).toBeGreaterThan(0);
    expect(
      hills.tasks.filter((x) => x.late).every((x) => x.done < x.target && x.deadline < '2026-12-08'),
    ).toBe(true);
  });
});

describe('a campaign of three members', () => {
  let campaign: CampaignDetail;

  it('is created with tasks per member; a unit sees only campaigns it takes part in', async () => {
    const lead = member('enforcement-zhifu');
    const traffic = member('traffic');
    const police = member('zhifu-police');
    const res = await req('supervisor', 'POST', '/api/campaigns', {
      theme: '火车站周边秩序整治',
      themeEn: 'Railway station surroundings',
      leadMemberId: lead.id,
      memberIds: [traffic.id, police.id],
      areaCodes: ['370602001'],
      targetLabel: '问题点位整治',
      targetUnit: '处',
      startDate: '2026-12-01',
      endDate: '2026-12-31',
      tasks: [
        { memberId: lead.id, title: '占道经营清理', target: 20, deadline: '2026-12-20' },
        { memberId: traffic.id, title: '僵尸车拖移', target: 10, deadline: '2026-12-05' },
        { memberId: police.id, title: '流浪犬收容', target: 5, deadline: '2026-12-31' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    campaign = res.json<CampaignDetail>();
    expect(campaign.code).toMatch(/^ZX-2026-\d{3}$/);
    expect(campaign.memberIds.sort()).toEqual([lead.id, traffic.id, police.id].sort());
    expect(campaign.status).toBe('running');

    const mine = (await req('enforcement.zhifu', 'GET', '/api/campaigns')).json<SpecialCampaignList>().items;
    expect(mine.map((c) => c.id)).toContain(campaign.id);
    expect(mine.every((c) => c.memberIds.includes(lead.id))).toBe(true);
    // The water company is a member of the committee, not of this campaign.
    const water = (await req('water.handler', 'GET', '/api/campaigns')).json<SpecialCampaignList>().items;
    expect(water.map((c) => c.id)).not.toContain(campaign.id);
    expect((await req('water.handler', 'GET', `/api/campaigns/${campaign.id}`)).statusCode).toBe(403);
    expect((await req('water.handler', 'GET', `/api/campaigns/${campaign.id}/bulletin`)).statusCode).toBe(
      403,
    );
    const lateCreate = await req('operator', 'POST', '/api/campaigns', { theme: 'x' });
    expect(lateCreate.statusCode).toBe(403);
  });

  it('takes progress reports with photos from its members only', async () => {
    const task = (code: string) => campaign.tasks.find((x) => x.memberId === member(code).id)!;
    const url = (code: string) => `/api/campaigns/${campaign.id}/tasks/${task(code).id}/reports`;
    const p = await photo('enforcement.zhifu');
    const ok = await req('enforcement.zhifu', 'POST', url('enforcement-zhifu'), {
      count: 12,
      photos: [p],
      place: '火车站广场',
      ...CENTRE,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = ok.json<CampaignDetail>();
    expect(after.tasks.find((x) => x.id === task('enforcement-zhifu').id)!.done).toBe(12);
    expect(after.reports[0]).toMatchObject({ count: 12, photos: [p], place: '火车站广场' });
    // Another member's task, and a unit outside the campaign: refused.
    expect((await req('enforcement.zhifu', 'POST', url('traffic'), { count: 1 })).statusCode).toBe(403);
    expect((await req('water.handler', 'POST', url('traffic'), { count: 1 })).statusCode).toBe(403);
    const traffic = await req('traffic.handler', 'POST', url('traffic'), { count: 4 });
    expect(traffic.statusCode).toBe(200);
    expect(
      (await req('traffic.handler', 'POST', url('traffic'), { count: 1, photos: ['nope'] })).statusCode,
    ).toBe(400);
  });

  it('files a problem it found as a case dispatched at once to a non-bureau member', async () => {
    const police = member('zhifu-police');
    const res = await req('supervisor', 'POST', `/api/campaigns/${campaign.id}/problems`, {
      memberId: police.id,
      category: '0102',
      description: '广场东侧流浪犬聚集',
      ...CENTRE,
    });
    expect(res.statusCode, res.body).toBe(200);
    const problem = res.json<CampaignDetail>().problems[0]!;
    expect(problem.memberId).toBe(police.id);
    const caseId = problem.caseId;
    // The committee's desk accepted, filed and dispatched it: nobody at the desk had to.
    const c = (await req('dispatcher', 'GET', `/api/cases/${caseId}`)).json<{
      state: string;
      unitId: number;
    }>();
    expect([c.state, c.unitId]).toEqual(['dispatched', police.departmentId]);
    const steps = await t.app.platform.db.query<{ action: string; actor_system: string | null }>(
      `select action, actor_system from case_events where case_id = $1 order by id`,
      [caseId],
    );
    expect(steps.rows.map((r) => [r.action, r.actor_system])).toEqual([
      ['report', null],
      ['accept', 'system:committee'],
      ['file', 'system:committee'],
      ['dispatch', 'system:committee'],
    ]);
    expect(
      (await req('enforcement.zhifu', 'POST', `/api/campaigns/${campaign.id}/problems`, {})).statusCode,
    ).toBe(403);
  });

  it('scores a member only with evidence, and audits every change', async () => {
    const task = campaign.tasks.find((x) => x.memberId === member('traffic').id)!;
    const url = `/api/campaigns/${campaign.id}/tasks/${task.id}/score`;
    expect((await req('supervisor', 'PUT', url, { score: 80, evidence: '' })).statusCode).toBe(400);
    expect((await req('supervisor', 'PUT', url, { score: 80, evidence: '   ' })).statusCode).toBe(400);
    expect((await req('traffic.handler', 'PUT', url, { score: 100, evidence: '自评' })).statusCode).toBe(403);
    expect(
      (await req('supervisor', 'PUT', url, { score: 70, evidence: '逾期未完成：4/10' })).statusCode,
    ).toBe(200);
    const h = await req('leader', 'PUT', url, { score: 75, evidence: '复核后补报 1 辆' });
    const { items } = h.json<TaskScoreHistory>();
    expect(items.map((x) => [x.scoreBefore, x.scoreAfter, x.evidence])).toEqual([
      [null, 70, '逾期未完成：4/10'],
      [70, 75, '复核后补报 1 辆'],
    ]);
    const audit = await t.app.platform.db.query<{ username: string; after: string }>(
      `select username, after::text as after from audit_log where entity = 'campaign_task' and entity_id = $1 order by id`,
      [String(task.id)],
    );
    expect(audit.rows.map((r) => r.username)).toEqual(['supervisor', 'leader']);
    expect(audit.rows[1]!.after).toContain('复核后补报');
  });

  it('publishes a weekly bulletin with progress and lateness per member', async () => {
    const res = await req('leader', 'GET', `/api/campaigns/${campaign.id}/bulletin`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json<CampaignBulletin>();
    expect([b.weekStart, b.weekEnd]).toEqual(['2026-12-07', '2026-12-13']);
    const row = (code: string) => b.rows.find((r) => r.memberId === member(code).id)!;
    expect(row('traffic')).toMatchObject({ target: 10, done: 4, doneThisWeek: 4, lateTasks: 1, score: 75 });
    expect(row('enforcement-zhifu')).toMatchObject({ done: 12, progressPct: 60, lateTasks: 0 });
    expect(row('zhifu-police')).toMatchObject({ done: 0, lateTasks: 0 });
    // The late member comes first.
    expect(b.rows[0]!.memberId).toBe(member('traffic').id);
    const before = (
      await req('leader', 'GET', `/api/campaigns/${campaign.id}/bulletin?week=2026-11-30`)
    ).json<CampaignBulletin>();
    expect(before.rows.every((r) => r.done === 0)).toBe(true);
    // Traffic's deadline (Saturday 5th) passed within that week.
    expect(before.rows.filter((r) => r.lateTasks > 0).map((r) => r.memberId)).toEqual([member('traffic').id]);
  });
});
