import { DomainError } from '../errors.js';

/**
 * Alarm rules and their evaluation, plus the lifecycle of a raised alarm.
 *
 * The caller (the ingest path) keeps one RuleState per (device, rule) and feeds it readings and
 * clock ticks; each call returns the next state and, at most, one transition. A reading updates
 * the state in place (see evaluateReading); a tick returns a new one.
 */

export const ALARM_RULE_KINDS = [
  'high',
  'low',
  'high_high',
  'low_low',
  'rate_of_change',
  'no_data',
  'stuck',
] as const;
export type AlarmRuleKind = (typeof ALARM_RULE_KINDS)[number];

/**
 * What an alarm's value measures, by its rule's kind (see RuleResult.value): a reading of the
 * metric against a limit, the metric's change per minute, or seconds (of silence, of no change).
 */
export type AlarmMeasure = 'level' | 'rate' | 'seconds';
export function alarmMeasure(kind: AlarmRuleKind): AlarmMeasure {
  switch (kind) {
    case 'rate_of_change':
      return 'rate';
    case 'no_data':
    case 'stuck':
      return 'seconds';
    default:
      return 'level';
  }
}

/** What each kind says after the metric's name, in the alarm's Chinese message and pages. */
export const ALARM_KIND_NAMES: Record<AlarmRuleKind, string> = {
  high: '超上限',
  low: '低于下限',
  high_high: '超上上限',
  low_low: '低于下下限',
  rate_of_change: '变化过快',
  no_data: '数据中断',
  stuck: '数值长时间不变',
};

export const ALARM_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export interface AlarmRuleDef {
  id?: string;
  metric: string;
  kind: AlarmRuleKind;
  /**
   * high/low kinds: the alarm level (raise at ≥ for high, ≤ for low).
   * stuck: the tolerance; changes no larger than it count as "unchanged" (default 0).
   */
  threshold?: number;
  /** The condition must hold continuously this long before the alarm is raised. */
  durationS: number;
  /** Hysteresis: a high alarm clears only below threshold − deadband (low: above threshold + deadband). */
  deadband: number;
  /** rate_of_change: signed; −0.1 raises on a fall of 0.1 units a minute or faster, +0.1 on a rise. */
  ratePerMin?: number;
  /** no_data: raise after this many expected intervals without a reading. */
  intervals?: number;
  /** stuck: raise when the value has not changed for this long. */
  stuckS?: number;
  severity: AlarmSeverity;
  /** Open a case of this event (事件) category when the alarm is raised. */
  openCase?: { category: string };
}

/** A stable key for a rule within one device's rule set, for rules stored without an id. */
export function ruleKey(rule: AlarmRuleDef): string {
  return rule.id ?? `${rule.metric}:${rule.kind}:${rule.threshold ?? rule.ratePerMin ?? ''}`;
}

export type AlarmRuleProblem =
  | 'threshold_required'
  | 'rate_required'
  | 'intervals_required'
  | 'stuck_time_required'
  | 'negative_duration'
  | 'negative_deadband';

/** What is wrong with a rule an operator wrote; an empty list means it can be evaluated. */
export function validateAlarmRule(rule: AlarmRuleDef): AlarmRuleProblem[] {
  const problems: AlarmRuleProblem[] = [];
  const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);
  switch (rule.kind) {
    case 'high':
    case 'low':
    case 'high_high':
    case 'low_low':
      if (!finite(rule.threshold)) problems.push('threshold_required');
      break;
    case 'rate_of_change':
      if (!finite(rule.ratePerMin) || rule.ratePerMin === 0) problems.push('rate_required');
      break;
    case 'no_data':
      if (!finite(rule.intervals) || rule.intervals < 1) problems.push('intervals_required');
      break;
    case 'stuck':
      if (!finite(rule.stuckS) || rule.stuckS <= 0) problems.push('stuck_time_required');
      break;
  }
  if (!(rule.durationS >= 0)) problems.push('negative_duration');
  if (!(rule.deadband >= 0)) problems.push('negative_deadband');
  return problems;
}

/**
 * Flapping suppression. When a raised alarm is about to clear and that clear would make more than
 * `maxTransitions` raises + clears within `windowS`, the clear is withheld: the alarm stays raised
 * (held) until the condition has stayed clear for a whole `windowS`, and only then clears.
 * Only clears are ever withheld, never raises, so an operator cannot miss a real alarm; the price
 * is that a flapping alarm stays on the board until the signal settles, which is what a duty
 * operator wants instead of a board blinking every minute.
 */
export interface FlapPolicy {
  maxTransitions: number;
  windowS: number;
}
export const DEFAULT_FLAP_POLICY: FlapPolicy = { maxTransitions: 6, windowS: 600 };

export interface RuleContext {
  /** The metric's expected reporting interval (no_data limit, rate-of-change gap). */
  expectedIntervalS: number;
  flap?: FlapPolicy;
  /**
   * When the server received the reading. no_data measures silence on the server's clock, so a
   * device whose clock is wrong does not look silent (or alive) because of it. Defaults to reading.ts.
   */
  receivedAt?: number;
}

export interface Reading {
  ts: number;
  value: number;
}

export type RulePhase = 'normal' | 'pending' | 'raised';

/** Per (device, rule) memory of the evaluator. Plain data, so it can be cached or persisted. */
export interface RuleState {
  phase: RulePhase;
  /** When the condition was first seen in an unbroken run (phase 'pending'). */
  pendingSince: number | null;
  raisedAt: number | null;
  /** The last reading evaluated; older readings arriving later are ignored. */
  lastTs: number | null;
  lastValue: number | null;
  /** stuck: the value of the current unchanged run and when it started. */
  refValue: number | null;
  refTs: number | null;
  /** no_data: receipt time of the last reading, or of the first tick when none came yet. */
  lastSeenAt: number | null;
  /** Times of recent raises and clears, for flapping suppression. */
  transitions: number[];
  /** A clear is being withheld because the rule flapped; see FlapPolicy. */
  held: boolean;
  /** While held: since when the condition has been continuously clear. */
  stableSince: number | null;
}

export interface RuleResult {
  state: RuleState;
  transition?: 'raise' | 'clear';
  /**
   * The value the rule judged: the reading for high/low, the rate per minute for rate_of_change,
   * seconds of silence for no_data, seconds unchanged for stuck.
   */
  value: number;
}

export function createRuleState(): RuleState {
  return {
    phase: 'normal',
    pendingSince: null,
    raisedAt: null,
    lastTs: null,
    lastValue: null,
    refValue: null,
    refTs: null,
    lastSeenAt: null,
    transitions: [],
    held: false,
    stableSince: null,
  };
}

/** alarm: the raise condition holds; band: inside the deadband (neither raise nor clear); normal: clear. */
type Level = 'alarm' | 'band' | 'normal';

const MINUTE_MS = 60_000;
// A rate across a gap this many intervals long says nothing about a sudden change.
const RATE_MAX_GAP_INTERVALS = 3;

/**
 * Evaluate one reading of the rule's metric. Readings must be fed in time order; late ones are ignored.
 * The state is updated in place and returned as `state`: this runs for every rule on every reading
 * the ingest path receives, and copying the state each time was most of its cost.
 */
export function evaluateReading(
  rule: AlarmRuleDef,
  state: RuleState,
  reading: Reading,
  ctx: RuleContext,
): RuleResult {
  if (rule.kind === 'no_data') {
    // Even a late reading proves the device is alive.
    const at = ctx.receivedAt ?? reading.ts;
    if (state.lastSeenAt === null || at > state.lastSeenAt) state.lastSeenAt = at;
    return step(rule, state, at, 'normal', 0, ctx);
  }
  const { ts, value } = reading;
  const prevTs = state.lastTs;
  if (prevTs !== null && ts <= prevTs) return { state, value };

  const prevValue = state.lastValue;
  state.lastTs = ts;
  state.lastValue = value;
  switch (rule.kind) {
    case 'high':
    case 'high_high':
      return step(rule, state, ts, highLevel(value, rule.threshold ?? Infinity, rule.deadband), value, ctx);
    case 'low':
    case 'low_low':
      return step(rule, state, ts, lowLevel(value, rule.threshold ?? -Infinity, rule.deadband), value, ctx);
    case 'rate_of_change':
      return evaluateRate(rule, state, prevTs, prevValue, reading, ctx);
    case 'stuck':
      return evaluateStuck(rule, state, reading, ctx);
  }
}

/**
 * Evaluate the passage of time without a reading (a scheduler calls this every few seconds).
 * Only no_data rules react; for others the state comes back unchanged. Unlike evaluateReading it
 * leaves its input alone and returns a new state: ticks are rare, and a caller may keep the
 * state it passed in.
 */
export function evaluateTick(
  rule: AlarmRuleDef,
  state: RuleState,
  now: number,
  ctx: RuleContext,
): RuleResult {
  if (rule.kind !== 'no_data') return { state, value: 0 };
  // A device that never reported is measured from the first tick that watched it.
  const lastSeenAt = state.lastSeenAt ?? now;
  const silentMs = Math.max(0, now - lastSeenAt);
  const limitMs = (rule.intervals ?? 1) * ctx.expectedIntervalS * 1000;
  const level: Level = silentMs >= limitMs ? 'alarm' : 'normal';
  // The copy shares `transitions`; step only ever replaces that array, never changes it.
  return step(rule, { ...state, lastSeenAt }, now, level, silentMs / 1000, ctx);
}

function highLevel(value: number, threshold: number, deadband: number): Level {
  if (value >= threshold) return 'alarm';
  return value < threshold - deadband ? 'normal' : 'band';
}

function lowLevel(value: number, threshold: number, deadband: number): Level {
  if (value <= threshold) return 'alarm';
  return value > threshold + deadband ? 'normal' : 'band';
}

/** `st` already holds this reading; prevTs and prevValue are the reading before it. */
function evaluateRate(
  rule: AlarmRuleDef,
  st: RuleState,
  prevTs: number | null,
  prevValue: number | null,
  reading: Reading,
  ctx: RuleContext,
): RuleResult {
  const limit = rule.ratePerMin ?? 0;
  const maxGapMs = RATE_MAX_GAP_INTERVALS * ctx.expectedIntervalS * 1000;
  if (prevTs === null || prevValue === null || limit === 0 || reading.ts - prevTs > maxGapMs) {
    // No rate can be computed: hold the current phase rather than guess.
    return step(rule, st, reading.ts, 'band', 0, ctx);
  }
  const rate = (reading.value - prevValue) / ((reading.ts - prevTs) / MINUTE_MS);
  // A falling-rate rule is a low rule on the rate, a rising-rate rule a high rule.
  const level = limit < 0 ? lowLevel(rate, limit, rule.deadband) : highLevel(rate, limit, rule.deadband);
  return step(rule, st, reading.ts, level, rate, ctx);
}

function evaluateStuck(rule: AlarmRuleDef, st: RuleState, reading: Reading, ctx: RuleContext): RuleResult {
  const tolerance = rule.threshold ?? 0;
  const { ts, value } = reading;
  if (st.refValue === null || st.refTs === null || Math.abs(value - st.refValue) > tolerance) {
    st.refValue = value;
    st.refTs = ts;
    return step(rule, st, ts, 'normal', 0, ctx);
  }
  const unchangedMs = ts - st.refTs;
  const level: Level = unchangedMs >= (rule.stuckS ?? Infinity) * 1000 ? 'alarm' : 'normal';
  return step(rule, st, ts, level, unchangedMs / 1000, ctx);
}

/**
 * The shared phase machine: duration before raise, deadband and flapping hold before clear.
 * Updates `st` in place. `st.transitions` is replaced on a raise or clear, never changed, so a
 * copy of a state (evaluateTick's) may share it.
 */
function step(
  rule: AlarmRuleDef,
  st: RuleState,
  at: number,
  level: Level,
  value: number,
  ctx: RuleContext,
): RuleResult {
  if (st.phase !== 'raised') {
    if (level !== 'alarm') {
      st.phase = 'normal';
      st.pendingSince = null;
      return { state: st, value };
    }
    const since = st.phase === 'pending' && st.pendingSince !== null ? st.pendingSince : at;
    if (at - since < rule.durationS * 1000) {
      st.phase = 'pending';
      st.pendingSince = since;
      return { state: st, value };
    }
    st.phase = 'raised';
    st.pendingSince = null;
    st.raisedAt = at;
    st.transitions = recentWith(st.transitions, at, ctx.flap ?? DEFAULT_FLAP_POLICY);
    return { state: st, transition: 'raise', value };
  }

  if (level !== 'normal') {
    st.stableSince = null;
    return { state: st, value };
  }
  const flap = ctx.flap ?? DEFAULT_FLAP_POLICY;
  if (!st.held && countRecent(st.transitions, at, flap) + 1 <= flap.maxTransitions) {
    return cleared(st, at, flap, value);
  }
  const stableSince = st.stableSince ?? at;
  if (at - stableSince >= flap.windowS * 1000) return cleared(st, at, flap, value);
  st.held = true;
  st.stableSince = stableSince;
  return { state: st, value };
}

function cleared(st: RuleState, at: number, flap: FlapPolicy, value: number): RuleResult {
  st.phase = 'normal';
  st.pendingSince = null;
  st.raisedAt = null;
  st.held = false;
  st.stableSince = null;
  st.transitions = recentWith(st.transitions, at, flap);
  return { state: st, transition: 'clear', value };
}

/** The transitions still inside the flapping window at `at`, then `at`: a new array. */
function recentWith(transitions: readonly number[], at: number, flap: FlapPolicy): number[] {
  const from = at - flap.windowS * 1000;
  const out: number[] = [];
  for (const t of transitions) if (t > from) out.push(t);
  out.push(at);
  return out;
}

function countRecent(transitions: readonly number[], at: number, flap: FlapPolicy): number {
  const from = at - flap.windowS * 1000;
  let n = 0;
  for (const t of transitions) if (t > from) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Lifecycle of a raised alarm (what operators see and acknowledge).

export const ALARM_STATES = ['active', 'acknowledged', 'cleared_unacked', 'cleared'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];
export type AlarmEvent = 'raise' | 'ack' | 'clear';

/** A raise creates an alarm in this state. */
export const ALARM_INITIAL_STATE: AlarmState = 'active';

/**
 * active ─ack→ acknowledged ─clear→ cleared
 * active ─clear→ cleared_unacked ─ack→ cleared
 * cleared_unacked ─raise→ active: the condition came back before anyone acknowledged the first
 * one; it stays one alarm (ISA-18.2 "return to alarm") instead of piling up a second.
 * cleared is final: a later raise opens a new alarm.
 */
export const ALARM_TRANSITIONS: Readonly<Record<AlarmState, Partial<Record<AlarmEvent, AlarmState>>>> = {
  active: { ack: 'acknowledged', clear: 'cleared_unacked' },
  acknowledged: { clear: 'cleared' },
  cleared_unacked: { ack: 'cleared', raise: 'active' },
  cleared: {},
};

export function canAlarmTransition(state: AlarmState, event: AlarmEvent): boolean {
  return ALARM_TRANSITIONS[state][event] !== undefined;
}

/** The next state of an alarm, or DomainError `alarm.invalid_transition`. */
export function alarmTransition(state: AlarmState, event: AlarmEvent): AlarmState {
  const next = ALARM_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new DomainError('alarm.invalid_transition', `Cannot ${event} an alarm that is ${state}`, {
      state,
      event,
    });
  }
  return next;
}

/** Whether the alarm still belongs on the operators' board. */
export function isAlarmOpen(state: AlarmState): boolean {
  return state !== 'cleared';
}
