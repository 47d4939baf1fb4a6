import type { CaseAction } from '@cityloop/domain/cases/actions';

/**
 * What the form of each action asks for. The body schemas in packages/domain (cases/schemas.ts)
 * are the contract; this only decides which inputs to show and which are required.
 */
export interface ActionFields {
  /** Free text: none, optional, required, or required when the yes/no answer is "no". */
  comment?: 'optional' | 'required' | 'ifNegative';
  reason?: true;
  /** Photos: 0 = optional, 1 = at least one. */
  photos?: 0 | 1;
  unit?: true;
  /** The inspector sent on site (核实/核查); the grid's inspector is preselected. */
  inspector?: true;
  urgency?: true;
  hours?: 'request' | 'grant';
  /** The yes/no answer of an on-site visit. */
  answer?: 'confirmed' | 'passed';
  condition?: 'filing' | 'closing';
}

export const ACTION_FIELDS: Record<CaseAction, ActionFields> = {
  accept: { comment: 'optional' },
  reject: { comment: 'required' },
  send_verify: { inspector: true, comment: 'optional' },
  verify: { answer: 'confirmed', photos: 0, comment: 'ifNegative' },
  file: { urgency: true, comment: 'optional', condition: 'filing' },
  refuse: { comment: 'required', condition: 'filing' },
  dispatch: { unit: true, comment: 'optional' },
  start: { comment: 'optional' },
  report_done: { photos: 1, comment: 'optional', condition: 'closing' },
  to_check: { inspector: true, comment: 'optional' },
  check: { answer: 'passed', photos: 0, comment: 'ifNegative', condition: 'closing' },
  close: { comment: 'optional', condition: 'closing' },
  request_extension: { hours: 'request', reason: true },
  approve_extension: { hours: 'grant', comment: 'optional' },
  deny_extension: { comment: 'required' },
  request_send_back: { reason: true },
  approve_send_back: { comment: 'optional' },
  deny_send_back: { comment: 'required' },
  request_suspension: { reason: true },
  approve_suspension: { comment: 'optional' },
  deny_suspension: { comment: 'required' },
  resume: { comment: 'optional' },
  request_cancel: { reason: true },
  approve_cancel: { comment: 'optional' },
  deny_cancel: { comment: 'required' },
  urge: { comment: 'required' },
  self_handle: { photos: 1, comment: 'optional' },
  comment: { comment: 'required', photos: 0 },
  // Recorded on the return-visit page (CaseActions opens it): reached? how satisfied?
  return_visit: {},
};

/** Actions that end or refuse work, shown as red buttons. */
const DANGER = new Set<CaseAction>([
  'reject',
  'refuse',
  'deny_extension',
  'deny_send_back',
  'deny_suspension',
  'deny_cancel',
  'request_cancel',
  'approve_cancel',
]);
/** The forward steps of the loop, shown as the primary buttons. */
const PRIMARY = new Set<CaseAction>([
  'accept',
  'verify',
  'file',
  'dispatch',
  'start',
  'report_done',
  'to_check',
  'check',
  'close',
  'approve_extension',
  'approve_send_back',
  'approve_suspension',
  'resume',
  'self_handle',
]);

export function actionButtonType(a: CaseAction): 'primary' | 'danger' | 'default' | 'warning' {
  if (PRIMARY.has(a)) return 'primary';
  if (DANGER.has(a)) return 'danger';
  if (a === 'urge') return 'warning';
  return 'default';
}

/** Buttons in the order a user reads them: forward steps first, notes last. */
export function sortActions(actions: readonly CaseAction[]): CaseAction[] {
  const rank = (a: CaseAction) => (PRIMARY.has(a) ? 0 : DANGER.has(a) ? 2 : a === 'comment' ? 3 : 1);
  return [...actions].sort((a, b) => rank(a) - rank(b));
}
