import { DomainError } from '../errors.js';
import type { CaseActionRequest, CaseActionRequestOf } from './schemas.js';
import type { CasePause, CaseSnapshot, PendingRequest } from './states.js';
import { MAX_VISIT_ATTEMPTS, type CaseVisit } from './visits.js';

/**
 * What each step does to a case: the snapshot after an action that decide.ts has already found
 * allowed (role, state, pending request, separation of duties) and well formed. Only what the
 * schema cannot say about a body is refused here (a refusal without its reason, more hours
 * granted than asked for).
 */

/** The request an action makes, kept on the snapshot until it is decided. */
export const REQUEST_KIND = {
  request_extension: 'extension',
  request_send_back: 'send_back',
  request_suspension: 'suspension',
  request_cancel: 'cancel',
} as const;

export function invalidPayload(message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('validation.failed', message, details);
}

function closeOpenPause(pauses: readonly CasePause[], at: string): CasePause[] {
  return pauses.map((p) => (p.to === null ? { from: p.from, to: at } : p));
}

/** The visit after one more call: checks the outcome fits and counts the attempt. */
function visitOutcome(
  before: CaseVisit | null,
  request: CaseActionRequestOf<'return_visit'>,
  at: string,
): CaseVisit {
  const action = request.action;
  if (request.reached && request.satisfaction === undefined) {
    throw invalidPayload('Say how satisfied the caller is', { action });
  }
  if (!request.reached && request.satisfaction !== undefined) {
    throw invalidPayload('A caller who was not reached gave no answer', { action });
  }
  if (request.satisfaction === 'dissatisfied' && request.comment === undefined) {
    throw invalidPayload('Say what the caller is dissatisfied with: the unit reworks it', { action });
  }
  const attempts = (before?.attempts ?? 0) + 1;
  return {
    attempts,
    lastAttemptAt: at,
    result: request.reached ? 'reached' : attempts >= MAX_VISIT_ATTEMPTS ? 'unreached' : 'retry',
    satisfaction: request.satisfaction ?? null,
  };
}

/**
 * The snapshot after `request` by `actor` at `at` (ISO 8601), and what the event adds to the
 * body's own fields (a return visit's attempt and result).
 */
export function nextSnapshot(
  snapshot: CaseSnapshot,
  request: CaseActionRequest,
  actor: { userId: number },
  at: string,
): { next: CaseSnapshot; extra: Record<string, unknown> } {
  const action = request.action;
  const next: CaseSnapshot = { ...snapshot };
  let extra: Record<string, unknown> = {};

  switch (request.action) {
    case 'accept':
      next.state = 'accepted';
      next.taskInspectorId = null;
      break;
    case 'reject':
      next.state = 'not_accepted';
      next.taskInspectorId = null;
      break;
    case 'send_verify':
      next.state = 'verifying';
      next.taskInspectorId = request.inspectorId ?? null;
      break;
    case 'verify':
      if (!request.confirmed && request.comment === undefined) {
        throw invalidPayload('Say what was found when the problem is not confirmed', { action });
      }
      next.state = request.confirmed ? 'accepted' : 'not_accepted';
      next.taskInspectorId = null;
      break;
    case 'file':
      next.state = 'filed';
      if (request.urgency !== undefined) next.urgency = request.urgency;
      break;
    case 'refuse':
      next.state = 'not_filed';
      break;
    case 'dispatch':
      if (snapshot.state === 'dispatched' && request.level === 'district') {
        const why = 'A district centre dispatches to a unit, not to another district';
        throw new DomainError('case.invalid_transition', why, { action, state: snapshot.state });
      }
      next.state = 'dispatched';
      next.unitId = request.unitId;
      next.dispatchLevel = request.level ?? 'unit';
      next.doneByUserId = null;
      break;
    case 'start':
      next.state = 'handling';
      break;
    case 'report_done':
      if (request.beforePhotos?.some((id) => !request.photos.includes(id))) {
        throw invalidPayload('Before photos must be among the step’s photos', { action });
      }
      if (request.beforePhotos && request.beforePhotos.length >= request.photos.length) {
        throw invalidPayload('Give at least one photo of the finished work besides the before photos', {
          action,
        });
      }
      next.state = 'handled';
      next.doneByUserId = actor.userId;
      // Asking for more time, another unit or a pause is moot once the work is reported done.
      if (next.pendingRequest !== null && next.pendingRequest.kind !== 'cancel') next.pendingRequest = null;
      break;
    case 'to_check':
      next.state = 'checking';
      next.taskInspectorId = request.inspectorId ?? null;
      break;
    case 'check':
      if (!request.passed && request.comment === undefined) {
        throw invalidPayload('Say what is still wrong when the check fails', { action });
      }
      next.taskInspectorId = null;
      if (request.passed) {
        next.state = 'checked_ok';
      } else {
        // Rework goes back to the same unit without a new dispatch decision.
        next.state = 'dispatched';
        next.dispatchLevel = 'unit';
        next.reworkCount = snapshot.reworkCount + 1;
        next.doneByUserId = null;
      }
      break;
    case 'close':
      next.state = 'closed';
      next.pendingRequest = null;
      // Every closing is visited afresh (a reworked case is asked about again).
      next.visit = null;
      break;
    case 'request_extension':
    case 'request_send_back':
    case 'request_suspension':
    case 'request_cancel': {
      const pending: PendingRequest = {
        kind: REQUEST_KIND[request.action],
        byUserId: actor.userId,
        at,
        hours: request.action === 'request_extension' ? request.hours : null,
        reason: request.reason,
      };
      next.pendingRequest = pending;
      break;
    }
    case 'approve_extension': {
      const asked = snapshot.pendingRequest?.hours ?? 0;
      const granted = request.hours ?? asked;
      if (granted > asked)
        throw invalidPayload('Cannot grant more hours than asked for', { action, asked, granted });
      next.extensionHours = snapshot.extensionHours + granted;
      next.pendingRequest = null;
      break;
    }
    case 'approve_send_back':
      next.state = 'filed';
      next.unitId = null;
      next.dispatchLevel = null;
      next.sendBackCount = snapshot.sendBackCount + 1;
      next.pendingRequest = null;
      break;
    case 'approve_suspension':
      // blocker guarantees a unit work state here.
      next.resumeState = snapshot.state === 'handling' ? 'handling' : 'dispatched';
      next.state = 'suspended';
      next.pauses = [...snapshot.pauses, { from: at, to: null }];
      next.suspendedSince = at;
      next.pendingRequest = null;
      break;
    case 'resume':
      next.state = snapshot.resumeState ?? 'dispatched';
      next.resumeState = null;
      next.pauses = closeOpenPause(snapshot.pauses, at);
      next.suspendedSince = null;
      break;
    case 'approve_cancel':
      next.state = 'cancelled';
      next.pendingRequest = null;
      next.taskInspectorId = null;
      if (snapshot.state === 'suspended') {
        next.resumeState = null;
        next.pauses = closeOpenPause(snapshot.pauses, at);
        next.suspendedSince = null;
      }
      break;
    case 'deny_extension':
    case 'deny_send_back':
    case 'deny_suspension':
    case 'deny_cancel':
      next.pendingRequest = null;
      break;
    case 'urge':
      next.urgeCount = snapshot.urgeCount + 1;
      break;
    case 'self_handle':
      next.state = 'closed';
      next.selfHandled = true;
      next.doneByUserId = actor.userId;
      next.visit = null;
      break;
    case 'comment':
      break;
    case 'return_visit': {
      const visit = visitOutcome(snapshot.visit ?? null, request, at);
      next.visit = visit;
      extra = { attempt: visit.attempts, result: visit.result };
      if (visit.satisfaction === 'dissatisfied' && request.reopen !== false) {
        // Rework: back to the unit that did the work, its disposal clock restarted (caseClock);
        // a case that never had a unit (fixed on the spot) goes to the dispatcher instead.
        next.state = snapshot.unitId !== null ? 'dispatched' : 'filed';
        next.dispatchLevel = snapshot.unitId !== null ? 'unit' : null;
        next.reworkCount = snapshot.reworkCount + 1;
        next.doneByUserId = null;
      }
      break;
    }
  }
  return { next, extra };
}
