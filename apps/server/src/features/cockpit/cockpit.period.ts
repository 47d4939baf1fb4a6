import { addDaysToKey, formatDateKey, parseDateKey, type ZoneClock } from '@cityloop/domain';
import type { CockpitPeriod } from '@cityloop/domain/api';

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The same day `months` months away, clamped to the month's last day (31 March − 1 month = 28/29 Feb). */
export function shiftMonths(key: string, months: number): string {
  const { year, month, day } = parseDateKey(key);
  const m = month - 1 + months;
  const y = year + Math.floor(m / 12);
  const mm = (((m % 12) + 12) % 12) + 1;
  return formatDateKey(y, mm, Math.min(day, daysIn(y, mm)));
}

/** A day of the previous period: the day before, the month before, the year before. */
export function previousDateOf(period: CockpitPeriod, key: string): string {
  if (period === 'day') return addDaysToKey(key, -1);
  return shiftMonths(key, period === 'month' ? -1 : -12);
}

export const lastYearDateOf = (key: string): string => shiftMonths(key, -12);

export function firstDayOf(period: CockpitPeriod, key: string): string {
  const { year, month } = parseDateKey(key);
  if (period === 'day') return key;
  return period === 'month' ? formatDateKey(year, month, 1) : formatDateKey(year, 1, 1);
}

function nextFirstDay(period: CockpitPeriod, first: string): string {
  if (period === 'day') return addDaysToKey(first, 1);
  return shiftMonths(first, period === 'month' ? 1 : 12);
}

/** The instants [from, to) of the period holding `key`, in the city's zone. */
export function boundsOf(period: CockpitPeriod, key: string, zone: ZoneClock): { from: Date; to: Date } {
  const first = firstDayOf(period, key);
  return {
    from: new Date(zone.instantOf(first, 0)),
    to: new Date(zone.instantOf(nextFirstDay(period, first), 0)),
  };
}

/** The month (YYYY-MM) holding a day. */
export const monthOf = (key: string): string => key.slice(0, 7);
