import type { Queryable } from '../../db/db.js';
import { param } from '../../db/paging.js';
import type { SessionUser } from '../../http/access.js';
import { FINAL_STATES, type CaseQueue as Queue } from '@cityloop/domain';
import type { CaseRow } from './cases.repository.js';

export interface CaseFilter {
  queue?: Queue | undefined;
  state?: string | undefined;
  districtCode?: string | undefined;
  streetCode?: string | undefined;
  gridCode?: string | undefined;
  kind?: 'component' | 'event' | undefined;
  category?: string | undefined;
  source?: string | undefined;
  urgency?: string | undefined;
  unitId?: number | undefined;
  componentCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  /** Only cases whose current step is past its time limit. */
  overdue?: boolean | undefined;
  cursor?: number | undefined;
  limit?: number | undefined;
}

const OVERDUE = (p: unknown[], now: Date) => `c.step_due_at < ${param(p, now)} and c.closed_at is null`;

/**
 * The predicate of one queue (null: every case), with its parameters appended to `p`; `now` is the
 * instant a step is overdue against (the node's clock, not the database's).
 */
export function queueWhere(queue: Queue, user: SessionUser, p: unknown[], now: Date): string | null {
  switch (queue) {
    case 'to_accept':
      return `c.state = 'reported'`;
    case 'to_verify':
      return `c.state = 'verifying'`;
    case 'to_file':
      return `c.state = 'accepted'`;
    case 'to_dispatch':
      return `(c.state = 'filed' or (c.state = 'dispatched' and c.snapshot->>'dispatchLevel' = 'district'))`;
    case 'in_work':
      return `c.state in ('dispatched', 'handling')`;
    case 'to_check':
      return `c.state in ('handled', 'checking')`;
    case 'to_close':
      return `c.state = 'checked_ok'`;
    case 'requests':
      return `c.pending_kind is not null`;
    case 'suspended':
      return `c.state = 'suspended'`;
    case 'overdue':
      return OVERDUE(p, now);
    case 'my_tasks':
      // An inspector's verify and check tasks: assigned to them, or unassigned in their grids.
      return `c.state in ('verifying', 'checking') and (c.task_inspector_id = ${param(p, user.id)} or
        (c.task_inspector_id is null and c.supervision_grid_code = any(${param(p, user.supervisionGridCodes)}::text[])))`;
    case 'my_reports':
      return `c.reporter_id = ${param(p, user.id)}`;
    case 'inbox':
      return `c.state in ('dispatched', 'handling', 'suspended') and coalesce(c.snapshot->>'dispatchLevel', 'unit') = 'unit'`;
    case 'handled':
      // Work the unit has reported done: waiting for the check, checked, or closed.
      return `c.state in ('handled', 'checking', 'checked_ok', 'closed')`;
    case 'closed':
      return `c.state = any(${param(p, FINAL_STATES)}::text[])`;
    case 'all':
      return null;
  }
}

/**
 * What the user may see at all (jurisdiction) and the list filters, as predicates on `cases c`:
 * shared by the queue lists and the queue counts so that both always agree.
 */
export function caseScopeWhere(
  f: CaseFilter,
  user: SessionUser,
  onlyOwn: boolean,
  p: unknown[],
  now: Date,
): string[] {
  const where: string[] = [];
  // Jurisdiction first: what the user may see at all.
  if (onlyOwn) where.push(`c.reporter_id = ${param(p, user.id)}`);
  else if (user.jurisdiction.level === 'department')
    where.push(`c.unit_id = ${param(p, user.departmentId ?? -1)}`);
  else if (user.jurisdiction.level === 'district')
    where.push(`c.district_code = ${param(p, user.jurisdiction.code)}`);
  else if (user.jurisdiction.level === 'street')
    where.push(`c.street_code = ${param(p, user.jurisdiction.code)}`);
  if (f.state) where.push(`c.state = any(${param(p, f.state.split(','))}::text[])`);
  if (f.districtCode) where.push(`c.district_code = ${param(p, f.districtCode)}`);
  if (f.streetCode) where.push(`c.street_code = ${param(p, f.streetCode)}`);
  if (f.gridCode) where.push(`c.grid_code = ${param(p, f.gridCode)}`);
  if (f.kind) where.push(`c.kind = ${param(p, f.kind)}`);
  if (f.category) where.push(`c.category = ${param(p, f.category)}`);
  if (f.source) where.push(`c.source = ${param(p, f.source)}`);
  if (f.urgency) where.push(`c.urgency = ${param(p, f.urgency)}`);
  if (f.unitId) where.push(`c.unit_id = ${param(p, f.unitId)}`);
  if (f.componentCode) where.push(`c.component_code = ${param(p, f.componentCode)}`);
  if (f.from) where.push(`c.reported_at >= ${param(p, f.from)}`);
  if (f.to) where.push(`c.reported_at < ${param(p, f.to)}`);
  if (f.overdue) where.push(OVERDUE(p, now));
  if (f.q)
    where.push(
      `(c.code like ${param(p, `%${f.q}%`)} or c.description ilike ${param(p, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`)})`,
    );
  return where;
}

/** A page of cases the user may see, newest first, by keyset on id (never OFFSET). */
export async function listCases(q: Queryable, f: CaseFilter, user: SessionUser, onlyOwn: boolean, now: Date) {
  const p: unknown[] = [];
  const where = caseScopeWhere(f, user, onlyOwn, p, now);
  if (f.queue) {
    const w = queueWhere(f.queue, user, p, now);
    if (w) where.push(w);
  }
  if (f.cursor) where.push(`c.id < ${param(p, f.cursor)}`);
  const limit = f.limit ?? 50;
  const r = await q.query<CaseRow>(
    `select c.* from cases c ${where.length ? `where ${where.join(' and ')}` : ''} order by c.id desc limit ${param(p, limit + 1)}`,
    p,
  );
  const rows = r.rows.slice(0, limit);
  return { rows, nextCursor: r.rows.length > limit ? (rows.at(-1)?.id ?? null) : null };
}

/**
 * How many cases the user may see wait in each queue, under the list filters: one statement,
 * `count(*) filter (where …)` per queue with the queues' own predicates. The statement is limited
 * to rows in at least one queue, so PostgreSQL may combine the queues' indexes (bitmap OR) rather
 * than read every closed case of the jurisdiction.
 */
export async function countQueues<Q extends Queue>(
  q: Queryable,
  queues: readonly Q[],
  f: CaseFilter,
  user: SessionUser,
  onlyOwn: boolean,
  now: Date,
): Promise<Record<Q, number>> {
  const p: unknown[] = [];
  const where = caseScopeWhere(f, user, onlyOwn, p, now);
  const predicates = queues.map((queue) => queueWhere(queue, user, p, now) ?? 'true');
  if (predicates.length) where.push(`(${predicates.map((w) => `(${w})`).join(' or ')})`);
  const r = await q.query<Record<string, number>>(
    `select ${predicates.map((w, i) => `count(*) filter (where ${w})::int as q${i}`).join(', ')}
     from cases c ${where.length ? `where ${where.join(' and ')}` : ''}`,
    p,
  );
  const row = r.rows[0] ?? {};
  return Object.fromEntries(queues.map((queue, i) => [queue, Number(row[`q${i}`] ?? 0)])) as Record<
    Q,
    number
  >;
}
