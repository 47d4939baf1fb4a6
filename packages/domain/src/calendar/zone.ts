import { DomainError } from '../errors.js';

/**
 * Wall-clock conversions for one IANA time zone, through Intl.DateTimeFormat rather than a
 * hard-coded +08:00: the offset is read from the zone database at the instant in question, so a
 * zone with DST (a city configured elsewhere) converts correctly too. Results never depend on the
 * process time zone (TZ env), only on the configured zone.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
const QUARTER_HOUR = 15 * MS_PER_MINUTE;

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Parse a 'YYYY-MM-DD' key; throws config.invalid for anything else. */
export function parseDateKey(key: string): DateParts {
  const m = DATE_KEY.exec(key);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (m === null || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new DomainError('config.invalid', `Not a calendar date (YYYY-MM-DD): ${key}`);
  }
  return { year, month, day };
}

export function formatDateKey(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `days` after `key` (calendar arithmetic; no time zone involved). */
export function addDaysToKey(key: string, days: number): string {
  const { year, month, day } = parseDateKey(key);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return formatDateKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfKey(key: string): number {
  const { year, month, day } = parseDateKey(key);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export class ZoneClock {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;

  constructor(timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new DomainError('config.invalid', `Unknown time zone: ${timeZone}`);
    }
    this.timeZone = timeZone;
  }

  /**
   * UTC offsets by quarter hour of UTC time. Every zone's offset changes only on quarter-hour
   * instants (since the zone database's local-mean-time era), so an offset read once holds for
   * its whole quarter; reading it through Intl costs ~3 µs, and a case's deadlines read it many
   * times. Bounded: cleared when it grows past a few years' worth of quarters.
   */
  private readonly offsets = new Map<number, number>();

  /** Local wall-clock fields of an instant (seconds precision). */
  private wall(ms: number): DateParts & { hour: number; minute: number; second: number } {
    const local = new Date(Math.floor(ms / 1000) * 1000 + this.offsetAt(ms));
    return {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      second: local.getUTCSeconds(),
    };
  }

  /** Offset of local wall time from UTC at this instant, in ms (+8 h → 28 800 000). */
  offsetAt(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_HOUR);
    const known = this.offsets.get(quarter);
    if (known !== undefined) return known;
    const fields: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const wallAsUtc = Date.UTC(
      fields['year'] ?? NaN,
      (fields['month'] ?? NaN) - 1,
      fields['day'] ?? NaN,
      fields['hour'] ?? NaN,
      fields['minute'] ?? NaN,
      fields['second'] ?? NaN,
    );
    const offset = wallAsUtc - Math.floor(ms / 1000) * 1000;
    // Before 1970 some zones kept local mean time (offsets in odd seconds): not cached.
    if (ms >= 0 && Number.isFinite(offset)) {
      if (this.offsets.size >= 200_000) this.offsets.clear();
      this.offsets.set(quarter, offset);
    }
    return offset;
  }

  /** The local calendar date ('YYYY-MM-DD') of an instant. */
  dateKeyOf(ms: number): string {
    const w = this.wall(ms);
    return formatDateKey(w.year, w.month, w.day);
  }

  /**
   * The instant when the local clock on `dateKey` shows `msOfDay` after midnight. Two passes
   * settle the offset; a wall time that does not exist (DST gap) maps to the instant just after.
   */
  instantOf(dateKey: string, msOfDay: number): number {
    const { year, month, day } = parseDateKey(dateKey);
    const wallAsUtc = Date.UTC(year, month - 1, day) + msOfDay;
    const first = wallAsUtc - this.offsetAt(wallAsUtc);
    const second = wallAsUtc - this.offsetAt(first);
    return second === first ? first : wallAsUtc - this.offsetAt(second);
  }
}
