import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorCode } from '../errors.js';
import type { Role } from '../roles.js';
import {
  CASE_ACTIONS,
  CASE_ACTION_IDS,
  CASE_ACTION_SCHEMAS,
  CaseActionBody,
  allowedActions,
  decideAction,
  maskPhone,
  newCaseSnapshot,
  type CaseActionRequest,
  type CaseActionRequestOf,
  type CaseSnapshot,
} from './index.js';

const NOW = new Date('2026-03-10T02:00:00Z');
const inspector = { userId: 11, roles: ['inspector'] as Role[] };
const otherInspector = { userId: 12, roles: ['inspector'] as Role[] };
const operator = { userId: 21, roles: ['operator'] as Role[] };
const leader = { userId: 31, roles: ['shift_leader'] as Role[] };
const otherLeader = { userId: 32, roles: ['shift_leader'] as Role[] };
const dispatcher = { userId: 41, roles: ['dispatcher'] as Role[] };
const handler = { userId: 51, roles: ['handler'] as Role[] };
const supervisor = { userId: 61, roles: ['supervisor'] as Role[] };

function makeCase(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return { ...newCaseSnapshot({ source: 'inspector', reporterId: inspector.userId }), ...overrides };
}

/** Apply a sequence of steps, returning the final snapshot. */
function run(
  snapshot: CaseSnapshot,
  steps: [CaseActionRequest, { userId: number; roles: Role[] }][],
): CaseSnapshot {
  return steps.reduce((s, [req, actor]) => decideAction(s, req, actor, NOW).snapshot, snapshot);
}

function errorCode(fn: () => unknown): ErrorCode | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

const dispatched = () =>
  run(makeCase(), [
    [{ action: 'accept' }, operator],
    [{ action: 'file' }, leader],
    [{ action: 'dispatch', unitId: 7 }, dispatcher],
  ]);

describe('case state machine', () => {
  it('walks an inspector report through the whole loop to closed', () => {
    let s = dispatched();
    expect(s).toMatchObject({ state: 'dispatched', unitId: 7, dispatchLevel: 'unit' });
    s = run(s, [
      [{ action: 'start' }, handler],
      [{ action: 'report_done', photos: ['p1'] }, handler],
      [{ action: 'to_check' }, operator],
      [{ action: 'check', passed: true }, inspector],
    ]);
    expect(s.state).toBe('checked_ok');
    expect(s.doneByUserId).toBe(handler.userId);
    const d = decideAction(s, { action: 'close', comment: '已结案' }, leader, NOW);
    expect(d.toState).toBe('closed');
    expect(d.event).toEqual({
      action: 'close',
      fromState: 'checked_ok',
      toState: 'closed',
      actorId: leader.userId,
      role: 'shift_leader',
      comment: '已结案',
      payload: {},
    });
    expect(d.changes).toEqual({ state: 'closed' });
  });

  it('sends a public report to an inspector, who confirms or finds nothing', () => {
    const s = newCaseSnapshot({ source: 'hotline', reporterId: 99 });
    expect(newCaseSnapshot({ source: 'web', reporterId: null, autoVerify: true }).state).toBe('verifying');
    expect(newCaseSnapshot({ source: 'inspector', reporterId: 1, autoVerify: true }).state).toBe('reported');
    const verifying = decideAction(s, { action: 'send_verify', inspectorId: 11 }, operator, NOW).snapshot;
    expect(verifying).toMatchObject({ state: 'verifying', taskInspectorId: 11 });
    expect(decideAction(verifying, { action: 'verify', confirmed: true }, inspector, NOW).toState).toBe(
      'accepted',
    );
    expect(
      errorCode(() => decideAction(verifying, { action: 'verify', confirmed: false }, inspector, NOW)),
    ).toBe('validation.failed');
    const no = decideAction(
      verifying,
      { action: 'verify', confirmed: false, comment: '现场无此问题' },
      inspector,
      NOW,
    );
    expect(no.toState).toBe('not_accepted');
    // The task belongs to inspector 11.
    expect(
      errorCode(() => decideAction(verifying, { action: 'verify', confirmed: true }, otherInspector, NOW)),
    ).toBe('auth.forbidden');
  });

  it('refuses a wrong state with case.invalid_transition and a wrong role with auth.forbidden', () => {
    const s = makeCase();
    expect(errorCode(() => decideAction(s, { action: 'close' }, leader, NOW))).toBe(
      'case.invalid_transition',
    );
    expect(errorCode(() => decideAction(s, { action: 'accept' }, handler, NOW))).toBe('auth.forbidden');
    expect(errorCode(() => decideAction(s, { action: 'dispatch', unitId: 3 }, dispatcher, NOW))).toBe(
      'case.invalid_transition',
    );
  });

  it('validates payloads: reject needs a comment, report_done a photo, extension positive hours', () => {
    const s = makeCase();
    const bad: unknown[] = [
      { action: 'reject' },
      { action: 'reject', comment: '   ' },
      { action: 'dispatch' },
      { action: 'nonsense' },
    ];
    for (const body of bad) {
      expect(Value.Check(CaseActionBody, body)).toBe(false);
    }
    expect(errorCode(() => decideAction(s, { action: 'reject', comment: '' }, operator, NOW))).toBe(
      'validation.failed',
    );
    const d = dispatched();
    expect(errorCode(() => decideAction(d, { action: 'report_done', photos: [] }, handler, NOW))).toBe(
      'validation.failed',
    );
    expect(
      errorCode(() =>
        decideAction(d, { action: 'request_extension', hours: 0, reason: '材料未到' }, handler, NOW),
      ),
    ).toBe('validation.failed');
    expect(Value.Check(CaseActionBody, { action: 'dispatch', unitId: 4, level: 'district' })).toBe(true);
  });

  it('sends a failed check back to the same unit and counts the rework', () => {
    const s = run(dispatched(), [
      [{ action: 'report_done', photos: ['p'] }, handler],
      [{ action: 'to_check', inspectorId: 12 }, operator],
    ]);
    expect(errorCode(() => decideAction(s, { action: 'check', passed: false }, otherInspector, NOW))).toBe(
      'validation.failed',
    );
    const d = decideAction(s, { action: 'check', passed: false, comment: '仍有垃圾' }, otherInspector, NOW);
    expect(d.snapshot).toMatchObject({ state: 'dispatched', unitId: 7, reworkCount: 1, doneByUserId: null });
  });

  it('lets a district centre dispatch again, and only then may a team start', () => {
    const s = run(makeCase(), [
      [{ action: 'accept' }, operator],
      [{ action: 'file', urgency: 'urgent' }, leader],
      [{ action: 'dispatch', unitId: 100, level: 'district' }, dispatcher],
    ]);
    expect(s).toMatchObject({
      state: 'dispatched',
      unitId: 100,
      dispatchLevel: 'district',
      urgency: 'urgent',
    });
    expect(errorCode(() => decideAction(s, { action: 'start' }, handler, NOW))).toBe(
      'case.invalid_transition',
    );
    expect(
      errorCode(() =>
        decideAction(s, { action: 'dispatch', unitId: 101, level: 'district' }, dispatcher, NOW),
      ),
    ).toBe('case.invalid_transition');
    const team = decideAction(s, { action: 'dispatch', unitId: 105 }, dispatcher, NOW).snapshot;
    expect(team).toMatchObject({ unitId: 105, dispatchLevel: 'unit' });
    expect(decideAction(team, { action: 'start' }, handler, NOW).toState).toBe('handling');
    expect(errorCode(() => decideAction(team, { action: 'dispatch', unitId: 9 }, dispatcher, NOW))).toBe(
      'case.invalid_transition',
    );
  });

  it('adds approved extension hours and keeps one request pending at a time', () => {
    const s = decideAction(
      dispatched(),
      { action: 'request_extension', hours: 8, reason: '需采购配件' },
      handler,
      NOW,
    );
    expect(s.snapshot.pendingRequest).toEqual({
      kind: 'extension',
      byUserId: handler.userId,
      at: NOW.toISOString(),
      hours: 8,
      reason: '需采购配件',
    });
    expect(s.event.comment).toBe('需采购配件');
    expect(
      errorCode(() =>
        decideAction(s.snapshot, { action: 'request_send_back', reason: '非我单位' }, handler, NOW),
      ),
    ).toBe('case.request_pending');
    expect(
      errorCode(() => decideAction(s.snapshot, { action: 'approve_extension', hours: 9 }, dispatcher, NOW)),
    ).toBe('validation.failed');
    const approved = decideAction(
      s.snapshot,
      { action: 'approve_extension', hours: 4 },
      dispatcher,
      NOW,
    ).snapshot;
    expect(approved).toMatchObject({ extensionHours: 4, pendingRequest: null, state: 'dispatched' });
    expect(
      errorCode(() => decideAction(approved, { action: 'deny_extension', comment: '不行' }, dispatcher, NOW)),
    ).toBe('case.no_pending_request');
  });

  it('does not let whoever asked approve their own request', () => {
    const both = { userId: 77, roles: ['handler', 'dispatcher'] as Role[] };
    const s = decideAction(
      dispatched(),
      { action: 'request_extension', hours: 2, reason: '雨天' },
      both,
      NOW,
    ).snapshot;
    expect(errorCode(() => decideAction(s, { action: 'approve_extension' }, both, NOW))).toBe(
      'case.separation_of_duties',
    );
    expect(allowedActions(s, both.roles, both.userId)).not.toContain('approve_extension');
    expect(allowedActions(s, both.roles)).toContain('approve_extension');
  });

  it('returns a sent-back case to the dispatcher, counted as a wrong dispatch', () => {
    const s = run(dispatched(), [
      [{ action: 'start' }, handler],
      [{ action: 'request_send_back', reason: '不属于本单位' }, handler],
      [{ action: 'approve_send_back' }, dispatcher],
    ]);
    expect(s).toMatchObject({
      state: 'filed',
      unitId: null,
      dispatchLevel: null,
      sendBackCount: 1,
      pendingRequest: null,
    });
    expect(decideAction(s, { action: 'dispatch', unitId: 8 }, dispatcher, NOW).snapshot.unitId).toBe(8);
  });

  it('stops the clock while suspended and resumes to the state it left', () => {
    const later = new Date('2026-04-01T01:00:00Z');
    const handling = run(dispatched(), [
      [{ action: 'start' }, handler],
      [{ action: 'request_suspension', reason: '冬季无法施工' }, handler],
    ]);
    const suspended = decideAction(handling, { action: 'approve_suspension' }, dispatcher, NOW).snapshot;
    expect(suspended).toMatchObject({
      state: 'suspended',
      resumeState: 'handling',
      suspendedSince: NOW.toISOString(),
      pauses: [{ from: NOW.toISOString(), to: null }],
    });
    expect(allowedActions(suspended, ['handler'])).toEqual(['request_cancel', 'comment']);
    const resumed = decideAction(suspended, { action: 'resume' }, dispatcher, later).snapshot;
    expect(resumed).toMatchObject({
      state: 'handling',
      resumeState: null,
      suspendedSince: null,
      pauses: [{ from: NOW.toISOString(), to: later.toISOString() }],
    });
  });

  it('cancels any open case only with a shift leader approving someone else’s request', () => {
    const s = run(dispatched(), [
      [{ action: 'request_suspension', reason: '资金未到位' }, handler],
      [{ action: 'approve_suspension' }, dispatcher],
      [{ action: 'request_cancel', reason: '重复案件' }, leader],
    ]);
    expect(errorCode(() => decideAction(s, { action: 'approve_cancel' }, leader, NOW))).toBe(
      'case.separation_of_duties',
    );
    const c = decideAction(s, { action: 'approve_cancel' }, otherLeader, NOW).snapshot;
    expect(c).toMatchObject({
      state: 'cancelled',
      suspendedSince: null,
      resumeState: null,
      pendingRequest: null,
    });
    expect(c.pauses[0]?.to).toBe(NOW.toISOString());
    expect(errorCode(() => decideAction(c, { action: 'request_cancel', reason: 'x' }, operator, NOW))).toBe(
      'case.invalid_transition',
    );
  });

  it('counts urges without changing the state', () => {
    const d = decideAction(dispatched(), { action: 'urge', comment: '请今日内处置' }, supervisor, NOW);
    expect(d.toState).toBe('dispatched');
    expect(d.changes).toEqual({ urgeCount: 1 });
  });

  it('lets only the reporting inspector fix a problem on the spot', () => {
    const s = makeCase();
    expect(
      errorCode(() => decideAction(s, { action: 'self_handle', photos: ['a'] }, otherInspector, NOW)),
    ).toBe('auth.forbidden');
    const d = decideAction(s, { action: 'self_handle', photos: ['a', 'b'] }, inspector, NOW);
    expect(d.snapshot).toMatchObject({ state: 'closed', selfHandled: true, doneByUserId: inspector.userId });
    expect(d.event.payload).toEqual({ photos: ['a', 'b'] });
  });

  it('keeps whoever fixed a problem from checking or closing it', () => {
    const multi = { userId: 88, roles: ['handler', 'inspector', 'shift_leader'] as Role[] };
    const s = run(dispatched(), [
      [{ action: 'report_done', photos: ['p'] }, multi],
      [{ action: 'to_check' }, operator],
    ]);
    expect(errorCode(() => decideAction(s, { action: 'check', passed: true }, multi, NOW))).toBe(
      'case.separation_of_duties',
    );
    const ok = decideAction(s, { action: 'check', passed: true }, inspector, NOW).snapshot;
    expect(errorCode(() => decideAction(ok, { action: 'close' }, multi, NOW))).toBe(
      'case.separation_of_duties',
    );
    expect(errorCode(() => decideAction(ok, { action: 'close' }, handler, NOW))).toBe('auth.forbidden');
  });

  it('does not let the reporter verify their own report', () => {
    const s = makeCase({ state: 'verifying' });
    expect(errorCode(() => decideAction(s, { action: 'verify', confirmed: true }, inspector, NOW))).toBe(
      'case.separation_of_duties',
    );
  });
});

describe('return visits (回访)', () => {
  const hotline = { userId: 71, roles: ['hotline'] as Role[] };
  const closed = () =>
    makeCase({ state: 'closed', unitId: 7, dispatchLevel: 'unit', doneByUserId: 51, visit: null });
  const visit = (s: CaseSnapshot, body: Omit<CaseActionRequestOf<'return_visit'>, 'action'>) =>
    decideAction(s, { action: 'return_visit', ...body }, hotline, NOW);

  it('a satisfied caller leaves the case closed and ends the visit', () => {
    const d = visit(closed(), { reached: true, satisfaction: 'satisfied' });
    expect(d.toState).toBe('closed');
    expect(d.snapshot.visit).toEqual({
      attempts: 1,
      lastAttemptAt: NOW.toISOString(),
      result: 'reached',
      satisfaction: 'satisfied',
    });
    expect(d.event).toMatchObject({
      action: 'return_visit',
      fromState: 'closed',
      toState: 'closed',
      role: 'hotline',
      payload: { reached: true, satisfaction: 'satisfied', attempt: 1, result: 'reached' },
    });
    expect(errorCode(() => visit(d.snapshot, { reached: true, satisfaction: 'satisfied' }))).toBe(
      'case.invalid_transition',
    );
    expect(allowedActions(d.snapshot, ['hotline'])).not.toContain('return_visit');
  });

  it('a caller not reached stays due; the third unanswered call ends the visit as unreached', () => {
    let s = closed();
    for (const expected of ['retry', 'retry', 'unreached']) {
      const d = visit(s, { reached: false });
      expect(d.toState).toBe('closed');
      expect(d.snapshot.visit?.result).toBe(expected);
      s = d.snapshot;
    }
    expect(s.visit?.attempts).toBe(3);
    expect(errorCode(() => visit(s, { reached: false }))).toBe('case.invalid_transition');
  });

  it('a dissatisfied caller reopens the case: the same unit reworks it, history kept, counted', () => {
    const d = visit(closed(), { reached: true, satisfaction: 'dissatisfied', comment: '垃圾又堆起来了' });
    expect(d.toState).toBe('dispatched');
    expect(d.snapshot).toMatchObject({
      unitId: 7,
      dispatchLevel: 'unit',
      reworkCount: 1,
      doneByUserId: null,
      visit: { result: 'reached', satisfaction: 'dissatisfied' },
    });
    expect(d.event.comment).toBe('垃圾又堆起来了');
    // The unit works it again, it is checked and closed: a new visit is due for the new closing.
    const again = run(d.snapshot, [
      [{ action: 'report_done', photos: ['p'] }, handler],
      [{ action: 'to_check' }, operator],
      [{ action: 'check', passed: true }, inspector],
      [{ action: 'close' }, leader],
    ]);
    expect(again).toMatchObject({ state: 'closed', visit: null });
    expect(visit(again, { reached: true, satisfaction: 'basically_satisfied' }).toState).toBe('closed');
  });

  it('a dissatisfied visit of a case that never had a unit goes to the dispatcher', () => {
    const selfHandled = makeCase({ state: 'closed', selfHandled: true, doneByUserId: 11 });
    const d = visit(selfHandled, { reached: true, satisfaction: 'dissatisfied', comment: '没有处理' });
    expect(d.snapshot).toMatchObject({ state: 'filed', unitId: null, reworkCount: 1 });
  });

  it('asks for an answer that fits the outcome', () => {
    expect(errorCode(() => visit(closed(), { reached: true }))).toBe('validation.failed');
    expect(errorCode(() => visit(closed(), { reached: false, satisfaction: 'satisfied' }))).toBe(
      'validation.failed',
    );
    expect(errorCode(() => visit(closed(), { reached: true, satisfaction: 'dissatisfied' }))).toBe(
      'validation.failed',
    );
  });

  it('only the intake side visits, only closed cases, and never the handler their own work', () => {
    expect(
      errorCode(() => decideAction(closed(), { action: 'return_visit', reached: false }, leader, NOW)),
    ).toBe('auth.forbidden');
    expect(errorCode(() => visit(dispatched(), { reached: false }))).toBe('case.invalid_transition');
    const handlerAtHotline = { userId: 51, roles: ['hotline', 'handler'] as Role[] };
    expect(
      errorCode(() =>
        decideAction(closed(), { action: 'return_visit', reached: false }, handlerAtHotline, NOW),
      ),
    ).toBe('case.separation_of_duties');
    expect(allowedActions(closed(), ['operator'])).toEqual(['comment', 'return_visit']);
  });

  it('reads a snapshot stored before return visits existed as not yet visited', () => {
    const { visit: _none, ...old } = closed();
    expect(visit(old, { reached: false }).snapshot.visit?.attempts).toBe(1);
  });

  it('masks phone numbers in lists', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('0535-6681234')).toBe('053****1234');
    expect(maskPhone('12345')).toBe('****5'); // issue 16: at least four digits hidden, never '*2345'
    expect(maskPhone(null)).toBeNull();
  });
});

describe('case actions in general', () => {
  it('keeps only declared fields in the event payload', () => {
    const body = { action: 'dispatch', unitId: 7, secret: 'x' } as const;
    const d = decideAction(
      run(makeCase(), [
        [{ action: 'accept' }, operator],
        [{ action: 'file' }, leader],
      ]),
      body,
      dispatcher,
      NOW,
    );
    expect(d.event.payload).toEqual({ unitId: 7 });
  });

  it('lists the actions a role may take in a state', () => {
    expect(allowedActions(makeCase(), ['operator'])).toEqual([
      'accept',
      'reject',
      'send_verify',
      'request_cancel',
      'comment',
    ]);
    expect(allowedActions(dispatched(), ['handler'])).toEqual([
      'start',
      'report_done',
      'request_extension',
      'request_send_back',
      'request_suspension',
      'request_cancel',
      'comment',
    ]);
    expect(allowedActions(makeCase({ state: 'closed' }), ['admin'])).toEqual([]);
  });

  it('describes every action with roles, states and a body schema', () => {
    for (const id of CASE_ACTION_IDS) {
      const rule = CASE_ACTIONS[id];
      expect(rule.roles.length).toBeGreaterThan(0);
      expect(rule.from.length).toBeGreaterThan(0);
      expect(CASE_ACTION_SCHEMAS[id].properties.action.const).toBe(id);
    }
  });
});
