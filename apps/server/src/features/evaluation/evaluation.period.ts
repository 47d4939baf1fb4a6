import {
  DomainError,
  ZoneClock,
  addDaysToKey,
  parseDateKey,
  weekdayOfKey,
  formatDateKey,
} from '@cityloop/domain';
import type { EvaluationPeriod, EvaluationQuery, TrendBucket } from '@cityloop/domain/api';

/** Longest period one request may evaluate: a year and a bit (bounded work per request). */
const MAX_DAYS = 400;

/** The first day (YYYY-MM-DD) of the period of `unit` that holds `key`. */
export function startKeyOf(key: string, unit: EvaluationPeriod): string {
  const { year, month } = parseDateKey(key);
  switch (unit) {
    case 'day':
      return key;
    case 'week':
      // ISO weeks start on Monday.
      return addDaysToKey(key, -((weekdayOfKey(key) + 6) % 7));
    case 'month':
      return formatDateKey(year, month, 1);
    case 'quarter':
      return formatDateKey(year, month - ((month - 1) % 3), 1);
    case 'year':
      return formatDateKey(year, 1, 1);
  }
}

/** The first day of the next period after the one starting at `start`. */
export function nextKeyOf(start: string, unit: EvaluationPeriod): string {
  const { year, month } = parseDateKey(start);
  const months = (n: number) => {
    const m = month - 1 + n;
    return formatDateKey(year + Math.floor(m / 12), (m % 12) + 1, 1);
  };
  switch (unit) {
    case 'day':
      return addDaysToKey(start, 1);
    case 'week':
      return addDaysToKey(start, 7);
    case 'month':
      return months(1);
    case 'quarter':
      return months(3);
    case 'year':
      return formatDateKey(year + 1, 1, 1);
  }
}

export interface Period {
  from: Date;
  to: Date;
}

/**
 * The instants [from, to) a query asks for: explicit `from`/`to`, or the day/week/month/quarter/
 * year (default month) holding `date` (default today), in the city's time zone.
 */
export function resolvePeriod(query: EvaluationQuery, zone: ZoneClock, now: Date): Period {
  let from: Date;
  let to: Date;
  if (query.from !== undefined || query.to !== undefined) {
    if (query.from === undefined || query.to === undefined)
      throw new DomainError('validation.failed', 'Give both from and to, or a period');
    // A plain day is the city's midnight; a plain `to` day is included whole.
    from = isDay(query.from) ? new Date(zone.instantOf(query.from, 0)) : new Date(query.from);
    to = isDay(query.to) ? new Date(zone.instantOf(addDaysToKey(query.to, 1), 0)) : new Date(query.to);
  } else {
    const unit = query.period ?? 'month';
    const start = startKeyOf(query.date ?? zone.dateKeyOf(now.getTime()), unit);
    from = new Date(zone.instantOf(start, 0));
    to = new Date(zone.instantOf(nextKeyOf(start, unit), 0));
  }
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to)
    throw new DomainError('validation.failed', 'The period must have from before to');
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    throw new DomainError('validation.failed', `A period is at most ${MAX_DAYS} days`);
  return { from, to };
}

const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * What an export of the period is called: `2026` for a year, `2026-Q1`, `2026-03`, a week or a custom
 * range as its first and last day (`2026-03-02_2026-03-08`), a day as itself; in the city's zone.
 */
export function periodName(query: EvaluationQuery, p: Period, zone: ZoneClock): string {
  const first = zone.dateKeyOf(p.from.getTime());
  const last = zone.dateKeyOf(p.to.getTime() - 1);
  if (query.from === undefined && query.to === undefined) {
    const { year, month } = parseDateKey(first);
    switch (query.period ?? 'month') {
      case 'year':
        return String(year);
      case 'quarter':
        return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
      case 'month':
        return first.slice(0, 7);
      case 'day':
        return first;
      case 'week':
        break;
    }
  }
  return first === last ? first : `${first}_${last}`;
}

/** The trend buckets covering [from, to): first day key and instants, in the city's time zone. */
export function bucketsOf(p: Period, unit: TrendBucket, zone: ZoneClock): Array<{ key: string } & Period> {
  const out: Array<{ key: string } & Period> = [];
  let key = startKeyOf(zone.dateKeyOf(p.from.getTime()), unit);
  while (zone.instantOf(key, 0) < p.to.getTime()) {
    const next = nextKeyOf(key, unit);
    out.push({
      key,
      from: new Date(Math.max(zone.instantOf(key, 0), p.from.getTime())),
      to: new Date(Math.min(zone.instantOf(next, 0), p.to.getTime())),
    });
    key = next;
  }
  return out;
}

/** A sensible bucket for a chart over the period: days up to a month, weeks up to half a year. */
export function defaultBucket(p: Period): TrendBucket {
  const days = (p.to.getTime() - p.from.getTime()) / 86_400_000;
  return days <= 31 ? 'day' : days <= 183 ? 'week' : 'month';
}
