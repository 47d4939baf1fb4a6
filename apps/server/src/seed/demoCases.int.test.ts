import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../testing/testApp.js';
import { fixedClock } from '../clock.js';
import { seedDemoCases, startDemoCases } from './demoCases.js';

let t: TestApp;
const count = async (sql: string, params: unknown[] = []) =>
  Number((await t.app.platform.db.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0);

/**
 * The end of the demo year. The backlog the generator leaves depends on where its end falls in the
 * working calendar, so the test fixes it instead of using the wall clock (it used to pass or fail
 * by the time of day in Asia/Shanghai). "Past" and "future" below are measured from it.
 */
const END = new Date('2026-11-23T23:30:00+08:00');

beforeAll(async () => {
  t = await makeTestApp({ DEMO_CASES: '0' }, { clock: fixedClock(END) });
  await seedDemoCases({ db: t.app.platform.db, ...t.app.services }, { count: 300, now: END });
}, 600_000);
afterAll(() => t?.close());

describe('the demo year of cases (300, made through the real services)', () => {
  it('reports every planned case once', async () => {
    expect(
      await count(`select count(*)::int as n from cases where idempotency_key ~ '^demo-[0-9]+-[0-9]+$'`),
    ).toBe(300);
  });

  it('leaves work in every queue of the desk and the units', async () => {
    const rows = (
      await t.app.platform.db.query<{ state: string; n: number }>(
        `select state, count(*)::int as n from cases group by state`,
      )
    ).rows;
    const byState = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    for (const state of [
      'reported',
      'verifying',
      'accepted',
      'filed',
      'dispatched',
      'handling',
      'checked_ok',
      'suspended',
      'closed',
      'not_accepted',
      'not_filed',
      'cancelled',
    ]) {
      expect(byState[state] ?? 0, `cases in state ${state}`).toBeGreaterThan(0);
    }
    expect((byState.handled ?? 0) + (byState.checking ?? 0), 'to check').toBeGreaterThan(0);
    expect(
      await count(`select count(*)::int as n from cases where pending_kind is not null`),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `select count(*)::int as n from cases where state = 'dispatched' and snapshot->>'dispatchLevel' = 'district'`,
      ),
      'waiting for a district dispatch',
    ).toBeGreaterThan(0);
    expect(
      await count(`select count(*)::int as n from cases where step_due_at < $1 and closed_at is null`, [END]),
      'overdue',
    ).toBeGreaterThan(0);
  });

  it('shows the queues through the API: the dispatcher and a unit have work', async () => {
    const dispatcher = await t.login('dispatcher');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/cases?queue=to_dispatch',
      headers: { cookie: dispatcher },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThan(0);
    const busiest = (
      await t.app.platform.db.query<{ username: string }>(
        `select u.username from cases c join users u on u.department_id = c.unit_id
         where c.state in ('dispatched', 'handling') and coalesce(c.snapshot->>'dispatchLevel', 'unit') = 'unit'
         group by u.username order by count(*) desc limit 1`,
      )
    ).rows[0];
    expect(busiest).toBeDefined();
    const inbox = await t.app.inject({
      method: 'GET',
      url: '/api/cases?queue=inbox',
      headers: { cookie: await t.login(busiest!.username) },
    });
    expect(inbox.json().items.length).toBeGreaterThan(0);
  });

  it("keeps each case's events in time order, in the past year, starting with the report", async () => {
    expect(
      await count(
        `select count(*)::int as n from (
           select at < lag(at) over (partition by case_id order by id) as back from case_events) x where back`,
      ),
      'events earlier than the one before',
    ).toBe(0);
    expect(
      await count(`select count(*)::int as n from case_events where at > $1`, [END]),
      'in the future',
    ).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from case_events where at < $1::timestamptz - interval '367 days'`,
        [END],
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from cases c where (select action from case_events e
           where e.case_id = c.id order by e.id limit 1) is distinct from 'report'`,
      ),
    ).toBe(0);
    expect(
      await count(`select count(*)::int as n from cases c where c.reported_at > $1 or c.closed_at > $1`, [
        END,
      ]),
    ).toBe(0);
  });

  it('separates duties: nobody verifies their own report or checks their own work', async () => {
    expect(
      await count(
        `select count(*)::int as n from case_events e join cases c on c.id = e.case_id
         where e.action = 'verify' and e.actor_id = c.reporter_id`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from case_events e
         where e.action = 'check' and e.actor_id = (select d.actor_id from case_events d
           where d.case_id = e.case_id and d.action = 'report_done' and d.id < e.id order by d.id desc limit 1)`,
      ),
    ).toBe(0);
    // With a second inspector in the street, the checker is not the one who reported it.
    const checks = await count(`select count(*)::int as n from case_events where action = 'check'`);
    const ownChecks = await count(
      `select count(*)::int as n from case_events e join cases c on c.id = e.case_id
       where e.action = 'check' and e.actor_id = c.reporter_id`,
    );
    expect(ownChecks).toBeLessThan(checks * 0.6);
  });

  it('has late steps, rework, extensions, suspensions, urges, send-backs, two-level dispatch and self-handling', async () => {
    const events = Object.fromEntries(
      (
        await t.app.platform.db.query<{ action: string; n: number }>(
          `select action, count(*)::int as n from case_events group by action`,
        )
      ).rows.map((r) => [r.action, r.n]),
    );
    for (const action of [
      'approve_extension',
      'approve_suspension',
      'resume',
      'urge',
      'approve_send_back',
      'self_handle',
      'approve_cancel',
      'verify',
      'close',
    ]) {
      expect(events[action] ?? 0, action).toBeGreaterThan(0);
    }
    expect(
      await count(`select count(*)::int as n from case_events where on_time = false`),
      'late steps',
    ).toBeGreaterThan(0);
    expect(
      await count(
        `select count(*)::int as n from case_events where action = 'check' and payload->>'passed' = 'false'`,
      ),
      'failed checks (rework)',
    ).toBeGreaterThan(0);
    expect(
      await count(
        `select count(*)::int as n from case_events where action = 'dispatch' and payload->>'level' = 'district'`,
      ),
      'two-level dispatches',
    ).toBeGreaterThan(0);
  });

  it('calls back the callers who want a reply: nearly all reached and satisfied, none visited twice per closing', async () => {
    const v = (
      await t.app.platform.db.query<{
        calls: number;
        ended: number;
        reached: number;
        happy: number;
        due: number;
      }>(
        `select count(*)::int as calls,
           count(*) filter (where result in ('reached', 'unreached'))::int as ended,
           count(*) filter (where outcome = 'reached')::int as reached,
           count(*) filter (where satisfaction in ('satisfied', 'basically_satisfied'))::int as happy,
           (select count(*)::int from cases where state = 'closed' and wants_reply
              and coalesce(snapshot->'visit'->>'result', 'retry') = 'retry') as due
         from return_visits`,
      )
    ).rows[0]!;
    expect(v.ended).toBeGreaterThan(10);
    expect(v.reached / v.ended).toBeGreaterThan(0.9);
    expect(v.happy / v.reached).toBeGreaterThan(0.9);
    // Recent closings are still waiting for their call: the hotline's queue has work.
    expect(v.due).toBeGreaterThan(0);
    expect(
      await count(
        `select count(*)::int as n from (select case_id, due_since from return_visits
           where result in ('reached', 'unreached') group by 1, 2 having count(*) > 1) x`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*)::int as n from return_visits v join cases c on c.id = v.case_id where not c.wants_reply`,
      ),
    ).toBe(0);
  });

  it('makes late work differ by unit, so that rankings mean something', async () => {
    const rates = (
      await t.app.platform.db.query<{ rate: number }>(
        `select avg(case when on_time then 1.0 else 0.0 end)::float8 as rate from case_events
         where step = 'dispose' and on_time is not null group by unit_id having count(*) >= 8`,
      )
    ).rows.map((r) => r.rate);
    expect(rates.length).toBeGreaterThan(2);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.1);
  });
});

describe('the demo year is deterministic', () => {
  it('gives the same cases and steps for the same seed and end', async () => {
    const now = new Date('2026-11-20T10:00:00+08:00');
    const runs: string[] = [];
    for (let k = 0; k < 2; k++) {
      const app = await makeTestApp();
      try {
        const s = await seedDemoCases(
          { db: app.app.platform.db, ...app.app.services },
          { count: 60, seed: 7, now },
        );
        expect(s.failed).toBe(0);
        const q = async (sql: string) => JSON.stringify((await app.app.platform.db.query(sql)).rows);
        runs.push(
          (await q(`select state, count(*)::int as n from cases group by state order by state`)) +
            (await q(`select action, count(*)::int as n, count(*) filter (where on_time)::int as ok
                      from case_events group by action order by action`)) +
            (await q(`select md5(string_agg(code || state || grid_code, ',' order by id)) as h from cases`)),
        );
      } finally {
        await app.close();
      }
    }
    expect(runs[1]).toBe(runs[0]);
  }, 600_000);
});

describe('a large demo year at first start', () => {
  it('makes the recent backlog before listening, the rest in the background, and a restart continues it', async () => {
    const app = await makeTestApp();
    const ctx = { ...app.app.platform, ...app.app.services };
    const demoCases = async () =>
      Number(
        (
          await ctx.db.query<{ n: number }>(
            `select count(*)::int as n from cases where idempotency_key ~ '^demo-[0-9]+-[0-9]+$'`,
          )
        ).rows[0]?.n,
      );
    try {
      const now = new Date('2026-11-20T10:00:00+08:00');
      const first = await startDemoCases(ctx, { fresh: true, count: 80, seed: 11, now, syncLimit: 10 });
      const ready = first.ready.cases;
      expect(ready).toBeGreaterThan(0);
      expect(ready).toBeLessThan(80);
      // A restart while the background part runs: stop it, then start again on the same data; cases
      // made since the last saved progress are recognised by their idempotency keys.
      while ((await demoCases()) < ready + 3) await new Promise((r) => setTimeout(r, 100));
      await first.stop();
      expect(await demoCases()).toBeLessThan(80);
      const again = await startDemoCases(ctx, { fresh: false, count: 0 });
      expect(again.background).not.toBeNull();
      await again.background;
      expect(await demoCases()).toBe(80);
      const done = await startDemoCases(ctx, { fresh: false, count: 0 });
      expect(done.background).toBeNull();
    } finally {
      await app.close();
    }
  }, 600_000);
});
