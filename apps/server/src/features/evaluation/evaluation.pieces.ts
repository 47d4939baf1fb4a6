import { DROPPED_STATES } from '@cityloop/domain';
import { identifierList } from '../../db/literal.js';
import type { EvaluationSubject } from '@cityloop/domain/api';
import {
  VISIT_ENDED,
  VISIT_PENDING,
  VISIT_REACHED,
  visitAnswered,
} from '../visitfigures/visitFigures.pieces.js';

/**
 * The SQL behind every evaluation figure. Each piece is one countable set of rows, counted per
 * subject and period by one grouped query (evaluation.repository.ts) and listed case by case for a
 * drill-down; the service adds pieces up into the counts of docs/CASE-LOOP.md. Everything is derived
 * from case_events (and, for work still pending, the cases' own due columns): no counter table.
 *
 * Sources:
 * - `event`: case_events e (joined to cases c) with e.at in [from, to);
 * - `grid`:  the same events, credited to every inspector of the case's supervision grid;
 * - `late`:  report_done events whose disposal came due in [from, to) but which were done after it;
 * - `step`:  cases as they stand now whose current step came due in [from, min(to, now)) (`$3`);
 * - `due`:   cases as they stand now whose disposal deadline fell in [from, min(to, now));
 * - `visit`: closed cases as they stand now whose return visit came due in [from, min(to, now)).
 * `$1` = from, `$2` = to, `$3` = min(to, now). `bucket(x)` is replaced by the trend bucket of x
 * (or a constant for a whole-period evaluation); `AFTER(x, due)` by "x falls after due's bucket".
 */
export type PieceSource = 'event' | 'grid' | 'late' | 'step' | 'due' | 'visit';

export interface Piece {
  source: PieceSource;
  /** Boolean SQL over e (and c) for event/grid/late pieces, over c for step/due/visit pieces. */
  sql: string;
  /** Subjects the piece is computed for. */
  for: readonly EvaluationSubject[];
  /** Whether the condition reads the cases row (c). */
  needsCase?: boolean;
}

const AREAS = ['streets', 'districts'] as const;
const UNIT_AND_AREAS = ['units', ...AREAS] as const;
const VISIT_SUBJECTS = ['operators', ...UNIT_AND_AREAS] as const;
const DISSATISFIED_VISIT = `(${visitAnswered('dissatisfied')})`;
const STATES_AFTER_FILING = `('filed','dispatched','handling','handled','checking','checked_ok','suspended','closed')`;

export const PIECES = {
  /** Reports made (a duplicate report linked to an open case included). */
  reported: { source: 'event', sql: `e.action = 'report'`, for: ['inspectors', ...AREAS] },
  /** Reports that became work: the case was filed (even if later cancelled), is a confirmed duplicate, or was fixed on the spot. */
  valid: {
    source: 'event',
    needsCase: true,
    sql: `e.action = 'report' and (c.duplicate_of is not null or c.state in ${STATES_AFTER_FILING}
      or (c.state = 'cancelled' and exists (select 1 from case_events f where f.case_id = c.id and f.action = 'file')))`,
    for: ['inspectors', ...AREAS],
  },
  /** Verify tasks answered (timed verify step). */
  verifyDone: {
    source: 'event',
    sql: `e.action = 'verify' and e.step = 'verify'`,
    for: ['inspectors', ...AREAS],
  },
  verifyOnTime: {
    source: 'event',
    sql: `e.action = 'verify' and e.step = 'verify' and e.on_time`,
    for: ['inspectors', ...AREAS],
  },
  /** Verify tasks still open whose time ran out in the period (inspectors: assigned to them). */
  verifyPending: {
    source: 'step',
    sql: `c.state = 'verifying' and c.step_due_at >= $1 and c.step_due_at < $3`,
    for: ['inspectors', ...AREAS],
  },
  checkDone: {
    source: 'event',
    sql: `e.action = 'check' and e.step = 'check'`,
    for: ['inspectors', ...AREAS],
  },
  checkOnTime: {
    source: 'event',
    sql: `e.action = 'check' and e.step = 'check' and e.on_time`,
    for: ['inspectors', ...AREAS],
  },
  checkPending: {
    source: 'step',
    sql: `c.state in ('handled', 'checking') and c.step = 'check' and c.step_due_at >= $1 and c.step_due_at < $3`,
    for: ['inspectors', ...AREAS],
  },
  /** A public (non-inspector) report confirmed on site: a problem the grid's inspectors missed. */
  missed: {
    source: 'event',
    needsCase: true,
    sql: `e.action = 'verify' and e.payload->>'confirmed' = 'true' and c.source <> 'inspector'`,
    for: AREAS,
  },
  gridMissed: {
    source: 'grid',
    sql: `e.action = 'verify' and e.payload->>'confirmed' = 'true' and c.source <> 'inspector'`,
    for: ['inspectors'],
  },
  gridFiled: { source: 'grid', sql: `e.action = 'file'`, for: ['inspectors'] },
  /** Intake: reports an operator or hotline seat registered, and their first decision on a report. */
  intake: {
    source: 'event',
    sql: `e.actor_role in ('operator', 'hotline') and (e.action = 'report'
      or (e.action in ('accept', 'reject', 'send_verify') and e.from_state = 'reported'))`,
    for: ['operators', ...AREAS],
  },
  /** The accept step (accept / reject / send to verify), timed against its limit. */
  acceptDone: { source: 'event', sql: `e.step = 'accept'`, for: ['operators', ...AREAS] },
  acceptOnTime: { source: 'event', sql: `e.step = 'accept' and e.on_time`, for: ['operators', ...AREAS] },
  /** Check tasks sent after the unit reported done. */
  checkSent: {
    source: 'event',
    sql: `e.action = 'to_check' and e.from_state = 'handled'`,
    for: ['operators', ...AREAS],
  },
  /** … before the check step's due time (recorded on the check that completed it, else the case's current one). */
  checkSentOnTime: {
    source: 'event',
    needsCase: true,
    sql: `e.action = 'to_check' and e.from_state = 'handled' and (case when e.action = 'to_check' then
      e.at <= coalesce((select n.due_at from case_events n where n.case_id = e.case_id and n.id > e.id
        and n.action = 'check' order by n.id limit 1), c.step_due_at) end)`,
    for: ['operators', ...AREAS],
  },
  /** The file step (file or refuse), timed. */
  fileDone: { source: 'event', sql: `e.step = 'file'`, for: ['shift_leaders', ...AREAS] },
  fileOnTime: { source: 'event', sql: `e.step = 'file' and e.on_time`, for: ['shift_leaders', ...AREAS] },
  filingPending: {
    source: 'step',
    sql: `c.state = 'accepted' and c.step_due_at >= $1 and c.step_due_at < $3`,
    for: AREAS,
  },
  filed: { source: 'event', sql: `e.action = 'file'`, for: ['shift_leaders', ...AREAS] },
  /** Filed and not cancelled since (a wrongly filed case ends cancelled). */
  filedAccurate: {
    source: 'event',
    needsCase: true,
    sql: `e.action = 'file' and c.state <> 'cancelled'`,
    for: ['shift_leaders', ...AREAS],
  },
  dispatched: { source: 'event', sql: `e.action = 'dispatch'`, for: ['dispatchers', ...AREAS] },
  dispatchOnTime: {
    source: 'event',
    sql: `e.action = 'dispatch' and e.on_time`,
    for: ['dispatchers', ...AREAS],
  },
  dispatchPending: {
    source: 'step',
    sql: `c.step = 'dispatch' and c.state in ('filed', 'dispatched') and c.step_due_at >= $1 and c.step_due_at < $3`,
    for: AREAS,
  },
  /** A dispatch whose next dispatch decision was a send-back: it went to the wrong unit. */
  dispatchWrong: {
    source: 'event',
    sql: `e.action = 'dispatch' and (case when e.action = 'dispatch' then
      (select n.action from case_events n where n.case_id = e.case_id and n.id > e.id
        and n.action in ('dispatch', 'approve_send_back') order by n.id limit 1) = 'approve_send_back' end)`,
    for: ['dispatchers', ...AREAS],
  },
  /** Send-backs the unit obtained (the event's unit is the one that returned the case). */
  sendBacksMade: { source: 'event', sql: `e.action = 'approve_send_back'`, for: ['units'] },
  disposed: { source: 'event', sql: `e.action = 'report_done'`, for: UNIT_AND_AREAS },
  disposedOnTime: { source: 'event', sql: `e.action = 'report_done' and e.on_time`, for: UNIT_AND_AREAS },
  /** Disposal due in the period but reported done only after it. */
  disposalLate: { source: 'late', sql: `true`, for: UNIT_AND_AREAS },
  /** Disposal due in the period and still not done (suspended cases have no running deadline). */
  disposalPending: {
    source: 'step',
    sql: `c.state in ('dispatched', 'handling') and c.step = 'dispose' and c.step_due_at >= $1 and c.step_due_at < $3`,
    for: UNIT_AND_AREAS,
  },
  /** Suspended cases whose disposal deadline (before suspension) fell in the period. */
  disposalSuspended: {
    source: 'due',
    sql: `c.state = 'suspended' and c.disposal_due_at >= $1 and c.disposal_due_at < $3`,
    for: UNIT_AND_AREAS,
  },
  /** Closed (and, for areas, fixed on the spot by the inspector). */
  closed: {
    source: 'event',
    sql: `e.action in ('close', 'self_handle')`,
    for: ['shift_leaders', ...UNIT_AND_AREAS],
  },
  /** Closed with the last disposal on time (a fix on the spot is on time). */
  closedOnTime: {
    source: 'event',
    sql: `e.action = 'self_handle' or (e.action = 'close' and (case when e.action = 'close' then
      (select d.on_time from case_events d where d.case_id = e.case_id and d.id < e.id
        and d.action = 'report_done' order by d.id desc limit 1) end))`,
    for: UNIT_AND_AREAS,
  },
  /** The close step itself (shift leader), timed. */
  closeStepDone: { source: 'event', sql: `e.step = 'close'`, for: ['shift_leaders'] },
  closeStepOnTime: { source: 'event', sql: `e.step = 'close' and e.on_time`, for: ['shift_leaders'] },
  /** Cases whose disposal deadline fell in the period, not closed by its end (not cancelled or refused). */
  closePending: {
    source: 'due',
    sql: `c.disposal_due_at >= $1 and c.disposal_due_at < $3 and c.state not in ${identifierList(DROPPED_STATES)}
      and (c.closed_at is null or AFTER(c.closed_at, c.disposal_due_at))`,
    for: UNIT_AND_AREAS,
  },
  closePendingSuspended: {
    source: 'due',
    sql: `c.state = 'suspended' and c.disposal_due_at >= $1 and c.disposal_due_at < $3`,
    for: UNIT_AND_AREAS,
  },
  /** A failed check or a dissatisfied return visit sends the work back (against the unit that did it). */
  rework: {
    source: 'event',
    sql: `(e.action = 'check' and e.payload->>'passed' = 'false') or ${DISSATISFIED_VISIT}`,
    for: UNIT_AND_AREAS,
  },
  extensions: { source: 'event', sql: `e.action = 'approve_extension'`, for: UNIT_AND_AREAS },
  cancellations: {
    source: 'event',
    sql: `e.action = 'approve_cancel'`,
    for: ['shift_leaders', ...UNIT_AND_AREAS],
  },
  urges: { source: 'event', sql: `e.action = 'urge'`, for: UNIT_AND_AREAS },
  /**
   * Return visits (回访), credited to the unit the case sat with and the case's area (and, for the
   * calls, the hotline seat). A visit ends with the caller reached, or unreachable after the last
   * allowed call; a call nobody answered leaves it due.
   */
  visitEnded: { source: 'event', sql: VISIT_ENDED, for: VISIT_SUBJECTS },
  visitReached: { source: 'event', sql: VISIT_REACHED, for: VISIT_SUBJECTS },
  visitSatisfied: { source: 'event', sql: visitAnswered('satisfied'), for: VISIT_SUBJECTS },
  visitBasicallySatisfied: {
    source: 'event',
    sql: visitAnswered('basically_satisfied'),
    for: VISIT_SUBJECTS,
  },
  /** Visits still not over whose time ran out in the period (closed cases whose caller wants a reply). */
  visitPending: { source: 'visit', sql: VISIT_PENDING, for: UNIT_AND_AREAS },
} as const satisfies Record<string, Piece>;

export type PieceName = keyof typeof PIECES;
export const PIECE_NAMES = Object.keys(PIECES) as PieceName[];

/** How a subject's rows are keyed in each source (null: the source does not apply). */
interface SubjectKeys {
  /** Key of event rows, and which event rows belong to this kind of subject at all. */
  event: { key: string; where: string; needsCase: boolean };
  late: string | null;
  /** Key of cases rows for work still pending (step and due sources). */
  case: { key: string; where: string } | null;
}

export const SUBJECT_KEYS: Record<EvaluationSubject, SubjectKeys> = {
  inspectors: {
    event: { key: 'e.actor_id', where: `e.actor_role = 'inspector'`, needsCase: false },
    late: null,
    case: { key: 'c.task_inspector_id', where: 'c.task_inspector_id is not null' },
  },
  operators: {
    event: { key: 'e.actor_id', where: `e.actor_role in ('operator', 'hotline')`, needsCase: false },
    late: null,
    case: null,
  },
  shift_leaders: {
    event: { key: 'e.actor_id', where: `e.actor_role = 'shift_leader'`, needsCase: false },
    late: null,
    case: null,
  },
  dispatchers: {
    event: { key: 'e.actor_id', where: `e.actor_role = 'dispatcher'`, needsCase: false },
    late: null,
    case: null,
  },
  units: {
    event: { key: 'e.unit_id', where: 'e.unit_id is not null', needsCase: false },
    late: 'e.unit_id',
    case: { key: 'c.unit_id', where: 'c.unit_id is not null' },
  },
  streets: {
    event: { key: 'c.street_code', where: 'true', needsCase: true },
    late: 'c.street_code',
    case: { key: 'c.street_code', where: 'true' },
  },
  districts: {
    event: { key: 'c.district_code', where: 'true', needsCase: true },
    late: 'c.district_code',
    case: { key: 'c.district_code', where: 'true' },
  },
};

export function piecesFor(subject: EvaluationSubject): PieceName[] {
  return PIECE_NAMES.filter((n) => (PIECES[n].for as readonly string[]).includes(subject));
}
