import officialData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { weekdayOfKey } from './zone.js';
import type { DayKind } from './work-calendar.js';

/**
 * Official holidays and adjusted working weekends (调休) from the State Council's yearly notice,
 * as packaged by `chinese-days`. We read its published JSON table (documented in its README)
 * rather than calling isHoliday()/getDayDetail(): those parse 'YYYY-MM-DD' as UTC but format in
 * the process time zone, so on a server west of UTC they answer for the previous day.
 *
 * The table only covers years whose notice has been published (the notice for year N comes out
 * late in year N-1); check officialDataAvailable() and have the admin fill in missing years.
 */
const holidays: Readonly<Record<string, string>> = officialData.holidays;
const workdays: Readonly<Record<string, string>> = officialData.workdays;

/** Whether the package knows the official holidays of `year`. */
export function officialDataAvailable(year: number): boolean {
  const prefix = `${year}-`;
  return Object.keys(holidays).some((d) => d.startsWith(prefix));
}

/** The years of `years` with no official data (the admin must maintain those by hand). */
export function missingOfficialYears(years: readonly number[]): number[] {
  return years.filter((y) => !officialDataAvailable(y));
}

/**
 * Day overrides for a WorkCalendar: every official holiday as 'holiday' (weekend ones too, so the
 * table reads like the notice) and every adjusted working weekend as 'workday'. Years without
 * data contribute nothing; see missingOfficialYears.
 */
export function seedOfficialDays(years: readonly number[]): Record<string, DayKind> {
  const wanted = new Set(years.map(String));
  const days: Record<string, DayKind> = {};
  for (const date of Object.keys(holidays).sort()) {
    if (wanted.has(date.slice(0, 4))) days[date] = 'holiday';
  }
  for (const date of Object.keys(workdays).sort()) {
    const weekday = weekdayOfKey(date);
    // The table lists only 调休 weekends; the guard keeps a bad row from turning a weekday odd.
    if (wanted.has(date.slice(0, 4)) && (weekday === 0 || weekday === 6)) days[date] = 'workday';
  }
  return days;
}

/** The official name of a holiday or adjusted working day, e.g. '国庆节'; undefined otherwise. */
export function officialDayName(date: string): string | undefined {
  const row = holidays[date] ?? workdays[date];
  // Rows look like "National Day,国庆节,3": English name, Chinese name, length in days.
  return row?.split(',')[1];
}
