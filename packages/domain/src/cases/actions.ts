import type { Role } from '../roles.js';
import {
  CASE_STATES,
  OPEN_STATES,
  UNIT_WORK_STATES,
  type CaseState,
  type PendingRequestKind,
} from './states.js';

/** Stable action ids, used on the wire as `{"action": "..."}` and in event rows. */
export const CASE_ACTION_IDS = [
  'accept',
  'reject',
  'send_verify',
  'verify',
  'file',
  'refuse',
  'dispatch',
  'start',
  'report_done',
  'to_check',
  'check',
  'close',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'request_send_back',
  'approve_send_back',
  'deny_send_back',
  'request_suspension',
  'approve_suspension',
  'deny_suspension',
  'resume',
  'request_cancel',
  'approve_cancel',
  'deny_cancel',
  'urge',
  'self_handle',
  'comment',
  'return_visit',
] as const;
export type CaseAction = (typeof CASE_ACTION_IDS)[number];

export interface CaseActionRule {
  /** States the action is valid in. */
  from: readonly CaseState[];
  /** Roles that may take it; the first one the actor holds is recorded on the event. */
  roles: readonly Role[];
  /** States it can lead to; empty = the state does not change. */
  to: readonly CaseState[];
  /** A pending request of this kind must exist (approve_* / deny_*). */
  pending?: PendingRequestKind;
  /** What the body must carry beyond `action` (the TypeBox schema in schemas.ts is the contract). */
  needs: string;
}

const INTAKE: readonly Role[] = ['operator', 'hotline'];
// Anyone who works on cases may leave a note or ask for a cancellation (e.g. a duplicate); the
// server still checks they are involved (jurisdiction, unit). admin manages the system and
// citizens talk through the public channels, so neither acts on the case loop itself.
const STAFF: readonly Role[] = [
  'operator',
  'hotline',
  'inspector',
  'shift_leader',
  'dispatcher',
  'handler',
  'supervisor',
  'leader',
];

export const CASE_ACTIONS = {
  accept: { from: ['reported'], roles: INTAKE, to: ['accepted'], needs: 'optional comment' },
  reject: { from: ['reported', 'verifying'], roles: INTAKE, to: ['not_accepted'], needs: 'comment (why)' },
  // Also valid while verifying so the operator can hand the task to another inspector.
  send_verify: {
    from: ['reported', 'verifying'],
    roles: INTAKE,
    to: ['verifying'],
    needs: 'optional inspectorId',
  },
  verify: {
    from: ['verifying'],
    roles: ['inspector'],
    to: ['accepted', 'not_accepted'],
    needs: 'confirmed (boolean); comment when not confirmed; optional photos',
  },
  file: { from: ['accepted'], roles: ['shift_leader'], to: ['filed'], needs: 'optional urgency' },
  refuse: { from: ['accepted'], roles: ['shift_leader'], to: ['not_filed'], needs: 'comment (why)' },
  // From `dispatched` only when the case sits with a district centre (second-level dispatch).
  dispatch: {
    from: ['filed', 'dispatched'],
    roles: ['dispatcher'],
    to: ['dispatched'],
    needs: "unitId; level 'district' to send to a district centre",
  },
  start: { from: ['dispatched'], roles: ['handler'], to: ['handling'], needs: 'optional comment' },
  // From `dispatched` too: units that fix at once need not "start" first.
  report_done: {
    from: UNIT_WORK_STATES,
    roles: ['handler'],
    to: ['handled'],
    needs: 'photos (at least one)',
  },
  to_check: { from: ['handled', 'checking'], roles: INTAKE, to: ['checking'], needs: 'optional inspectorId' },
  check: {
    from: ['checking'],
    roles: ['inspector'],
    to: ['checked_ok', 'dispatched'],
    needs: 'passed (boolean); comment when failed; optional photos',
  },
  close: { from: ['checked_ok'], roles: ['shift_leader'], to: ['closed'], needs: 'optional comment' },
  request_extension: {
    from: UNIT_WORK_STATES,
    roles: ['handler'],
    to: [],
    needs: 'hours > 0 (working hours), reason',
  },
  approve_extension: {
    from: UNIT_WORK_STATES,
    roles: ['dispatcher'],
    to: [],
    pending: 'extension',
    needs: 'optional hours (≤ requested) to grant less',
  },
  deny_extension: {
    from: UNIT_WORK_STATES,
    roles: ['dispatcher'],
    to: [],
    pending: 'extension',
    needs: 'comment (why)',
  },
  request_send_back: { from: UNIT_WORK_STATES, roles: ['handler'], to: [], needs: 'reason' },
  approve_send_back: {
    from: UNIT_WORK_STATES,
    roles: ['dispatcher'],
    to: ['filed'],
    pending: 'send_back',
    needs: 'optional comment',
  },
  deny_send_back: {
    from: UNIT_WORK_STATES,
    roles: ['dispatcher'],
    to: [],
    pending: 'send_back',
    needs: 'comment (why)',
  },
  request_suspension: { from: UNIT_WORK_STATES, roles: ['handler'], to: [], needs: 'reason' },
  approve_suspension: {
    from: UNIT_WORK_STATES,
    roles: ['dispatcher'],
    to: ['suspended'],
    pending: 'suspension',
    needs: 'optional comment',
  },
  deny_suspension: {
    from: UNIT_WORK_STATES,
    roles: ['dispatcher'],
    to: [],
    pending: 'suspension',
    needs: 'comment (why)',
  },
  resume: { from: ['suspended'], roles: ['dispatcher'], to: UNIT_WORK_STATES, needs: 'optional comment' },
  request_cancel: { from: OPEN_STATES, roles: STAFF, to: [], needs: 'reason' },
  approve_cancel: {
    from: OPEN_STATES,
    roles: ['shift_leader'],
    to: ['cancelled'],
    pending: 'cancel',
    needs: 'optional comment',
  },
  deny_cancel: {
    from: OPEN_STATES,
    roles: ['shift_leader'],
    to: [],
    pending: 'cancel',
    needs: 'comment (why)',
  },
  // A leader's instruction (领导督办) is an urge too, so leaders may urge besides supervisors.
  urge: { from: OPEN_STATES, roles: ['supervisor', 'leader'], to: [], needs: 'comment (the instruction)' },
  self_handle: {
    from: ['reported'],
    roles: ['inspector'],
    to: ['closed'],
    needs: 'photos (at least one); only the reporting inspector',
  },
  comment: { from: CASE_STATES, roles: STAFF, to: [], needs: 'comment; optional photos' },
  // The return visit (回访) is made by the intake side (hotline seats) that took the call. Only a
  // dissatisfied caller changes the state: the case goes back to its unit for rework (to the
  // dispatcher when it never had one); every other outcome leaves it closed.
  return_visit: {
    from: ['closed'],
    roles: INTAKE,
    to: ['closed', 'dispatched', 'filed'],
    needs: 'reached (boolean); satisfaction when reached; comment when dissatisfied',
  },
} as const satisfies Record<CaseAction, CaseActionRule>;

export function isCaseAction(value: string): value is CaseAction {
  return (CASE_ACTION_IDS as readonly string[]).includes(value);
}

/** The rule of one action, typed as the general shape (the const table keeps literal types). */
export function actionRule(action: CaseAction): CaseActionRule {
  return CASE_ACTIONS[action];
}
