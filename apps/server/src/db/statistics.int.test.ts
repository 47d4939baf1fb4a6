import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';
import { keepPlannerStatistics, tablesNeedingAnalysis, type StatisticsKeeper } from './statistics.js';

// PGlite only: it is the database without autovacuum (on PostgreSQL autovacuum would race these checks).
describe('planner statistics on PGlite', () => {
  let db: Db;
  let keeper: StatisticsKeeper;

  beforeAll(async () => {
    db = await openDb({ url: null, dataDir: null });
    keeper = keepPlannerStatistics(db, { firstMs: 3_600_000 });
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
    expect(await tablesNeedingAnalysis(db)).toContain('probe');
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
    expect(await tablesNeedingAnalysis(db)).not.toContain('probe_series_1');
  });

  it('checks nothing once stopped', async () => {
    await fill(30_001, 60_000);
    await keeper.stop();
    expect(await keeper.check()).toEqual([]);
  });
});
