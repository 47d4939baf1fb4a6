import type { CaseVisit } from './visits.js';

/**
 * Case states, vocabularies and the snapshot the server stores for every case. The snapshot holds
 * exactly what the state machine needs to decide the next step; everything else (category,
 * position, description) is the server's business.
 */

export const CASE_STATES = [
  'reported',
  'verifying',
  'accepted',
  'not_accepted',
  'filed',
  'not_filed',
  // Also "sent to a district for second-level dispatch": see CaseSnapshot.dispatchLevel.
  'dispatched',
  'handling',
  'handled',
  'checking',
  'checked_ok',
  'closed',
  'cancelled',
  // Suspension is a state of its own (not a flag) so that queues, counts and the clock can tell a
  // suspended case apart with one column; the state to return to is kept in resumeState.
  'suspended',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * States no one works on any more. `closed` may still be reopened by a dissatisfied return visit
 * (action `return_visit`), which sends the case back to its unit for rework.
 */
export const FINAL_STATES = [
  'not_accepted',
  'not_filed',
  'closed',
  'cancelled',
] as const satisfies readonly CaseState[];

/** Final states a case reaches without its work being done: refused at acceptance or filing, or cancelled. */
export const DROPPED_STATES = FINAL_STATES.filter(
  (s): s is Exclude<(typeof FINAL_STATES)[number], 'closed'> => s !== 'closed',
);

/** Every state in which the case is still being worked on (and may be cancelled or urged). */
export const OPEN_STATES = CASE_STATES.filter(
  (s): s is Exclude<CaseState, (typeof FINAL_STATES)[number]> =>
    !(FINAL_STATES as readonly string[]).includes(s),
);
export type OpenCaseState = (typeof OPEN_STATES)[number];

export function isOpenState(state: CaseState): boolean {
  return (OPEN_STATES as readonly CaseState[]).includes(state);
}

/** The states a handling unit works in; extension, send-back and suspension are asked for here. */
export const UNIT_WORK_STATES = ['dispatched', 'handling'] as const satisfies readonly CaseState[];
export type UnitWorkState = (typeof UNIT_WORK_STATES)[number];

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CASE_SOURCES = [
  'inspector',
  'hotline',
  'web',
  'open311',
  'video',
  'sensor',
  'leader',
  'media',
  'assessment',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** Nature of a public request (求决/投诉/咨询/建议/感谢). */
export const CASE_NATURES = ['request', 'complaint', 'inquiry', 'suggestion', 'thanks'] as const;
export type CaseNature = (typeof CASE_NATURES)[number];

/**
 * Sources whose reports an inspector must confirm on site before they become work: the public
 * and machines raise false alarms; inspectors, assessors and leaders' orders are trusted.
 */
export const SOURCES_NEEDING_VERIFICATION = [
  'hotline',
  'web',
  'open311',
  'media',
  'video',
  'sensor',
] as const satisfies readonly CaseSource[];

export function needsVerification(source: CaseSource): boolean {
  return (SOURCES_NEEDING_VERIFICATION as readonly CaseSource[]).includes(source);
}

/** Requests a handling unit (or, for cancel, anyone involved) makes and someone else approves. */
export const PENDING_REQUEST_KINDS = ['extension', 'send_back', 'suspension', 'cancel'] as const;
export type PendingRequestKind = (typeof PENDING_REQUEST_KINDS)[number];

export interface PendingRequest {
  kind: PendingRequestKind;
  byUserId: number;
  /** ISO 8601 instant the request was made. */
  at: string;
  /** Requested extension in working hours; null for other kinds. */
  hours: number | null;
  reason: string;
}

/** An interval during which the case's clock stood still (ISO 8601 instants; `to` null = still suspended). */
export interface CasePause {
  from: string;
  to: string | null;
}

/**
 * What the server stores per case (as columns or one JSON column) and passes to decideAction.
 * `state` is also the text column queues filter on.
 */
export interface CaseSnapshot {
  state: CaseState;
  /** While suspended: the state to return to on resume. Null otherwise. */
  resumeState: UnitWorkState | null;
  urgency: Urgency;
  source: CaseSource;
  /** User who reported the case (inspector, hotline seat, citizen account); null for machines. */
  reporterId: number | null;
  /** Inspector the current verify/check task is assigned to; null = any inspector in reach. */
  taskInspectorId: number | null;
  /** Department (unit) the case is dispatched to; null before dispatch and after a send-back. */
  unitId: number | null;
  /**
   * 'district' when the city sent the case to a district centre that must dispatch it again
   * (two-level dispatch, 二次派遣); 'unit' when it sits with the unit that does the work.
   */
  dispatchLevel: 'district' | 'unit' | null;
  /** Handler who last reported the work done; they may not check or close their own work. */
  doneByUserId: number | null;
  reworkCount: number;
  sendBackCount: number;
  urgeCount: number;
  /** Sum of approved extensions, in working hours, added to the disposal deadline. */
  extensionHours: number;
  pendingRequest: PendingRequest | null;
  /** Every suspension, oldest first; the SLA clock skips them (see calendar deadlineWithPauses). */
  pauses: CasePause[];
  /** Start of the current suspension (ISO 8601), mirrored from the open pause for cheap queries. */
  suspendedSince: string | null;
  /** True when the inspector fixed it on the spot (自行处置); such cases go to an audit list. */
  selfHandled: boolean;
  /**
   * The return visit (回访) of the current closing; null until the first call and again after each
   * closing. Absent in snapshots stored before return visits existed (read it as null).
   */
  visit?: CaseVisit | null;
}

export interface NewCaseInput {
  source: CaseSource;
  reporterId: number | null;
  urgency?: Urgency;
  /** Public and machine reports go straight to an inspector for verification when true. */
  autoVerify?: boolean;
}

/** The snapshot of a case that has just been reported. */
export function newCaseSnapshot(input: NewCaseInput): CaseSnapshot {
  const verifyFirst = (input.autoVerify ?? false) && needsVerification(input.source);
  return {
    state: verifyFirst ? 'verifying' : 'reported',
    resumeState: null,
    urgency: input.urgency ?? 'normal',
    source: input.source,
    reporterId: input.reporterId,
    taskInspectorId: null,
    unitId: null,
    dispatchLevel: null,
    doneByUserId: null,
    reworkCount: 0,
    sendBackCount: 0,
    urgeCount: 0,
    extensionHours: 0,
    pendingRequest: null,
    pauses: [],
    suspendedSince: null,
    selfHandled: false,
    visit: null,
  };
}
