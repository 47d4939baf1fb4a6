import type { AlarmRuleDef, AlarmState, DeviceProfile } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';
import type { SystemNote } from '@cityloop/domain';

export interface RuleRow {
  id: number;
  profile_type: string | null;
  device_id: string | null;
  metric: string;
  kind: AlarmRuleDef['kind'];
  threshold: number | null;
  duration_s: number;
  deadband: number;
  rate_per_min: number | null;
  intervals: number | null;
  stuck_s: number | null;
  severity: AlarmRuleDef['severity'];
  open_case_category: string | null;
  enabled: boolean;
}

const RULE_COLUMNS = `id, profile_type, device_id, metric, kind, threshold, duration_s, deadband, rate_per_min,
  intervals, stuck_s, severity, open_case_category, enabled`;

export async function loadRules(q: Queryable): Promise<RuleRow[]> {
  return (await q.query<RuleRow>(`select ${RULE_COLUMNS} from alarm_rules order by id`)).rows;
}

export async function getRule(q: Queryable, id: number): Promise<RuleRow | null> {
  return (
    (await q.query<RuleRow>(`select ${RULE_COLUMNS} from alarm_rules where id = $1`, [id])).rows[0] ?? null
  );
}

export type RuleValues = Omit<RuleRow, 'id'>;

const RULE_FIELDS = [
  'profile_type',
  'device_id',
  'metric',
  'kind',
  'threshold',
  'duration_s',
  'deadband',
  'rate_per_min',
  'intervals',
  'stuck_s',
  'severity',
  'open_case_category',
  'enabled',
] as const;

export async function insertRule(q: Queryable, r: RuleValues): Promise<number> {
  const values = RULE_FIELDS.map((f) => r[f]);
  const res = await q.query<{ id: number }>(
    `insert into alarm_rules(${RULE_FIELDS.join(', ')}) values (${RULE_FIELDS.map((_, i) => `$${i + 1}`).join(', ')})
     returning id`,
    values,
  );
  return res.rows[0]!.id;
}

export async function updateRule(q: Queryable, id: number, r: RuleValues): Promise<boolean> {
  const values = RULE_FIELDS.map((f) => r[f]);
  const res = await q.query(
    `update alarm_rules set ${RULE_FIELDS.map((f, i) => `${f} = $${i + 2}`).join(', ')}, updated_at = now()
      where id = $1`,
    [id, ...values],
  );
  return res.rowCount > 0;
}

export async function deleteRule(q: Queryable, id: number): Promise<boolean> {
  return (await q.query(`delete from alarm_rules where id = $1`, [id])).rowCount > 0;
}

export async function seedProfileRules(q: Queryable, profiles: readonly DeviceProfile[]): Promise<void> {
  for (const p of profiles) {
    for (const r of p.defaultRules) {
      await insertRule(q, {
        profile_type: p.type,
        device_id: null,
        metric: r.metric,
        kind: r.kind,
        threshold: r.threshold ?? null,
        duration_s: r.durationS,
        deadband: r.deadband,
        rate_per_min: r.ratePerMin ?? null,
        intervals: r.intervals ?? null,
        stuck_s: r.stuckS ?? null,
        severity: r.severity,
        open_case_category: r.openCase?.category ?? null,
        enabled: true,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------

export interface AlarmRow {
  id: number;
  device_id: string;
  rule_id: number | null;
  metric: string;
  kind: string;
  severity: AlarmRuleDef['severity'];
  state: AlarmState;
  value: number | null;
  threshold: number | null;
  /** The Chinese sentence of an alarm raised before messages were codes; null since. */
  message: string | null;
  /** What the alarm says, as a code with parameters (`alarm.condition`). */
  note: SystemNote | null;
  department_id: number | null;
  raised_at: Date;
  acked_at: Date | null;
  acked_by_name: string | null;
  acked_by_name_en: string | null;
  cleared_at: Date | null;
  case_id: number | null;
  case_code: string | null;
}

const ALARM_COLUMNS = `a.id, a.device_id, a.rule_id, a.metric, a.kind, a.severity, a.state, a.value, a.threshold,
  a.message, a.note, a.department_id, a.raised_at, a.acked_at, a.acked_by_name, a.acked_by_name_en, a.cleared_at, a.case_id, a.case_code`;

export async function openAlarmFor(q: Queryable, deviceId: string, ruleId: number): Promise<AlarmRow | null> {
  return (
    (
      await q.query<AlarmRow>(
        `select ${ALARM_COLUMNS} from alarms a where device_id = $1 and rule_id = $2 and state <> 'cleared' for update`,
        [deviceId, ruleId],
      )
    ).rows[0] ?? null
  );
}

export async function getAlarm(q: Queryable, id: number, lock = false): Promise<AlarmRow | null> {
  return (
    (
      await q.query<AlarmRow>(
        `select ${ALARM_COLUMNS} from alarms a where id = $1 ${lock ? 'for update' : ''}`,
        [id],
      )
    ).rows[0] ?? null
  );
}

export async function openAlarms(q: Queryable): Promise<AlarmRow[]> {
  return (await q.query<AlarmRow>(`select ${ALARM_COLUMNS} from alarms a where state <> 'cleared'`)).rows;
}

export interface NewAlarm {
  deviceId: string;
  ruleId: number;
  metric: string;
  kind: string;
  severity: string;
  value: number;
  threshold: number | null;
  note: SystemNote;
  departmentId: number | null;
  raisedAt: Date;
}

export async function insertAlarm(q: Queryable, a: NewAlarm): Promise<AlarmRow> {
  const r = await q.query<AlarmRow>(
    `insert into alarms as a (device_id, rule_id, metric, kind, severity, state, value, threshold, note,
       department_id, raised_at)
     values ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10) returning ${ALARM_COLUMNS}`,
    [
      a.deviceId,
      a.ruleId,
      a.metric,
      a.kind,
      a.severity,
      a.value,
      a.threshold,
      JSON.stringify(a.note),
      a.departmentId,
      a.raisedAt,
    ],
  );
  return r.rows[0]!;
}

export async function updateAlarm(
  q: Queryable,
  id: number,
  set: Partial<{
    state: AlarmState;
    value: number;
    acked_at: Date;
    acked_by: number;
    acked_by_name: string;
    acked_by_name_en: string | null;
    cleared_at: Date | null;
    case_id: number;
    case_code: string;
  }>,
): Promise<AlarmRow> {
  const params: unknown[] = [id];
  const sets = Object.entries(set).map(([k, v]) => `${k} = ${param(params, v)}`);
  const r = await q.query<AlarmRow>(
    `update alarms a set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning ${ALARM_COLUMNS}`,
    params,
  );
  return r.rows[0]!;
}

export interface AlarmEventInput {
  alarmId: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorId?: number | null;
  actorName?: string | null;
  at: Date;
  comment?: string | null;
  value?: number | null;
  /** The system's note (a code with parameters) instead of a sentence. */
  note?: SystemNote | null;
}

export async function insertEvent(q: Queryable, e: AlarmEventInput): Promise<void> {
  await q.query(
    `insert into alarm_events(alarm_id, event, from_state, to_state, actor_id, actor_name, at, comment, value, note)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.alarmId,
      e.event,
      e.fromState,
      e.toState,
      e.actorId ?? null,
      e.actorName ?? null,
      e.at,
      e.comment ?? null,
      e.value ?? null,
      e.note ? JSON.stringify(e.note) : null,
    ],
  );
}

export interface EventRow {
  id: number;
  event: string;
  from_state: string | null;
  to_state: string;
  actor_name: string | null;
  at: Date;
  comment: string | null;
  value: number | null;
  note: SystemNote | null;
}

export async function eventsOf(q: Queryable, alarmId: number): Promise<EventRow[]> {
  return (
    await q.query<EventRow>(
      `select id, event, from_state, to_state, actor_name, at, comment, value, note from alarm_events
        where alarm_id = $1 order by id`,
      [alarmId],
    )
  ).rows;
}

export interface AlarmFilter {
  states: AlarmState[] | null;
  severity?: string | undefined;
  deviceIds?: string[] | undefined;
  departmentId?: number | undefined;
  before?: number | undefined;
  limit: number;
}

export async function listAlarms(q: Queryable, f: AlarmFilter): Promise<AlarmRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  if (f.states) where.push(`a.state = any(${param(params, f.states)}::text[])`);
  if (f.severity) where.push(`a.severity = ${param(params, f.severity)}`);
  if (f.deviceIds) where.push(`a.device_id = any(${param(params, f.deviceIds)}::text[])`);
  if (f.departmentId !== undefined) where.push(`a.department_id = ${param(params, f.departmentId)}`);
  if (f.before !== undefined) where.push(`a.id < ${param(params, f.before)}`);
  const sql = `select ${ALARM_COLUMNS} from alarms a ${where.length ? `where ${where.join(' and ')}` : ''}
    order by a.id desc limit ${param(params, f.limit)}`;
  return (await q.query<AlarmRow>(sql, params)).rows;
}

export async function countOpenByDevice(q: Queryable, deviceId: string): Promise<number> {
  return (
    (
      await q.query<{ n: number }>(
        `select count(*)::int as n from alarms where device_id = $1 and state <> 'cleared'`,
        [deviceId],
      )
    ).rows[0]?.n ?? 0
  );
}
