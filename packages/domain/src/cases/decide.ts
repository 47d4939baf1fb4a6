import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../errors.js';
import type { Role } from '../roles.js';
import { CASE_ACTION_IDS, actionRule, isCaseAction, type CaseAction } from './actions.js';
import { CASE_ACTION_SCHEMAS, type CaseActionRequest } from './schemas.js';
import type { CaseSnapshot, CaseState } from './states.js';
import { REQUEST_KIND, invalidPayload, nextSnapshot } from './transitions.js';
import { visitEnded } from './visits.js';

export interface CaseActor {
  userId: number;
  roles: readonly Role[];
}

/** The event row to append in the same transaction as the snapshot update. */
export interface CaseEventDraft {
  action: CaseAction;
  fromState: CaseState;
  toState: CaseState;
  actorId: number;
  /** The role the actor acted in (the first role of the action's list that they hold). */
  role: Role;
  comment: string | null;
  /**
   * The action's own fields (unitId, hours, photos, ...), never `action` or `comment`; a return
   * visit adds what the state machine made of it (`attempt`, `result`) for the evaluation.
   */
  payload: Record<string, unknown>;
}

export interface Decision {
  fromState: CaseState;
  toState: CaseState;
  /** The complete snapshot after the action. */
  snapshot: CaseSnapshot;
  /** Only the snapshot fields that changed (for a targeted UPDATE). */
  changes: Partial<CaseSnapshot>;
  event: CaseEventDraft;
}

/**
 * Why `actor` may not take `action` on this case right now, or null when they may (payload not
 * considered). Without a userId the person-specific rules (separation of duties, task owner) are
 * skipped, which is what a role-level preview needs.
 */
function blocker(
  snapshot: CaseSnapshot,
  action: CaseAction,
  actor: { userId?: number; roles: readonly Role[] },
): DomainError | null {
  const rule = actionRule(action);
  const ctx = { action, state: snapshot.state };
  if (!rule.roles.some((r) => actor.roles.includes(r))) {
    return new DomainError('auth.forbidden', `Role may not ${action}`, { ...ctx, roles: rule.roles });
  }
  if (!rule.from.includes(snapshot.state)) {
    return new DomainError(
      'case.invalid_transition',
      `Cannot ${action} a case in state ${snapshot.state}`,
      ctx,
    );
  }
  const uid = actor.userId;
  const pending = snapshot.pendingRequest;
  if (rule.pending !== undefined) {
    if (pending?.kind !== rule.pending) {
      return new DomainError('case.no_pending_request', `No ${rule.pending} request to decide`, ctx);
    }
    // Four eyes: whoever asked does not approve (one person may hold handler and dispatcher roles).
    if (uid !== undefined && pending.byUserId === uid) {
      return new DomainError('case.separation_of_duties', 'You made this request yourself', ctx);
    }
  }
  if (action in REQUEST_KIND && pending !== null) {
    return new DomainError('case.request_pending', `A ${pending.kind} request is already pending`, ctx);
  }
  const invalid = (why: string) => new DomainError('case.invalid_transition', why, ctx);
  switch (action) {
    case 'dispatch':
      if (snapshot.state === 'dispatched' && snapshot.dispatchLevel !== 'district') {
        return invalid('Only a case sent to a district centre is dispatched again; ask for a send-back');
      }
      break;
    case 'start':
    case 'report_done':
      if (snapshot.dispatchLevel === 'district')
        return invalid('The district centre must dispatch it to a team first');
      break;
    case 'resume':
      if (snapshot.resumeState === null) return invalid('No state to resume to');
      break;
    case 'return_visit':
      if (visitEnded(snapshot.visit)) return invalid('The return visit after this closing is already done');
      // Whoever did the work does not ask the caller how well it was done.
      if (uid !== undefined && snapshot.doneByUserId === uid) {
        return new DomainError('case.separation_of_duties', 'The handler may not visit their own work', ctx);
      }
      break;
    case 'verify':
    case 'check':
      // Who finds a problem does not confirm it; who fixes it does not judge the fix.
      if (uid !== undefined && action === 'verify' && snapshot.reporterId === uid) {
        return new DomainError(
          'case.separation_of_duties',
          'The reporter may not verify their own report',
          ctx,
        );
      }
      if (uid !== undefined && action === 'check' && snapshot.doneByUserId === uid) {
        return new DomainError('case.separation_of_duties', 'The handler may not check their own work', ctx);
      }
      if (uid !== undefined && snapshot.taskInspectorId !== null && snapshot.taskInspectorId !== uid) {
        return new DomainError('auth.forbidden', 'The task is assigned to another inspector', ctx);
      }
      break;
    case 'close':
      if (uid !== undefined && snapshot.doneByUserId === uid) {
        return new DomainError('case.separation_of_duties', 'The handler may not close their own work', ctx);
      }
      break;
    case 'self_handle':
      if (uid !== undefined && snapshot.reporterId !== uid) {
        return new DomainError(
          'auth.forbidden',
          'Only the inspector who reported it may fix it on the spot',
          ctx,
        );
      }
      break;
    default:
      break;
  }
  return null;
}

/** Actions the UI should offer; pass userId to also apply the person-specific rules. */
export function allowedActions(
  snapshot: CaseSnapshot,
  roles: readonly Role[],
  userId?: number,
): CaseAction[] {
  const actor = userId === undefined ? { roles } : { roles, userId };
  return CASE_ACTION_IDS.filter((a) => blocker(snapshot, a, actor) === null);
}

/** The declared fields of the body (minus action and comment): what the event row keeps. */
function eventPayload(request: CaseActionRequest): Record<string, unknown> {
  const fields: Readonly<Record<string, unknown>> = request;
  const payload: Record<string, unknown> = {};
  for (const key of Object.keys(CASE_ACTION_SCHEMAS[request.action].properties)) {
    if (key !== 'action' && key !== 'comment' && fields[key] !== undefined) payload[key] = fields[key];
  }
  return payload;
}

function diff(before: CaseSnapshot, after: CaseSnapshot): Partial<CaseSnapshot> {
  const changes: Partial<CaseSnapshot> = {};
  // Values are replaced, never mutated, so reference inequality means "changed". The cast is
  // safe: both objects are CaseSnapshot and Object.keys cannot say so.
  for (const key of Object.keys(after) as (keyof CaseSnapshot)[]) {
    if (before[key] !== after[key]) Object.assign(changes, { [key]: after[key] });
  }
  return changes;
}

/**
 * Decide one step of the case loop: checks role, state and payload and returns the next snapshot
 * plus the event to append. Throws DomainError (auth.forbidden, case.invalid_transition,
 * case.request_pending, case.no_pending_request, case.separation_of_duties, validation.failed).
 * `now` stamps suspensions and requests; the package never reads the clock itself.
 */
export function decideAction(
  snapshot: CaseSnapshot,
  request: CaseActionRequest,
  actor: CaseActor,
  now: Date,
): Decision {
  const action: string = request.action;
  if (!isCaseAction(action)) throw invalidPayload(`Unknown action ${action}`, { action });
  const schema = CASE_ACTION_SCHEMAS[request.action];
  if (!Value.Check(schema, request)) {
    const errors = [...Value.Errors(schema, request)]
      .slice(0, 5)
      .map((e) => ({ path: e.path, message: e.message }));
    throw invalidPayload(`Invalid body for ${action}`, { action, errors });
  }
  if (Number.isNaN(now.getTime())) throw invalidPayload('Invalid time', { action });
  const blocked = blocker(snapshot, request.action, actor);
  if (blocked !== null) throw blocked;

  const rule = actionRule(request.action);
  const role = rule.roles.find((r) => actor.roles.includes(r));
  if (role === undefined) throw new DomainError('auth.forbidden'); // unreachable: blocker checked it
  const { next, extra } = nextSnapshot(snapshot, request, actor, now.toISOString());

  const comment = request.comment ?? ('reason' in request ? request.reason : undefined) ?? null;
  return {
    fromState: snapshot.state,
    toState: next.state,
    snapshot: next,
    changes: diff(snapshot, next),
    event: {
      action: request.action,
      fromState: snapshot.state,
      toState: next.state,
      actorId: actor.userId,
      role,
      comment,
      payload: { ...eventPayload(request), ...extra },
    },
  };
}
