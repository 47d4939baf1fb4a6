import type pg from 'pg';

/**
 * Fast bulk cases for the queue benchmark: rows of `cases` (and their `report` plus latest event)
 * generated in SQL with generate_series on PostgreSQL — no service, no per-row round trip.
 *
 * Rows are valid for the server: the snapshot is a complete CaseSnapshot, the mirrored columns
 * (state, unit_id, pending_kind, step, due times) agree with it, grids and users exist. The state
 * mix is the same at every size (≈ 89 % final, 11 % open, spread over every queue), so a queue at
 * 1,000,000 cases holds 100× the rows it holds at 10,000: a fair test of the indexes.
 *
 * Case i is the same row whatever the batch sizes (all choices hash i), ids run in report-time
 * order, and `growTo` only appends, so a run measures at 10k and then grows the same table to 1M.
 */
export interface BulkCasesContext {
  /** Newest report time; case ids count up to it, `spacingSeconds` apart. */
  now: Date;
  /** Cases the table will hold at most (fixes the time axis so that growing only appends). */
  maxCases: number;
  spacingSeconds?: number;
}

/** States and their share in per-mille; the rest of the snapshot follows from the state. */
const STATE_MIX: readonly (readonly [string, number])[] = [
  ['closed', 815],
  ['not_accepted', 30],
  ['not_filed', 25],
  ['cancelled', 15],
  ['reported', 5],
  ['verifying', 5],
  ['accepted', 5],
  ['filed', 15],
  ['dispatched', 40],
  ['handling', 25],
  ['suspended', 7],
  ['handled', 3],
  ['checking', 5],
  ['checked_ok', 5],
];

/** SQL `case` choosing the state from a 0–999 hash `h`. */
function stateCase(h: string): string {
  let acc = 0;
  const whens = STATE_MIX.map(([state, share]) => {
    acc += share;
    return `when ${h} < ${acc} then '${state}'`;
  });
  if (acc !== 1000) throw new Error(`bulkCases: the state mix sums to ${acc}‰, not 1000‰`);
  return `case ${whens.join(' ')} end`;
}

export interface FillResult {
  cases: number;
  events: number;
  ms: number;
}

/**
 * Appends cases (from+1)…to to the table. Call with increasing ranges; finishes by moving the id
 * sequence past them so that reports through the API keep working.
 */
export async function appendCases(
  db: pg.Client,
  range: { from: number; to: number },
  c: BulkCasesContext,
  chunk = 100_000,
): Promise<FillResult> {
  const t0 = performance.now();
  const ids = async (sql: string) => (await db.query<{ id: number }>(sql)).rows.map((r) => Number(r.id));
  const role = (r: string) => ids(`select id from users where '${r}' = any(roles) and active order by id`);
  const [inspectors, units] = await Promise.all([
    role('inspector'),
    ids(`select id from departments where active order by id`),
  ]);
  const [hotline] = await role('hotline');
  if (!inspectors.length || !units.length || hotline === undefined)
    throw new Error('bulkCases: load the demo city first (users, departments)');
  await db.query(`create temp table if not exists bulk_grids as
    select (row_number() over (order by g.code))::int - 1 as n, g.code, g.community_code,
      g.supervision_grid_code, c.street_code, s.district_code, g.centroid_lon as lon, g.centroid_lat as lat
    from unit_grids g join communities c on c.code = g.community_code join streets s on s.code = c.street_code`);
  // Per district: its sanitation unit (40 % of its cases: the busiest inbox) and every unit working there.
  await db.query(`create temp table if not exists bulk_units as
    select d.code as district_code,
      (select id from departments u where u.active and u.district_code = d.code and u.code like 'sanitation-%'
        order by id limit 1) as sanitation,
      (select array_agg(id order by id) from departments u
        where u.active and (u.district_code = d.code or u.district_code is null)) as ids
    from districts d`);
  const grids = Number((await db.query<{ n: string }>(`select count(*) as n from bulk_grids`)).rows[0]?.n);
  const spacing = c.spacingSeconds ?? 90;
  const t = `timestamptz '${c.now.toISOString()}' - ((${c.maxCases} - i) * ${spacing}) * interval '1 second'`;

  // One row of choices per case: every value is a hash of i, so a case is the same in any batch.
  const params = `
    select i, ${t} as r, ${stateCase('abs(hashint8(i)) % 1000')} as state,
      abs(hashint8(i * 7 + 1)) % 100 as h1, abs(hashint8(i * 7 + 2)) % 100 as h2,
      ($3::int[])[1 + abs(hashint8(i * 7 + 3)) % array_length($3::int[], 1)] as insp, g.*,
      coalesce(case when abs(hashint8(i * 7 + 6)) % 100 < 40 then u.sanitation end,
        u.ids[1 + abs(hashint8(i * 7 + 4)) % array_length(u.ids, 1)]) as unit
    from generate_series($1::bigint, $2::bigint) i
    join bulk_grids g on g.n = abs(hashint8(i * 7 + 5)) % ${grids}
    join bulk_units u on u.district_code = g.district_code`;
  // A large fill writes the rows first and builds the secondary indexes once afterwards (minutes
  // faster at 1M); foreign keys are not checked row by row, as every id comes from the tables above.
  const rebuild = range.to - range.from > 200_000;
  const indexes = rebuild
    ? (
        await db.query<{ name: string; def: string }>(
          `select indexname as name, indexdef as def from pg_indexes
           where tablename in ('cases', 'case_events') and indexname not like '%pkey' and indexdef not like 'CREATE UNIQUE%'`,
        )
      ).rows
    : [];
  for (const ix of indexes) await db.query(`drop index ${ix.name}`);
  if (rebuild) await db.query(`set session_replication_role = replica`);
  let events = 0;
  for (let from = range.from + 1; from <= range.to; from += chunk) {
    const to = Math.min(range.to, from + chunk - 1);
    await db.query(
      `insert into cases (id, code, state, snapshot, kind, category, urgency, source, description, lon, lat,
         grid_code, district_code, street_code, community_code, supervision_grid_code, reporter_id, unit_id,
         pending_kind, reported_at, step, step_started_at, step_due_at, dispatched_at, disposal_due_at, closed_at)
       overriding system value
       select i, 'B' || lpad(i::text, 15, '0'), state,
         jsonb_build_object(
           'state', state, 'resumeState', case when state = 'suspended' then 'dispatched' end,
           'urgency', 'normal', 'source', src, 'reporterId', rep, 'taskInspectorId', null,
           'unitId', case when worked then unit end,
           'dispatchLevel', case when district then 'district' when worked then 'unit' end,
           'doneByUserId', null, 'reworkCount', 0, 'sendBackCount', 0, 'urgeCount', 0, 'extensionHours', 0,
           'pendingRequest', case when pending then jsonb_build_object('kind', 'extension', 'byUserId', 1,
             'at', r + interval '2 hours', 'hours', 4, 'reason', '基准测试') end,
           'pauses', case when state = 'suspended'
             then jsonb_build_array(jsonb_build_object('from', r + interval '3 hours', 'to', null))
             else '[]'::jsonb end,
           'suspendedSince', case when state = 'suspended' then r + interval '3 hours' end,
           'selfHandled', false),
         'event', '0102', 'normal', src, '基准测试案件', lon, lat, code, district_code, street_code,
         community_code, supervision_grid_code, rep, case when worked then unit end,
         case when pending then 'extension' end, r,
         step, case when step is not null then r + interval '1 hour' end,
         case when step = 'dispose' then r + interval '1 day' when step is not null then r + interval '90 min' end,
         case when worked then r + interval '1 hour' end, case when worked then r + interval '1 day' end,
         case when state in ('closed', 'not_accepted', 'not_filed', 'cancelled') then r + interval '1 day' end
       from (
         select p.*, case when h1 < 25 then 'hotline' else 'inspector' end as src,
           case when h1 < 25 then $4::int else insp end as rep,
           state in ('dispatched', 'handling', 'suspended', 'handled', 'checking', 'checked_ok', 'closed') as worked,
           state = 'dispatched' and h2 < 20 as district,
           state in ('dispatched', 'handling') and h2 >= 95 as pending,
           case state when 'reported' then 'accept' when 'verifying' then 'verify' when 'accepted' then 'file'
             when 'filed' then 'dispatch' when 'dispatched' then case when h2 < 20 then 'dispatch' else 'dispose' end
             when 'handling' then 'dispose' when 'suspended' then 'dispose' when 'handled' then 'check'
             when 'checking' then 'check' when 'checked_ok' then 'close' end as step
         from (${params}) p
       ) x`,
      [from, to, inspectors, hotline],
    );
    const ev = await db.query(
      `insert into case_events (case_id, action, from_state, to_state, actor_id, actor_role, at, unit_id, payload)
       select c.id, v.action, v.from_state, v.to_state, v.actor, v.role, v.at, v.unit, '{}'::jsonb
       from cases c cross join lateral (values
         (1, 'report', null, case when c.source = 'hotline' then 'verifying' else 'reported' end, c.reporter_id,
           case when c.source = 'hotline' then 'hotline' else 'inspector' end, c.reported_at, null::int),
         (2, case c.state when 'accepted' then 'accept' when 'filed' then 'file' when 'dispatched' then 'dispatch'
            when 'handling' then 'start' when 'suspended' then 'approve_suspension' when 'handled' then 'report_done'
            when 'checking' then 'to_check' when 'checked_ok' then 'check' when 'closed' then 'close'
            when 'not_accepted' then 'reject' when 'not_filed' then 'refuse' else 'approve_cancel' end,
           null, c.state, null, null, c.reported_at + interval '1 hour', c.unit_id)
       ) v(seq, action, from_state, to_state, actor, role, at, unit)
       where c.id between $1 and $2 and (v.seq = 1 or c.state not in ('reported', 'verifying'))
       order by c.id, v.seq`,
      [from, to],
    );
    events += ev.rowCount ?? 0;
  }
  if (rebuild) await db.query(`set session_replication_role = origin`);
  for (const ix of indexes) await db.query(ix.def);
  await db.query(
    `select setval(pg_get_serial_sequence('cases', 'id'), greatest($1::bigint, (select max(id) from cases)))`,
    [range.to],
  );
  await db.query(`analyze cases`);
  await db.query(`analyze case_events`);
  return { cases: range.to - range.from, events, ms: performance.now() - t0 };
}
