import type { Db } from '../db/db.js';

/**
 * The contractors' own inspections (自查) in the demo: the contracts ask for 8 days a month. In
 * November 2026 every contractor inspected 8 days but Laishan's street cleaning (HT-2026-QS02), only
 * 5 (3 days short, which its month's score shows); in December, the 1st and the 3rd so far.
 * Deterministic.
 */
const NOVEMBER_FULL = [2, 5, 9, 12, 16, 19, 23, 26];
const NOVEMBER_SHORT = [3, 10, 17, 24, 27];
const DECEMBER = [1, 3];
const SHORT = 'HT-2026-QS02';
const NOTES: Array<[number, number, string]> = [
  [0, 0, '路面、果皮箱巡查，未见问题'],
  [2, 2, '道牙积尘两处，已当即清扫'],
  [1, 1, '绿化带内白色垃圾一处，已清理'],
  [3, 2, '垃圾桶满溢三处，已清运两处，一处待车'],
];

export async function seedDemoSelfInspections(db: Db): Promise<void> {
  const done = await db.query(`select 1 from contract_self_inspections limit 1`);
  if (done.rowCount > 0) return;
  const list = await db.query<{
    id: number;
    code: string;
    start_date: string;
    end_date: string;
    section: string | null;
  }>(
    `select c.id, c.code, c.start_date::text as start_date, c.end_date::text as end_date,
            (select s.name from contract_sections s where s.contract_id = c.id order by s.seq limit 1) as section
       from contracts c order by c.code`,
  );
  const rows: Array<[number, string, string, number, number, string]> = [];
  for (const [i, c] of list.rows.entries()) {
    const days = [
      ...(c.code === SHORT ? NOVEMBER_SHORT : NOVEMBER_FULL).map(
        (d) => `2026-11-${String(d).padStart(2, '0')}`,
      ),
      ...DECEMBER.map((d) => `2026-12-${String(d).padStart(2, '0')}`),
    ].filter((d) => c.start_date <= d && d <= c.end_date);
    for (const [k, day] of days.entries()) {
      const [findings, fixed, note] = NOTES[(i + k) % NOTES.length]!;
      rows.push([c.id, day, c.section ?? '作业区域', findings, fixed, note]);
    }
  }
  if (rows.length === 0) return;
  await db.query(
    `insert into contract_self_inspections (contract_id, inspected_on, section, findings, fixed, note, recorded_at)
     select c, d::date, s, f, x, n, (d || 'T17:00:00+08:00')::timestamptz
       from unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) as t(c, d, s, f, x, n)`,
    [
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      rows.map((r) => r[2]),
      rows.map((r) => r[3]),
      rows.map((r) => r[4]),
      rows.map((r) => r[5]),
    ],
  );
}
