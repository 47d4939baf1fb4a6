import { VISIT_DUE_HOURS } from '@cityloop/domain';

/**
 * The one definition of a return visit's figures (回访), as SQL conditions. The evaluation's visit
 * counts (evaluation.pieces.ts: visitsDue, visited, satisfied, basicallySatisfied) and the visit
 * figures page, its drill-down and its Excel export (visitFigures.repository.ts) all read these,
 * so the 回访率 and 满意率 of the two pages cannot drift apart.
 *
 * Over `e` (a case_events row): a call that ended a visit (caller reached, or unreachable after the
 * last allowed call; a call nobody answered leaves it due). Over `c` (a cases row as it stands):
 * a visit still not made whose time ran out in [$1, $3) ($3 = min(period end, now)).
 */

/** How long after closing a return visit is due (an SQL interval). */
export const VISIT_DUE = `interval '${VISIT_DUE_HOURS} hours'`;

export const VISIT_ENDED = `e.action = 'return_visit' and e.payload->>'result' in ('reached', 'unreached')`;
export const VISIT_REACHED = `e.action = 'return_visit' and e.payload->>'reached' = 'true'`;
export const visitAnswered = (s: 'satisfied' | 'basically_satisfied' | 'dissatisfied') =>
  `e.action = 'return_visit' and e.payload->>'satisfaction' = '${s}'`;

/** The closing a visit event follows up (the last close or fix on the spot before it). */
export const VISIT_DUE_SINCE = `(select max(f.at) from case_events f
  where f.case_id = e.case_id and f.id < e.id and f.action in ('close', 'self_handle'))`;
/** A visit that ended within its time after the closing it follows up. */
export const VISIT_ON_TIME = `(${VISIT_ENDED}) and e.at <= ${VISIT_DUE_SINCE} + ${VISIT_DUE}`;

/** Keep in step with the partial index cases_visits_due (0009) and visits.repository.ts. */
export const VISIT_PENDING = `c.state = 'closed' and c.wants_reply and coalesce(c.snapshot->'visit'->>'result', 'retry') = 'retry'
  and c.closed_at >= $1::timestamptz - ${VISIT_DUE} and c.closed_at < $3::timestamptz - ${VISIT_DUE}`;
/** When a pending visit came due (it is bucketed and listed by it). */
export const VISIT_PENDING_AT = `(c.closed_at + ${VISIT_DUE})`;

/**
 * Residents' channels whose reports are complaints (诉求): the hotline, the web portals, partner
 * apps and the media; inspectors', sensors' and leaders' reports are the city's own finds.
 */
export const COMPLAINT_SOURCES = `('hotline', 'web', 'open311', 'media')`;
/**
 * A repeat complaint (重复投诉): a report linked to an earlier open case of the same problem
 * (`duplicate_of`, set when the reporter or the desk joins it to that case). This is what main
 * records today; a dedicated repeat link, when the hotline desk adds one, belongs here.
 */
export const REPEAT = `c.duplicate_of is not null`;
