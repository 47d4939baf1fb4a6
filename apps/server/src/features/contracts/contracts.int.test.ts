import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract, ContractAssessment, ContractList } from '@cityloop/domain/api';
import { fixedClock } from '../../clock.js';
import { userActor } from '../../actor.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { userNamed } from '../../testing/factories.js';

// A Friday afternoon in the city; the case below was reported and dispatched ten days before.
const NOW = '2026-11-20T16:00:00+08:00';
const MONTH = '2026-11';
const DISPATCHED = new Date('2026-11-10T09:00:00+08:00');

let t: TestApp;
const cookie: Record<string, string> = {};
let zhifu: Contract;
let laishan: Contract;
let caseId = 0;

const get = (url: string, who: string) => t.app.inject({ url, headers: { cookie: cookie[who]! } });
const post = (url: string, who: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: cookie[who]! }, payload });

beforeAll(async () => {
  t = await makeTestApp({}, { clock: fixedClock(NOW) });
  for (const u of ['admin', 'supervisor', 'contractor', 'contractor.laishan', 'dispatcher'])
    cookie[u] = await t.login(u);
  const all = (await get('/api/contracts', 'admin')).json<ContractList>().items;
  zhifu = all.find((c) => c.code === 'HT-2026-QS01')!;
  laishan = all.find((c) => c.code === 'HT-2026-QS02')!;
});
afterAll(async () => {
  await t?.close();
});

describe('market-run contracts and the contractors’ monthly assessment', () => {
  it('GET /api/contracts lists the demo’s contracts with their sections, value and rules', async () => {
    const res = await get('/api/contracts', 'supervisor');
    expect(res.statusCode).toBe(200);
    const items = res.json<ContractList>().items;
    expect(items.map((c) => c.service)).toContain('street_cleaning');
    expect(zhifu).toMatchObject({
      service: 'street_cleaning',
      status: 'active',
      contractor: '烟台洁城环境服务有限公司',
    });
    expect(zhifu.sections.length).toBeGreaterThan(0);
    expect(zhifu.sections[0]!.kind).toBe('road');
    expect(zhifu.rules.capYuan).toBeGreaterThan(0);
    expect(zhifu.monthlyYuan).toBe(2_400_000);
  });

  it('a contractor sees its own contracts only, and another contractor’s answers 403', async () => {
    const mine = (await get('/api/contracts', 'contractor')).json<ContractList>().items;
    expect(mine.map((c) => c.code)).toEqual(['HT-2026-QS01']);
    expect((await get(`/api/contracts/${laishan.id}`, 'contractor')).statusCode).toBe(403);
    const other = await get(`/api/contracts/${laishan.id}/assessment?month=${MONTH}`, 'contractor');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'auth.out_of_jurisdiction' } });
  });

  it('a dirty road reported in a contracted section goes to its contractor', async () => {
    const [lon, lat] = zhifu.sections[0]!.lines[0]![1]!;
    const operator = await userNamed(t, 'operator');
    const { case: c } = await t.app.services.cases.report(
      { kind: 'event', category: '0104', lon, lat, description: '路面油污一片', source: 'leader' },
      userActor(operator),
      { now: DISPATCHED },
    );
    caseId = c.id;
    const [first] = await t.app.services.cases.suggestUnits(c);
    expect(first!.id).toBe(zhifu.departmentId);
    const step = async (who: string, body: Parameters<typeof t.app.services.cases.act>[1], min: number) =>
      t.app.services.cases.act(c.id, body, userActor(await userNamed(t, who)), {
        now: new Date(DISPATCHED.getTime() + min * 60_000),
      });
    await step('operator', { action: 'accept' }, 1);
    await step('shiftleader', { action: 'file' }, 2);
    await step('dispatcher', { action: 'dispatch', unitId: first!.id }, 3);
    const inbox = await get('/api/cases?queue=inbox', 'contractor');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json<{ items: Array<{ id: number }> }>().items.map((x) => x.id)).toContain(c.id);
  });

  it('the month is scored from the cases in its sections, with the cases as evidence, and audited', async () => {
    const res = await get(`/api/contracts/${zhifu.id}/assessment?month=${MONTH}`, 'contractor');
    expect(res.statusCode).toBe(200);
    const a = res.json<ContractAssessment>();
    expect(a.figures.overdue).toBe(1);
    expect(a.score).toBeLessThan(90);
    expect(a.deductionYuan).toBeGreaterThan(0);
    expect(a.deductionYuan).toBeLessThanOrEqual(a.capYuan);
    expect(a.evidence).toContainEqual(expect.objectContaining({ id: caseId, reason: 'overdue' }));
    const logged = await t.app.platform.db.query<{ after: { evidence: Array<{ reason: string }> } }>(
      `select after from audit_log where entity = 'contract_assessment' and action = 'contract.score' and entity_id = $1`,
      [`${zhifu.id}/${MONTH}`],
    );
    expect(logged.rows).toHaveLength(1);
    expect(logged.rows[0]!.after.evidence).toEqual([expect.objectContaining({ reason: 'overdue' })]);
    // Read again unchanged: no second audit row.
    await get(`/api/contracts/${zhifu.id}/assessment?month=${MONTH}`, 'supervisor');
    const again = await t.app.platform.db.query(
      `select 1 from audit_log where action = 'contract.score' and entity_id = $1`,
      [`${zhifu.id}/${MONTH}`],
    );
    expect(again.rows).toHaveLength(1);
  });

  it('a dispute goes to the bureau; an upheld score of 0 still costs no more than the cap', async () => {
    const url = `/api/contracts/${zhifu.id}/assessment`;
    expect(
      (await post(`${url}/dispute`, 'contractor.laishan', { month: MONTH, reason: '不是我们的' })).statusCode,
    ).toBe(403);
    const disputed = await post(`${url}/dispute`, 'contractor', {
      month: MONTH,
      reason: '该路段当日封闭施工',
    });
    expect(disputed.statusCode).toBe(200);
    expect(disputed.json()).toMatchObject({ status: 'disputed' });
    expect(
      (
        await post(`${url}/decision`, 'contractor', {
          month: MONTH,
          upheld: true,
          note: '自己裁定',
          score: 100,
        })
      ).statusCode,
    ).toBe(403);
    const decided = await post(`${url}/decision`, 'supervisor', {
      month: MONTH,
      upheld: true,
      note: '复核后重新评分',
      score: 0,
    });
    expect(decided.statusCode).toBe(200);
    const a = decided.json<ContractAssessment>();
    expect(a).toMatchObject({ status: 'upheld', score: 0, capped: true });
    expect(a.deductionYuan).toBe(zhifu.rules.capYuan);
    const again = await post(`${url}/decision`, 'supervisor', { month: MONTH, upheld: false, note: '再次' });
    expect(again.statusCode).toBe(409);
    const actions = await t.app.platform.db.query<{ action: string }>(
      `select action from audit_log where entity = 'contract_assessment' and entity_id = $1 order by id`,
      [`${zhifu.id}/${MONTH}`],
    );
    expect(actions.rows.map((r) => r.action)).toEqual([
      'contract.score',
      'contract.dispute',
      'contract.dispute_decision',
    ]);
  });

  it('the database refuses a deduction above the cap', async () => {
    await expect(
      t.app.platform.db.query(
        `update contract_assessments set deduction_yuan = cap_yuan + 1 where contract_id = $1`,
        [zhifu.id],
      ),
    ).rejects.toThrow();
  });
});
