import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  ALARM_RULE_KINDS,
  alarmMeasure,
  alarmTransition,
  ALARM_STATES,
  canAlarmTransition,
  createRuleState,
  evaluateReading,
  evaluateTick,
  isAlarmOpen,
  ruleKey,
  validateAlarmRule,
  type AlarmRuleDef,
  type RuleContext,
  type RuleState,
} from './alarms.js';

const T0 = Date.UTC(2025, 6, 1, 0, 0, 0);
const S = 1000;
const ctx: RuleContext = { expectedIntervalS: 10 };

function rule(over: Partial<AlarmRuleDef>): AlarmRuleDef {
  return {
    metric: 'depth',
    kind: 'high',
    threshold: 15,
    durationS: 0,
    deadband: 0,
    severity: 'warning',
    ...over,
  };
}

/** Feeds [seconds after T0, value] pairs and returns the transitions with their times. */
function run(r: AlarmRuleDef, series: [number, number][], c: RuleContext = ctx) {
  let state: RuleState = createRuleState();
  const events: string[] = [];
  for (const [t, value] of series) {
    const res = evaluateReading(r, state, { ts: T0 + t * S, value }, c);
    state = res.state;
    if (res.transition) events.push(`${res.transition}@${t}`);
  }
  return { events, state };
}

describe('high and low thresholds', () => {
  it('raises at exactly the threshold and clears just below it without a deadband', () => {
    const { events } = run(rule({}), [
      [0, 14.9],
      [10, 15],
      [20, 14.99],
    ]);
    expect(events).toEqual(['raise@10', 'clear@20']);
  });

  it('keeps the alarm inside the deadband and clears only past threshold − deadband', () => {
    const { events } = run(rule({ deadband: 3 }), [
      [0, 16],
      [10, 13],
      [20, 12.5],
      [30, 11.99],
    ]);
    // 13 and 12.5 are inside the band (12 is the clear level and must be crossed, not touched).
    expect(events).toEqual(['raise@0', 'clear@30']);
  });

  it('treats a low rule as the mirror image', () => {
    const { events } = run(rule({ kind: 'low_low', threshold: 0.1, deadband: 0.02 }), [
      [0, 0.2],
      [10, 0.1],
      [20, 0.115],
      [30, 0.121],
    ]);
    expect(events).toEqual(['raise@10', 'clear@30']);
  });
});

describe('duration', () => {
  it('raises only once the condition has held for durationS without a break', () => {
    const { events } = run(rule({ durationS: 60 }), [
      [0, 20],
      [30, 20],
      [59, 20],
      [60, 20],
    ]);
    expect(events).toEqual(['raise@60']);
  });

  it('restarts the count when one reading falls back below the threshold', () => {
    const { events } = run(rule({ durationS: 60 }), [
      [0, 20],
      [40, 14],
      [50, 20],
      [100, 20],
      [110, 20],
    ]);
    expect(events).toEqual(['raise@110']);
  });

  it('treats a reading inside the deadband as breaking the run before the raise', () => {
    const { events } = run(rule({ durationS: 30, deadband: 5 }), [
      [0, 20],
      [20, 12],
      [30, 20],
      [50, 20],
    ]);
    expect(events).toEqual([]);
  });

  it('ignores readings older than the last one evaluated (a late batch cannot rewind the state)', () => {
    const r = rule({ durationS: 0 });
    let st = evaluateReading(r, createRuleState(), { ts: T0 + 100 * S, value: 20 }, ctx).state;
    const late = evaluateReading(r, st, { ts: T0 + 50 * S, value: 0 }, ctx);
    expect(late.transition).toBeUndefined();
    expect(late.state).toBe(st);
    st = evaluateReading(r, st, { ts: T0 + 110 * S, value: 0 }, ctx).state;
    expect(st.phase).toBe('normal');
  });
});

describe('rate of change', () => {
  const burst = rule({
    metric: 'pressure',
    kind: 'rate_of_change',
    threshold: undefined,
    ratePerMin: -0.1,
    deadband: 0.05,
  });

  it('raises on a pressure fall faster than the limit and reports the rate per minute', () => {
    let st = createRuleState();
    st = evaluateReading(burst, st, { ts: T0, value: 0.32 }, ctx).state;
    const res = evaluateReading(burst, st, { ts: T0 + 30 * S, value: 0.2 }, ctx);
    expect(res.transition).toBe('raise');
    expect(res.value).toBeCloseTo(-0.24, 6);
  });

  it('does not raise on a slow decline or on a rise', () => {
    const { events } = run(burst, [
      [0, 0.32],
      [60, 0.25],
      [120, 0.4],
    ]);
    expect(events).toEqual([]);
  });

  it('clears once the rate is back within limit + deadband', () => {
    const { events } = run(burst, [
      [0, 0.32],
      [30, 0.2],
      [60, 0.175], // −0.05/min: inside the band (clear above −0.05)
      [90, 0.174],
    ]);
    expect(events).toEqual(['raise@30', 'clear@90']);
  });

  it('does not compute a rate across a data gap', () => {
    const { events } = run(burst, [
      [0, 0.32],
      [31, 0.1], // 31 s > 3 × 10 s interval: the drop may have taken the whole gap
    ]);
    expect(events).toEqual([]);
  });

  it('watches rises with a positive limit', () => {
    const rise = { ...burst, ratePerMin: 2, deadband: 0.5 };
    const { events } = run(rise, [
      [0, 10],
      [10, 10.5],
    ]);
    expect(events).toEqual(['raise@10']);
  });
});

describe('no data', () => {
  const silent = rule({ kind: 'no_data', threshold: undefined, intervals: 3 });

  it('raises after N expected intervals of silence and clears on the next reading', () => {
    let st = evaluateReading(silent, createRuleState(), { ts: T0, value: 1 }, ctx).state;
    expect(evaluateTick(silent, st, T0 + 29 * S, ctx).transition).toBeUndefined();
    const raised = evaluateTick(silent, st, T0 + 30 * S, ctx);
    expect(raised.transition).toBe('raise');
    expect(raised.value).toBe(30);
    st = evaluateTick(silent, raised.state, T0 + 60 * S, ctx).state;
    const back = evaluateReading(silent, st, { ts: T0 + 61 * S, value: 1 }, ctx);
    expect(back.transition).toBe('clear');
  });

  it('counts a device that never reported from the first tick that watched it', () => {
    const first = evaluateTick(silent, createRuleState(), T0, ctx);
    expect(first.transition).toBeUndefined();
    expect(evaluateTick(silent, first.state, T0 + 30 * S, ctx).transition).toBe('raise');
  });

  it('measures silence on the server clock when the device clock is wrong', () => {
    const wrongClock = { ts: T0 - 3600 * S, value: 1 };
    const st = evaluateReading(silent, createRuleState(), wrongClock, { ...ctx, receivedAt: T0 }).state;
    expect(evaluateTick(silent, st, T0 + 10 * S, ctx).transition).toBeUndefined();
  });

  it('is not affected by ticks for other rule kinds', () => {
    const st = createRuleState();
    expect(evaluateTick(rule({}), st, T0, ctx).state).toBe(st);
  });
});

describe('stuck value', () => {
  const stuck = rule({ kind: 'stuck', threshold: 0.001, stuckS: 600 });

  it('raises when the value has not moved beyond the tolerance for stuckS, clears when it moves', () => {
    const series: [number, number][] = [];
    for (let t = 0; t <= 600; t += 60) series.push([t, 0.3 + (t % 120 === 0 ? 0.0005 : 0)]);
    series.push([660, 0.31]);
    expect(run(stuck, series).events).toEqual(['raise@600', 'clear@660']);
  });

  it('measures from the start of the run, so a slow creep inside the tolerance still counts as stuck', () => {
    const { events } = run(stuck, [
      [0, 1],
      [300, 1.0009],
      [600, 1.0009],
    ]);
    expect(events).toEqual(['raise@600']);
  });
});

describe('flapping suppression', () => {
  const flap = { maxTransitions: 4, windowS: 600 };
  const c = { ...ctx, flap };

  it('holds the alarm raised when a clear would exceed the limit, and clears after a stable window', () => {
    const series: [number, number][] = [];
    // A level bouncing around the threshold every 10 s.
    for (let t = 0; t < 100; t += 10) series.push([t, t % 20 === 0 ? 16 : 14]);
    const bouncing = run(rule({}), series, c);
    // raise, clear, raise, clear (4 transitions), raise; the next clear would be the 6th: held.
    expect(bouncing.events).toEqual(['raise@0', 'clear@10', 'raise@20', 'clear@30', 'raise@40']);
    expect(bouncing.state.held).toBe(true);
    expect(bouncing.state.phase).toBe('raised');

    let st = bouncing.state;
    const events: string[] = [];
    for (let t = 100; t <= 800; t += 50) {
      const res = evaluateReading(rule({}), st, { ts: T0 + t * S, value: 10 }, c);
      st = res.state;
      if (res.transition) events.push(`${res.transition}@${t}`);
    }
    // The bounce went on until 80 s (16 cm); clear since 90 s, so the window ends at 690 s.
    expect(events).toEqual(['clear@700']);
    expect(st.held).toBe(false);
  });

  it('restarts the stable window when the condition comes back while held', () => {
    const r = rule({});
    let st: RuleState = {
      ...createRuleState(),
      phase: 'raised',
      held: true,
      stableSince: T0,
      transitions: [T0],
    };
    st = evaluateReading(r, st, { ts: T0 + 300 * S, value: 20 }, c).state;
    expect(st.stableSince).toBeNull();
    const res = evaluateReading(r, st, { ts: T0 + 700 * S, value: 10 }, c);
    expect(res.transition).toBeUndefined();
    expect(evaluateReading(r, res.state, { ts: T0 + 1300 * S, value: 10 }, c).transition).toBe('clear');
  });

  it('keeps a held alarm as one alarm: no further raise or clear while it bounces', () => {
    const series: [number, number][] = [];
    for (let t = 0; t < 200; t += 10) series.push([t, t % 20 === 0 ? 16 : 14]);
    const { events } = run(rule({}), series, { ...ctx, flap: { maxTransitions: 2, windowS: 600 } });
    expect(events[0]).toBe('raise@0');
    expect(events.filter((e) => e.startsWith('raise'))).toHaveLength(2);
  });
});

describe('state ownership', () => {
  it('updates the state of a reading in place and returns that same object', () => {
    const r = rule({ durationS: 60 });
    const st = createRuleState();
    const quiet = evaluateReading(r, st, { ts: T0, value: 10 }, ctx);
    expect(quiet.state).toBe(st);
    expect(st).toMatchObject({ phase: 'normal', lastTs: T0, lastValue: 10 });
    const pending = evaluateReading(r, st, { ts: T0 + 10 * S, value: 20 }, ctx);
    expect(pending.state).toBe(st);
    expect(st).toMatchObject({ phase: 'pending', pendingSince: T0 + 10 * S });
  });

  it('leaves the state given to a tick untouched, and a raise or clear never changes a shared transitions list', () => {
    const silent = rule({ kind: 'no_data', threshold: undefined, intervals: 1 });
    const before = evaluateReading(silent, createRuleState(), { ts: T0, value: 1 }, ctx).state;
    const snapshot = structuredClone(before);
    const raised = evaluateTick(silent, before, T0 + 10 * S, ctx);
    expect(raised.transition).toBe('raise');
    expect(raised.state).not.toBe(before);
    expect(before).toEqual(snapshot);

    const afterTick = evaluateTick(silent, raised.state, T0 + 15 * S, ctx).state;
    const list = afterTick.transitions;
    expect(list).toBe(raised.state.transitions);
    const back = evaluateReading(silent, afterTick, { ts: T0 + 16 * S, value: 1 }, ctx);
    expect(back.transition).toBe('clear');
    expect(back.state.transitions).toEqual([T0 + 10 * S, T0 + 16 * S]);
    expect(raised.state.transitions).toEqual([T0 + 10 * S]);
  });
});

describe('rule validation', () => {
  it('requires the parameter each kind needs', () => {
    expect(validateAlarmRule(rule({ threshold: undefined }))).toEqual(['threshold_required']);
    expect(validateAlarmRule(rule({ kind: 'rate_of_change', ratePerMin: 0 }))).toEqual(['rate_required']);
    expect(validateAlarmRule(rule({ kind: 'no_data' }))).toEqual(['intervals_required']);
    expect(validateAlarmRule(rule({ kind: 'stuck', stuckS: 0 }))).toEqual(['stuck_time_required']);
    expect(validateAlarmRule(rule({ durationS: -1, deadband: Number.NaN }))).toEqual([
      'negative_duration',
      'negative_deadband',
    ]);
    expect(validateAlarmRule(rule({}))).toEqual([]);
  });

  it('keys rules by id, or by metric, kind and level', () => {
    expect(ruleKey(rule({ id: 'r1' }))).toBe('r1');
    expect(ruleKey(rule({}))).toBe('depth:high:15');
    expect(ruleKey(rule({ kind: 'high_high', threshold: 25 }))).not.toBe(ruleKey(rule({})));
  });
});

describe('alarm lifecycle', () => {
  it('follows the acknowledgement table', () => {
    expect(alarmTransition('active', 'ack')).toBe('acknowledged');
    expect(alarmTransition('active', 'clear')).toBe('cleared_unacked');
    expect(alarmTransition('acknowledged', 'clear')).toBe('cleared');
    expect(alarmTransition('cleared_unacked', 'ack')).toBe('cleared');
    expect(alarmTransition('cleared_unacked', 'raise')).toBe('active');
  });

  it('refuses everything else with alarm.invalid_transition', () => {
    const legal = new Set([
      'active:ack',
      'active:clear',
      'acknowledged:clear',
      'cleared_unacked:ack',
      'cleared_unacked:raise',
    ]);
    for (const state of ALARM_STATES) {
      for (const event of ['raise', 'ack', 'clear'] as const) {
        const ok = legal.has(`${state}:${event}`);
        expect(canAlarmTransition(state, event)).toBe(ok);
        if (!ok) {
          expect(() => alarmTransition(state, event)).toThrow(DomainError);
          try {
            alarmTransition(state, event);
          } catch (e) {
            expect((e as DomainError).code).toBe('alarm.invalid_transition');
          }
        }
      }
    }
  });

  it('keeps every state but cleared on the board', () => {
    expect(ALARM_STATES.filter(isAlarmOpen)).toEqual(['active', 'acknowledged', 'cleared_unacked']);
  });
});

describe('what an alarm value measures', () => {
  it('is a level exactly for the kinds that need a threshold, a rate for rate of change, seconds otherwise', () => {
    for (const kind of ALARM_RULE_KINDS) {
      const needsThreshold = validateAlarmRule({
        metric: 'm',
        kind,
        durationS: 0,
        deadband: 0,
        severity: 'minor',
      }).includes('threshold_required');
      expect(alarmMeasure(kind) === 'level', kind).toBe(needsThreshold);
    }
    expect(alarmMeasure('rate_of_change')).toBe('rate');
    expect(alarmMeasure('no_data')).toBe('seconds');
    expect(alarmMeasure('stuck')).toBe('seconds');
  });
});
