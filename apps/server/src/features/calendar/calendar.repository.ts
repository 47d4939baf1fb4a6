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
  filing_condition_en: string | null;
  closing_condition_en: string | null;
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
  // Within a category, in order of urgency (一般, 紧急, 特急), not alphabetically.
  return (
    await q.query<LimitRow>(
      `select kind, category, urgency, name, filing_condition, disposal_value, disposal_unit, closing_condition,
              filing_condition_en, closing_condition_en
         from time_limits
        order by kind, category, case urgency when 'normal' then 0 when 'urgent' then 1 else 2 end`,
    )
  ).rows;
}
export async function loadSteps(q: Queryable): Promise<StepRow[]> {
  return (await q.query<StepRow>(`select step, value, unit from step_limits order by step`)).rows;
}
export async function updateLimit(q: Queryable, l: LimitRow) {
  const r = await q.query(
    `update time_limits set filing_condition = $4, disposal_value = $5, disposal_unit = $6, closing_condition = $7,
       -- An edit that does not send the English conditions keeps them.
       filing_condition_en = coalesce($8, filing_condition_en),
       closing_condition_en = coalesce($9, closing_condition_en), updated_at = now()
     where kind = $1 and category = $2 and urgency = $3`,
    [
      l.kind,
      l.category,
      l.urgency,
      l.filing_condition,
      l.disposal_value,
      l.disposal_unit,
      l.closing_condition,
      l.filing_condition_en,
      l.closing_condition_en,
    ],
  );
  return r.rowCount;
}

/** Gives the default English conditions to the rows whose Chinese ones are still the defaults. */
export async function fillDefaultEnglish(q: Queryable, defaults: readonly CategoryTimeLimit[]) {
  await q.query(
    `update time_limits t set filing_condition_en = d.filing_en, closing_condition_en = d.closing_en
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
              as d(kind, category, urgency, filing, closing, filing_en, closing_en)
      where t.kind = d.kind and t.category = d.category and t.urgency = d.urgency
        and t.filing_condition_en is null and t.filing_condition = d.filing and t.closing_condition = d.closing`,
    [
      defaults.map((l) => l.kind),
      defaults.map((l) => l.category),
      defaults.map((l) => l.urgency),
      defaults.map((l) => l.filingCondition),
      defaults.map((l) => l.closingCondition),
      defaults.map((l) => l.filingConditionEn),
      defaults.map((l) => l.closingConditionEn),
    ],
  );
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
      'filing_condition_en',
      'closing_condition_en',
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
      l.filingConditionEn,
      l.closingConditionEn,
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
