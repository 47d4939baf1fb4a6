import { DomainError } from '../errors.js';
import { MS_PER_HOUR, MS_PER_MINUTE, ZoneClock, addDaysToKey, parseDateKey, weekdayOfKey } from './zone.js';

export type DayKind = 'workday' | 'holiday';
/** 'HH:MM' local wall-clock times; `end` may be '24:00'. */
export interface WorkPeriod {
  start: string;
  end: string;
}
export type DayOverrides = ReadonlyMap<string, DayKind> | Readonly<Record<string, DayKind>>;

export interface WorkCalendarConfig {
  timeZone?: string;
  /** Official holidays and adjusted working weekends (调休), by 'YYYY-MM-DD'. */
  days?: DayOverrides;
  periods?: readonly WorkPeriod[];
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_WORK_PERIODS: readonly WorkPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

/** An absolute instant: a Date, epoch ms, or an ISO 8601 string with Z or an offset. */
export type Instant = Date | number | string;
export type LimitUnit = 'working_hours' | 'working_days' | 'natural_hours' | 'minutes' | 'working_minutes';
export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}
/** A suspension: the clock stands still from `from` to `to` (null = not resumed yet). */
export interface Pause {
  from: Instant;
  to: Instant | null;
}
/** 'working' counts only work periods of working days; 'natural' counts every millisecond. */
export type Clock = 'working' | 'natural';
export type TrafficLight = 'green' | 'yellow' | 'red';

export interface SlaStatus {
  /** Deadline as of `now`: an ongoing suspension is taken to end now. */
  deadline: Date;
  /** Share of the limit used (see WorkCalendar.progress). */
  used: number;
  light: TrafficLight;
}

type Interval = readonly [number, number];

// Ten years without a single working minute means the calendar is broken, not that the case waits.
const MAX_IDLE_DAYS = 3660;
const DAY_CACHE_LIMIT = 5000;
const ISO_WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

export function clockOf(unit: LimitUnit): Clock {
  return unit === 'natural_hours' || unit === 'minutes' ? 'natural' : 'working';
}

/** green below 80 % used, yellow from 80 % up to and including 100 %, red past 100 % (overdue). */
export function trafficLight(usedFraction: number): TrafficLight {
  if (usedFraction > 1) return 'red';
  if (usedFraction >= 0.8) return 'yellow';
  return 'green';
}

export function toMs(instant: Instant): number {
  let ms: number;
  if (instant instanceof Date) ms = instant.getTime();
  else if (typeof instant === 'number') ms = instant;
  else ms = ISO_WITH_ZONE.test(instant) ? Date.parse(instant) : NaN; // no zone = process-local: refuse
  if (!Number.isFinite(ms))
    throw new DomainError('validation.failed', `Not an absolute instant: ${String(instant)}`);
  return ms;
}

/** Ms after midnight of an HH:MM wall-clock time (24:00 allowed), or null. */
function clockMs(text: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = Number(m?.[1]) * 60 + Number(m?.[2]);
  if (m === null || Number(m[2]) > 59 || minutes > 24 * 60) return null;
  return minutes * MS_PER_MINUTE;
}

/**
 * Why these daily work periods cannot make a calendar, or null when they can: each an HH:MM
 * start before its end, in order, not overlapping, at least one. A request that sets them is
 * checked with this (a 400); a stored setting that fails it is a configuration fault.
 */
export function workPeriodsProblem(periods: readonly WorkPeriod[]): string | null {
  if (periods.length === 0) return 'A calendar needs work periods';
  let previousEnd = -1;
  for (const p of periods) {
    const start = clockMs(p.start);
    const end = clockMs(p.end);
    if (start === null || end === null)
      return `Not a wall-clock time (HH:MM): ${start === null ? p.start : p.end}`;
    if (start >= end || start < previousEnd) return 'Work periods must be ordered, non-empty and not overlap';
    previousEnd = end;
  }
  return null;
}

/**
 * A city's working calendar. Every weekday is a working day and every weekend day is not, unless
 * `days` overrides the date. All arguments and results are absolute instants; wall-clock times
 * are worked out in `timeZone`.
 *
 * Conventions:
 * - A deadline that uses up a work period exactly ends at that period's end (12:00, not 13:30).
 * - 'working_days': N days = N × the working time of one day, i.e. the same working-time position
 *   N working days later (10:00 Monday + 1 day = 10:00 Tuesday). A report outside working hours
 *   starts at the next period, so it is due at the end of the Nth working day after it.
 * - 'minutes' and 'natural_hours' ignore the calendar; 'working_minutes' / 'working_hours' do not.
 */
export class WorkCalendar {
  readonly timeZone: string;
  readonly periods: readonly WorkPeriod[];
  /** Working time in one working day, in ms (7.5 h with the default periods). */
  readonly workingMsPerDay: number;
  private readonly zone: ZoneClock;
  private readonly overrides: ReadonlyMap<string, DayKind>;
  private readonly periodMs: readonly Interval[];
  private readonly dayCache = new Map<string, readonly Interval[]>();

  constructor(config: WorkCalendarConfig = {}) {
    this.timeZone = config.timeZone ?? DEFAULT_TIME_ZONE;
    this.zone = new ZoneClock(this.timeZone);
    this.periods = config.periods ?? DEFAULT_WORK_PERIODS;
    const problem = workPeriodsProblem(this.periods);
    if (problem) throw new DomainError('config.invalid', problem);
    this.periodMs = this.periods.map((p): Interval => [clockMs(p.start)!, clockMs(p.end)!]);
    this.workingMsPerDay = this.periodMs.reduce((sum, [s, e]) => sum + (e - s), 0);
    const days = config.days ?? {};
    const entries = days instanceof Map ? [...days.entries()] : Object.entries(days);
    for (const [key] of entries) parseDateKey(key);
    this.overrides = new Map(entries);
  }

  isWorkingDay(dateKey: string): boolean {
    const override = this.overrides.get(dateKey);
    if (override !== undefined) return override === 'workday';
    const weekday = weekdayOfKey(dateKey);
    return weekday !== 0 && weekday !== 6;
  }

  /** The local calendar date of an instant, 'YYYY-MM-DD'. */
  dateKeyOf(instant: Instant): string {
    return this.zone.dateKeyOf(toMs(instant));
  }

  /** The absolute work intervals of one local date (empty on a non-working day). */
  workingIntervals(dateKey: string): readonly Interval[] {
    const cached = this.dayCache.get(dateKey);
    if (cached !== undefined) return cached;
    const intervals = this.isWorkingDay(dateKey)
      ? this.periodMs.map((p): Interval => [
          this.zone.instantOf(dateKey, p[0]),
          this.zone.instantOf(dateKey, p[1]),
        ])
      : [];
    if (this.dayCache.size >= DAY_CACHE_LIMIT) this.dayCache.clear();
    this.dayCache.set(dateKey, intervals);
    return intervals;
  }

  /** The length of a limit in ms of its own clock (working ms for working units). */
  limitMs(limit: TimeLimit): number {
    if (!Number.isFinite(limit.value) || limit.value < 0) {
      throw new DomainError('validation.failed', `Invalid time limit: ${String(limit.value)}`);
    }
    const per: Record<LimitUnit, number> = {
      working_hours: MS_PER_HOUR,
      natural_hours: MS_PER_HOUR,
      minutes: MS_PER_MINUTE,
      working_minutes: MS_PER_MINUTE,
      working_days: this.workingMsPerDay,
    };
    return Math.round(limit.value * per[limit.unit]);
  }

  /** The deadline of a limit started at `start`, with no suspension or extension. */
  addDuration(start: Instant, limit: TimeLimit): Date {
    const end = this.advance(toMs(start), this.limitMs(limit), clockOf(limit.unit), []);
    // Without pauses every clock runs forever (or workingFrom throws), so this cannot happen.
    if (end === null) throw new DomainError('internal', 'No deadline without pauses');
    return new Date(end);
  }

  /** Working time between two instants in ms; negative when b is before a. */
  workingMsBetween(a: Instant, b: Instant): number {
    return this.measure(toMs(a), toMs(b), 'working', []);
  }

  /** Time counted on `clock` from start to end, leaving out suspensions (open ones end at `end`). */
  elapsed(start: Instant, end: Instant, pauses: readonly Pause[] = [], clock: Clock = 'working'): number {
    const endMs = toMs(end);
    return this.measure(toMs(start), endMs, clock, closePauses(pauses, endMs));
  }

  /**
   * Deadline of `limit` from `start` when suspended time does not count and approved extension
   * hours are added on the limit's own clock (working hours for working limits; natural hours for
   * natural ones, so one case never mixes clocks). An ongoing suspension is taken to end at `now`;
   * without `now` the deadline is unknown while it lasts and null is returned.
   */
  deadlineWithPauses(
    start: Instant,
    limit: TimeLimit,
    pauses: readonly Pause[],
    extensionHours = 0,
    now?: Instant,
  ): Date | null {
    if (!Number.isFinite(extensionHours) || extensionHours < 0) {
      throw new DomainError('validation.failed', `Invalid extension: ${String(extensionHours)}`);
    }
    const budget = this.limitMs(limit) + Math.round(extensionHours * MS_PER_HOUR);
    const closed = closePauses(pauses, now === undefined ? Infinity : toMs(now));
    const end = this.advance(toMs(start), budget, clockOf(limit.unit), closed);
    return end === null ? null : new Date(end);
  }

  /**
   * Share of the limit used at `now`: counted time start→now over counted time start→deadline,
   * both without suspensions (pass the deadline from deadlineWithPauses and the same pauses).
   * Once `now` is past the deadline the result is above 1 even while the clock is idle, so a case
   * due Friday 17:30 shows red all weekend instead of waiting for Monday's first working minute.
   */
  progress(
    start: Instant,
    deadline: Instant,
    now: Instant,
    pauses: readonly Pause[] = [],
    clock: Clock = 'working',
  ): number {
    const [startMs, deadlineMs, nowMs] = [toMs(start), toMs(deadline), toMs(now)];
    const closed = closePauses(pauses, nowMs);
    const limit = this.measure(startMs, deadlineMs, clock, closed);
    const overdue = nowMs > deadlineMs;
    // A zero limit is due at once: report "due" or "overdue" instead of dividing by zero.
    if (limit <= 0) return overdue ? 2 : 1;
    const used = this.measure(startMs, nowMs, clock, closed) / limit;
    return overdue && used <= 1 ? 1 + Number.EPSILON : Math.max(used, 0);
  }

  /** Deadline, share used and traffic light of one limit at `now`. */
  slaStatus(
    start: Instant,
    limit: TimeLimit,
    now: Instant,
    options: { pauses?: readonly Pause[]; extensionHours?: number } = {},
  ): SlaStatus {
    const pauses = options.pauses ?? [];
    const deadline = this.deadlineWithPauses(start, limit, pauses, options.extensionHours ?? 0, now);
    if (deadline === null) throw new DomainError('internal', 'Deadline unknown although now was given');
    const used = this.progress(start, deadline, now, pauses, clockOf(limit.unit));
    return { deadline, used, light: trafficLight(used) };
  }

  /** Instants at or after `fromMs` that count on `clock`, in order, minus the pauses. */
  private *counting(fromMs: number, clock: Clock, pauses: readonly Interval[]): Generator<Interval> {
    // Nothing counts after a suspension that never ends.
    const horizon = pauses.reduce((h, [s, e]) => (e === Infinity ? Math.min(h, s) : h), Infinity);
    const base = clock === 'natural' ? [[fromMs, Infinity] as const] : this.workingFrom(fromMs);
    for (const [s0, e0] of base) {
      if (s0 >= horizon) return;
      yield* subtract([s0, Math.min(e0, horizon)], pauses);
    }
  }

  private *workingFrom(fromMs: number): Generator<Interval> {
    let key = this.zone.dateKeyOf(fromMs);
    for (let idle = 0; idle <= MAX_IDLE_DAYS; key = addDaysToKey(key, 1)) {
      const intervals = this.workingIntervals(key);
      idle = intervals.length === 0 ? idle + 1 : 0;
      for (const [s, e] of intervals) if (e > fromMs) yield [Math.max(s, fromMs), e];
    }
    throw new DomainError('config.invalid', `No working time within ${MAX_IDLE_DAYS} days of ${key}`);
  }

  /** The instant at which `budget` ms have been counted from `startMs`; null if never. */
  private advance(startMs: number, budget: number, clock: Clock, pauses: readonly Interval[]): number | null {
    if (budget <= 0) return startMs;
    let left = budget;
    for (const [s, e] of this.counting(startMs, clock, pauses)) {
      if (left <= e - s) return s + left;
      left -= e - s;
    }
    return null;
  }

  private measure(aMs: number, bMs: number, clock: Clock, pauses: readonly Interval[]): number {
    if (bMs < aMs) return -this.measure(bMs, aMs, clock, pauses);
    let total = 0;
    for (const [s, e] of this.counting(aMs, clock, pauses)) {
      if (s >= bMs) break;
      total += Math.min(e, bMs) - s;
    }
    return total;
  }
}

/** Pauses as sorted, merged ms intervals; an open pause ends at `openEnd`. */
function closePauses(pauses: readonly Pause[], openEnd: number): Interval[] {
  const raw = pauses
    .map((p): Interval => [toMs(p.from), p.to === null ? openEnd : toMs(p.to)])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** `interval` minus the sorted, merged `cuts`, as ordered non-empty pieces. */
function subtract(interval: Interval, cuts: readonly Interval[]): Interval[] {
  const pieces: Interval[] = [];
  let [s] = interval;
  const e = interval[1];
  for (const [cs, ce] of cuts) {
    if (ce <= s || cs >= e) continue;
    if (cs > s) pieces.push([s, cs]);
    s = Math.max(s, ce);
    if (s >= e) return pieces;
  }
  if (s < e) pieces.push([s, e]);
  return pieces;
}
