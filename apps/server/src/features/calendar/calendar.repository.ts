import type { Queryable } from '../../db/db.js';
import { insertRows } from '../../db/bulk.js';
import type { CategoryTimeLimit, DayKind, LimitUnit } from '@cityloop/domain';

export interface DayRow {
  day: string;
  kind: DayKind;
  name: string | null;
  source: 'official' | 'admin';
}
export interface LimitRow {
  kind: 'component' | 'event';
  category: string;
  urgency: 'normal' | 'urgent' | 'critical';
  name: string;
  filing_condition: string;
  disposal_value: number;
  disposal_unit: LimitUnit;
  closing_condition: string;
}
export interface StepRow {
  step: string;
  value: number;
  unit: LimitUnit;
}

export async function loadDays(q: Queryable): Promise<DayRow[]> {
  const r = await q.query<DayRow>(
    `select to_char(day, 'YYYY-MM-DD') as day, kind, name, source from calendar_days order by day`,
  );
  return r.rows;
}
export async function upsertDay(q: Queryable, d: DayRow) {
  await q.query(
    `insert into calendar_days(day, kind, name, source) values ($1, $2, $3, $4)
     on conflict (day) do update set kind = excluded.kind, name = excluded.name, source = excluded.source, updated_at = now()`,
    [d.day, d.kind, d.name, d.source],
  );
}
export async function deleteDay(q: Queryable, day: string) {
  await q.query(`delete from calendar_days where day = $1`, [day]);
}
export async function loadLimits(q: Queryable): Promise<LimitRow[]> {
  return (await q.query<LimitRow>(`select * from time_limits order by kind, category, urgency`)).rows;
}
export async function loadSteps(q: Queryable): Promise<StepRow[]> {
  return (await q.query<StepRow>(`select step, value, unit from step_limits order by step`)).rows;
}
export async function updateLimit(q: Queryable, l: LimitRow) {
  const r = await q.query(
    `update time_limits set filing_condition = $4, disposal_value = $5, disposal_unit = $6, closing_condition = $7, updated_at = now()
     where kind = $1 and category = $2 and urgency = $3`,
    [
      l.kind,
      l.category,
      l.urgency,
      l.filing_condition,
      l.disposal_value,
      l.disposal_unit,
      l.closing_condition,
    ],
  );
  return r.rowCount;
}
export async function upsertStep(q: Queryable, s: StepRow) {
  await q.query(
    `insert into step_limits(step, value, unit) values ($1, $2, $3)
     on conflict (step) do update set value = excluded.value, unit = excluded.unit, updated_at = now()`,
    [s.step, s.value, s.unit],
  );
}
export async function getSetting<T>(q: Queryable, key: string): Promise<T | null> {
  const r = await q.query<{ value: T }>(`select value from settings where key = $1`, [key]);
  return r.rows[0]?.value ?? null;
}
export async function putSetting(q: Queryable, key: string, value: unknown) {
  await q.query(
    `insert into settings(key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

/** Whether one of the calendar's tables holds nothing yet (first start). */
export async function isEmpty(
  q: Queryable,
  table: 'calendar_days' | 'time_limits' | 'step_limits',
): Promise<boolean> {
  return (await q.query(`select 1 from ${table} limit 1`)).rowCount === 0;
}

/** The State Council's published days, as the calendar's first rows. */
export async function insertOfficialDays(
  q: Queryable,
  days: ReadonlyArray<{ day: string; kind: DayKind; name: string | null }>,
): Promise<void> {
  await insertRows(
    q,
    'calendar_days',
    ['day', 'kind', 'name', 'source'],
    days.map((d) => [d.day, d.kind, d.name, 'official']),
  );
}

/** The default limits of every category, as the first rows. */
export async function insertTimeLimits(q: Queryable, limits: readonly CategoryTimeLimit[]): Promise<void> {
  await insertRows(
    q,
    'time_limits',
    [
      'kind',
      'category',
      'urgency',
      'name',
      'filing_condition',
      'disposal_value',
      'disposal_unit',
      'closing_condition',
    ],
    limits.map((l) => [
      l.kind,
      l.category,
      l.urgency,
      l.name,
      l.filingCondition,
      l.disposalLimit.value,
      l.disposalLimit.unit,
      l.closingCondition,
    ]),
  );
}

/** The default limit of every step, as the first rows. */
export async function insertStepLimits(
  q: Queryable,
  steps: ReadonlyArray<readonly [string, { value: number; unit: LimitUnit }]>,
): Promise<void> {
  await insertRows(
    q,
    'step_limits',
    ['step', 'value', 'unit'],
    steps.map(([step, l]) => [step, l.value, l.unit]),
  );
}
