import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';
import { startAutovacuum, tablesNeedingVacuum, type Autovacuum } from './autovacuum.js';

// PGlite only: it is the database without autovacuum (on PostgreSQL autovacuum would race these checks).
describe('autovacuum on PGlite', () => {
  let db: Db;
  let keeper: Autovacuum;

  beforeAll(async () => {
    db = await openDb({ url: null, dataDir: null });
    keeper = startAutovacuum(db, { firstMs: 3_600_000 });
    await db.exec(`create table probe (id int primary key, k int not null, note text)`);
  });
  afterAll(async () => {
    await keeper.stop();
    await db.close();
  });

  const fill = (from: number, to: number) =>
    db.query(
      `insert into probe select i, i % 1000, repeat('x', 40) from generate_series($1::int, $2::int) i`,
      [from, to],
    );
  /** The planner's row estimate for k < 10 (1% of the rows). */
  async function estimate(): Promise<number> {
    const r = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
      `explain (format json) select * from probe where k < 10`,
    );
    return r.rows[0]!['QUERY PLAN'][0]!.Plan['Plan Rows'];
  }
  const tuples = async () =>
    Number(
      (await db.query<{ n: number }>(`select reltuples as n from pg_class where relname = 'probe'`)).rows[0]!
        .n,
    );

  it('analyses a table filled after its creation, and the planner then estimates from its values', async () => {
    await fill(1, 20_000);
    expect(await tablesNeedingVacuum(db)).toContain('probe');
    // No statistics: the planner's default guess for a range is a third of the rows.
    const guessed = await estimate();
    expect(guessed).toBeGreaterThan(2_000);

    expect(await keeper.check()).toContain('probe');
    expect(await tuples()).toBe(20_000);
    const estimated = await estimate();
    expect(estimated).toBeGreaterThan(100);
    expect(estimated).toBeLessThan(400); // 200 rows have k < 10
  });

  it('leaves a table alone until it grows by a fifth, then analyses it again', async () => {
    expect(await keeper.check()).not.toContain('probe');
    await fill(20_001, 22_000); // +10%
    expect(await keeper.check()).not.toContain('probe');
    expect(await tuples()).toBe(20_000);
    await fill(22_001, 30_000); // +50% in all
    expect(await keeper.check()).toContain('probe');
    expect(await tuples()).toBe(30_000);
  });

  it('does not analyse time partitions', async () => {
    await db.exec(`create table probe_series (ts timestamptz not null, v float8) partition by range (ts);
      create table probe_series_1 partition of probe_series for values from ('2026-01-01') to ('2026-02-01')`);
    await db.query(
      `insert into probe_series select '2026-01-01'::timestamptz + i * interval '1 minute', i
       from generate_series(1, 20000) i`,
    );
    expect(await tablesNeedingVacuum(db)).not.toContain('probe_series_1');
  });

  it('keeps a table whose rows come and go from growing by every row it ever held', async () => {
    await db.exec(`create table probe_queue (id bigserial primary key, minute int, pad text)`);
    const pages = async () =>
      Number(
        (await db.query<{ n: number }>(`select pg_relation_size('probe_queue') / 8192 as n`)).rows[0]!.n,
      );
    const churn = async (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        await db.query(
          `insert into probe_queue(minute, pad) select i, repeat('x', 30) from generate_series(1, 200) i`,
        );
        await db.query(`delete from probe_queue`);
      }
    };
    // Without vacuum, every round's rows stay as space the table keeps.
    await churn(40);
    const unvacuumed = await pages();
    expect(unvacuumed).toBeGreaterThan(60);
    expect(await keeper.check()).toContain('probe_queue');
    // With a check every 20 rounds the table stays a fraction of that.
    for (let i = 0; i < 4; i++) {
      await churn(20);
      await keeper.check();
    }
    expect(await pages()).toBeLessThan(unvacuumed / 2);
  });

  it('waits for an open transaction (VACUUM cannot run inside one)', async () => {
    await fill(60_001, 80_000);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.tx(async (q) => {
      await q.query(`update probe set note = 'y' where id = 1`);
      await held;
    });
    const check = keeper.check();
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    expect(await check).toContain('probe');
  });

  it('checks nothing once stopped', async () => {
    await fill(80_001, 120_000);
    await keeper.stop();
    expect(await keeper.check()).toEqual([]);
  });
});
