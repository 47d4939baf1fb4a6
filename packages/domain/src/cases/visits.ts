/**
 * Return visits (回访): when a case closes, a hotline seat calls back the callers who asked for a
 * reply. The visit is a step of the case loop (action `return_visit`, see actions.ts): its outcome
 * lives in the case's snapshot and its event row, so the state machine stays the one way a case
 * changes state and the evaluation counts visits from event rows like everything else.
 */

/** 满意 / 基本满意 / 不满意. A dissatisfied caller reopens the case for rework. */
export const VISIT_SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type VisitSatisfaction = (typeof VISIT_SATISFACTIONS)[number];

/**
 * Where the visit of the current closing stands: `retry` after a call nobody answered (it stays
 * due), `reached` once the caller answered, `unreached` when the last allowed attempt failed too.
 */
export const VISIT_RESULTS = ['retry', 'reached', 'unreached'] as const;
export type VisitResult = (typeof VISIT_RESULTS)[number];

/** Calls before a caller who never answers is recorded as not reachable (the visit is then over). */
export const MAX_VISIT_ATTEMPTS = 3;

/**
 * Hours after closing by which the visit is due. Evaluation counts a visit still not made after
 * this as due and missed; before it the visit is simply not due yet.
 */
export const VISIT_DUE_HOURS = 48;

/** The return visit of the case's current closing; reset when the case closes again. */
export interface CaseVisit {
  /** Calls made since the case last closed, answered or not. */
  attempts: number;
  /** ISO 8601 instant of the last call. */
  lastAttemptAt: string;
  result: VisitResult;
  /** The caller's answer when reached. */
  satisfaction: VisitSatisfaction | null;
}

/** Whether the visit of the current closing is over (no further call is recorded). */
export function visitEnded(visit: CaseVisit | null | undefined): boolean {
  return visit !== null && visit !== undefined && visit.result !== 'retry';
}

/** Satisfied or basically satisfied: what the satisfaction rate (满意率) counts. */
export function isSatisfied(s: VisitSatisfaction | null | undefined): boolean {
  return s === 'satisfied' || s === 'basically_satisfied';
}

/**
 * A phone number as lists and pages show it, the one masker of the system: at least four digits
 * are always hidden (all of a number of four or fewer). Eleven digits or more keep the first three
 * and the last four (13812341234 → 138****1234, 0535-6681234 → 053****1234); eight to ten keep the
 * last four; shorter ones keep what remains past four hidden (6231234 → ****234). Separators are
 * dropped and the mask is always four stars, so the length is not told either.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^0-9]/g, '');
  const n = digits.length;
  const head = n >= 11 ? 3 : 0;
  const tail = Math.min(4, Math.max(0, n - 4));
  return `${digits.slice(0, head)}****${tail > 0 ? digits.slice(-tail) : ''}`;
}
