import type { CaseVisit } from '@cityloop/domain';
import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';

/**
 * SQL of the return-visit lists. A visit is a step of the case loop (see 0009_return_visits.sql):
 * the queue reads the cases as they stand and the visits made read the `return_visits` view over
 * their event rows; nothing here writes (visits are recorded through the case service).
 */

/** The rows a user may see: the case lists' jurisdiction (cases.queries.ts), as one condition. */
export type VisitScope =
  { column: 'district_code' | 'street_code'; code: string } | { column: 'unit_id'; unitId: number } | null;

function scopeSql(scope: VisitScope, p: unknown[]): string {
  if (!scope) return 'true';
  return scope.column === 'unit_id'
    ? `c.unit_id = ${param(p, scope.unitId)}`
    : `c.${scope.column} = ${param(p, scope.code)}`;
}

/** The case columns both lists show. */
interface CaseColumns {
  case_id: number;
  code: string;
  state: string;
  kind: 'component' | 'event';
  category: string;
  description: string;
  address: string | null;
  district_code: string;
  street_code: string;
  unit_id: number | null;
  reported_at: Date;
  reporter_name: string | null;
  reporter_phone: string | null;
}

const CASE_COLUMNS = `c.id as case_id, c.code, c.state, c.kind, c.category, c.description, c.address,
  c.district_code, c.street_code, c.unit_id, c.reported_at, c.reporter_name, c.reporter_phone`;

/** Keep in step with the partial index cases_visits_due (0009). */
const DUE = `c.state = 'closed' and c.wants_reply and coalesce(c.snapshot->'visit'->>'result', 'retry') = 'retry'`;

export interface DueVisitRow extends CaseColumns {
  closed_at: Date;
  visit: CaseVisit | null;
}

/** Visits due, oldest closing first, by keyset on (closed_at, id). */
export async function listDue(
  q: Queryable,
  scope: VisitScope,
  page: { after: { closedAt: Date; id: number } | null; limit: number; caseId?: number | undefined },
): Promise<DueVisitRow[]> {
  const p: unknown[] = [];
  const where = [DUE, scopeSql(scope, p)];
  if (page.caseId !== undefined) where.push(`c.id = ${param(p, page.caseId)}`);
  if (page.after)
    where.push(`(c.closed_at, c.id) > (${param(p, page.after.closedAt)}, ${param(p, page.after.id)})`);
  const r = await q.query<DueVisitRow>(
    `select ${CASE_COLUMNS}, c.closed_at, c.snapshot->'visit' as visit from cases c
     where ${where.join(' and ')} order by c.closed_at, c.id limit ${param(p, page.limit)}`,
    p,
  );
  return r.rows;
}

export interface DoneVisitRow extends CaseColumns {
  visit_id: number;
  due_since: Date | null;
  attempt: number;
  at: Date;
  result: 'reached' | 'unreached';
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  comment: string | null;
  visited_by: string | null;
  visit_unit_id: number | null;
}

/**
 * Visits made (the calls that ended a visit: reached, or the last unanswered one), newest call first
 * by keyset on (at, id): event ids do not follow time (a year of demo history is written after today's).
 */
export async function listDone(
  q: Queryable,
  scope: VisitScope,
  page: { before: { at: Date; id: number } | null; limit: number; caseId?: number | undefined },
): Promise<DoneVisitRow[]> {
  const p: unknown[] = [];
  const where = [`v.result in ('reached', 'unreached')`, scopeSql(scope, p)];
  if (page.caseId !== undefined) where.push(`v.case_id = ${param(p, page.caseId)}`);
  if (page.before !== null)
    where.push(`(v.at, v.id) < (${param(p, page.before.at)}, ${param(p, page.before.id)})`);
  const r = await q.query<DoneVisitRow>(
    `select ${CASE_COLUMNS}, v.id as visit_id, v.due_since, v.attempt, v.at, v.result, v.satisfaction,
            v.comment, u.display_name as visited_by, v.unit_id as visit_unit_id
     from return_visits v join cases c on c.id = v.case_id left join users u on u.id = v.actor_id
     where ${where.join(' and ')} order by v.at desc, v.id desc limit ${param(p, page.limit)}`,
    p,
  );
  return r.rows;
}
