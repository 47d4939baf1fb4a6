import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  WorkCalendar,
  ZoneClock,
  missingOfficialYears,
  officialDataAvailable,
  officialDayName,
  seedOfficialDays,
  trafficLight,
  workPeriodsProblem,
  type TimeLimit,
} from './index.js';

/** A wall-clock time in Shanghai as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const wh = (value: number): TimeLimit => ({ value, unit: 'working_hours' });
const HOUR = 3_600_000;

const cal = new WorkCalendar({ days: seedOfficialDays([2025, 2026]) });
const plain = new WorkCalendar();

describe('working-time deadlines', () => {
  it('skips the lunch break: 11:50 + 0.5 working hours is 13:50', () => {
    expect(cal.addDuration(sh('2026-03-10T11:50'), wh(0.5))).toEqual(sh('2026-03-10T13:50'));
  });

  it('ends exactly at the end of a period when that uses the limit up', () => {
    expect(cal.addDuration(sh('2026-03-10T11:00'), wh(1))).toEqual(sh('2026-03-10T12:00'));
  });

  it('moves an evening report to the next working morning', () => {
    expect(cal.addDuration(sh('2026-03-10T19:00'), wh(1))).toEqual(sh('2026-03-11T09:30'));
  });

  it('moves a Friday evening report to Monday', () => {
    expect(cal.addDuration(sh('2026-03-13T18:00'), wh(2))).toEqual(sh('2026-03-16T10:30'));
  });

  it('carries a case from the eve of National Day 2026 past the holiday', () => {
    // 2026-10-01 … 10-07 off; 30 min left on 09-30, the rest on Thursday 10-08.
    expect(cal.addDuration(sh('2026-09-30T17:00'), wh(2))).toEqual(sh('2026-10-08T10:00'));
  });

  it('works on the adjusted weekends (调休) of 2026', () => {
    // Saturday 2026-02-14 is a working day before the Spring Festival (02-15 … 02-23).
    expect(cal.addDuration(sh('2026-02-13T17:00'), wh(2))).toEqual(sh('2026-02-14T10:00'));
    expect(cal.addDuration(sh('2026-02-14T17:00'), wh(2))).toEqual(sh('2026-02-24T10:00'));
    // Saturday 2026-10-10 is worked after National Day; Saturday 09-19 is not, Sunday 09-20 is.
    expect(cal.addDuration(sh('2026-10-09T17:00'), wh(1))).toEqual(sh('2026-10-10T09:00'));
    expect(cal.addDuration(sh('2026-09-18T17:00'), wh(1))).toEqual(sh('2026-09-20T09:00'));
    // Without the official table the same report would be due on a holiday.
    expect(plain.addDuration(sh('2026-09-30T17:00'), wh(2))).toEqual(sh('2026-10-01T10:00'));
  });

  it('counts a 20-working-day limit across Mid-Autumn and National Day', () => {
    // Working days after Mon 09-21: 22,23,24 | 28,29,30 | 10-08,09,10(Sat) | 12–16 | 19–23 | 26.
    const removal = { value: 20, unit: 'working_days' } as const;
    expect(cal.addDuration(sh('2026-09-21T10:00'), removal)).toEqual(sh('2026-10-26T10:00'));
    expect(plain.addDuration(sh('2026-09-21T10:00'), removal)).toEqual(sh('2026-10-19T10:00'));
  });

  it('makes an out-of-hours working-day limit end with the Nth working day', () => {
    const oneDay = { value: 1, unit: 'working_days' } as const;
    expect(cal.addDuration(sh('2026-03-10T19:00'), oneDay)).toEqual(sh('2026-03-11T17:30'));
    expect(cal.addDuration(sh('2026-03-10T08:30'), oneDay)).toEqual(sh('2026-03-10T17:30'));
  });

  it('ignores the calendar for natural hours and minutes', () => {
    expect(cal.addDuration(sh('2026-10-03T22:00'), { value: 6, unit: 'natural_hours' })).toEqual(
      sh('2026-10-04T04:00'),
    );
    expect(cal.addDuration(sh('2026-03-10T11:50'), { value: 30, unit: 'minutes' })).toEqual(
      sh('2026-03-10T12:20'),
    );
    expect(cal.addDuration(sh('2026-03-10T11:50'), { value: 30, unit: 'working_minutes' })).toEqual(
      sh('2026-03-10T13:50'),
    );
  });

  it('handles midnight: 00:00 belongs to the new day, 23:59:59.999 to the old one', () => {
    expect(cal.dateKeyOf(sh('2026-03-10T00:00'))).toBe('2026-03-10');
    expect(cal.dateKeyOf(sh('2026-03-10T00:00').getTime() - 1)).toBe('2026-03-09');
    expect(cal.addDuration(sh('2026-03-10T00:00'), wh(1))).toEqual(sh('2026-03-10T09:30'));
    expect(cal.addDuration(sh('2026-03-09T23:59:59.999'), wh(1))).toEqual(sh('2026-03-10T09:30'));
    expect(cal.addDuration(sh('2026-03-09T23:30'), { value: 1, unit: 'natural_hours' })).toEqual(
      sh('2026-03-10T00:30'),
    );
    expect(cal.workingMsBetween(sh('2026-03-09T17:00'), sh('2026-03-10T09:00'))).toBe(HOUR);
  });

  it('measures working time in both directions', () => {
    expect(cal.workingMsBetween(sh('2026-03-10T08:00'), sh('2026-03-10T18:00'))).toBe(7.5 * HOUR);
    expect(cal.workingMsBetween(sh('2026-03-10T18:00'), sh('2026-03-10T08:00'))).toBe(-7.5 * HOUR);
    expect(cal.workingMsBetween(sh('2026-09-30T17:00'), sh('2026-10-08T09:00'))).toBe(HOUR);
  });

  it('uses the zone database, not a fixed +8 (Berlin across the March DST change)', () => {
    const berlin = new WorkCalendar({ timeZone: 'Europe/Berlin' });
    // Friday 17:00 CET = 16:00Z; Monday 09:00 CEST = 07:00Z.
    expect(berlin.addDuration(new Date('2026-03-27T16:00Z'), wh(1))).toEqual(new Date('2026-03-30T07:00Z'));
  });

  it('reads the same offsets as Intl at every minute around DST changes (cached per quarter hour)', () => {
    const misread: string[] = [];
    for (const timeZone of ['Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns']) {
      const zone = new ZoneClock(timeZone);
      const intl = new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
      for (const day of [
        '2026-03-08',
        '2026-03-29',
        '2026-04-05',
        '2026-10-04',
        '2026-10-25',
        '2026-11-01',
      ]) {
        const start = Date.parse(`${day}T00:00Z`) - 12 * HOUR;
        for (let ms = start; ms < start + 48 * HOUR; ms += 60_000) {
          const expected = intl.format(new Date(ms));
          // Twice: the second read comes from the cache.
          for (let pass = 0; pass < 2; pass++) {
            const local = new Date(ms + zone.offsetAt(ms)).toISOString().slice(0, 16).replace('T', ' ');
            if (local !== expected)
              misread.push(`${timeZone} ${new Date(ms).toISOString()}: ${local} ≠ ${expected}`);
          }
        }
      }
    }
    expect(misread.slice(0, 5)).toEqual([]);
  }, 60_000);
});

describe('suspensions and extensions', () => {
  const start = sh('2026-03-10T09:00');

  it('does not count suspended time', () => {
    expect(cal.deadlineWithPauses(start, wh(4), [])).toEqual(sh('2026-03-10T14:30'));
    const oneHour = [{ from: sh('2026-03-10T10:00'), to: sh('2026-03-10T11:00') }];
    expect(cal.deadlineWithPauses(start, wh(4), oneHour)).toEqual(sh('2026-03-10T15:30'));
    // 11:00–14:00 covers 1.5 working hours (11–12 and 13:30–14).
    const overLunch = [{ from: sh('2026-03-10T11:00'), to: sh('2026-03-10T14:00') }];
    expect(cal.deadlineWithPauses(start, wh(4), overLunch)).toEqual(sh('2026-03-10T16:00'));
    expect(cal.elapsed(start, sh('2026-03-10T15:00'), overLunch)).toBe(3 * HOUR);
  });

  it('accepts stored ISO strings and rejects times without a zone', () => {
    const pauses = [{ from: '2026-03-10T02:00:00.000Z', to: '2026-03-10T03:00:00.000Z' }];
    expect(cal.deadlineWithPauses(start, wh(4), pauses)).toEqual(sh('2026-03-10T15:30'));
    expect(() => cal.deadlineWithPauses(start, wh(4), [{ from: '2026-03-10T10:00', to: null }])).toThrow(
      DomainError,
    );
  });

  it('has no deadline while a suspension lasts, unless told the time', () => {
    const open = [{ from: sh('2026-03-10T10:00'), to: null }];
    expect(cal.deadlineWithPauses(start, wh(4), open)).toBeNull();
    expect(cal.deadlineWithPauses(start, wh(4), open, 0, sh('2026-03-10T11:00'))).toEqual(
      sh('2026-03-10T15:30'),
    );
    // A suspension after the deadline does not move it.
    const late = [{ from: sh('2026-03-11T10:00'), to: null }];
    expect(cal.deadlineWithPauses(start, wh(4), late)).toEqual(sh('2026-03-10T14:30'));
  });

  it('counts overlapping suspensions once', () => {
    const pauses = [
      { from: sh('2026-03-10T10:00'), to: sh('2026-03-10T11:00') },
      { from: sh('2026-03-10T10:30'), to: sh('2026-03-10T11:30') },
    ];
    expect(cal.deadlineWithPauses(start, wh(4), pauses)).toEqual(sh('2026-03-10T16:00'));
  });

  it('adds approved extension hours as working hours', () => {
    // 4 + 8 = 12 working hours: Tue 7 h, Wed 08:30–12:00 3.5 h, then 1.5 h from 13:30.
    expect(cal.deadlineWithPauses(start, wh(4), [], 8)).toEqual(sh('2026-03-11T15:00'));
  });

  it('stops a natural-hour clock during suspension too', () => {
    const pauses = [{ from: sh('2026-03-14T01:00'), to: sh('2026-03-14T03:00') }];
    const limit = { value: 6, unit: 'natural_hours' } as const;
    expect(cal.deadlineWithPauses(sh('2026-03-13T22:00'), limit, pauses)).toEqual(sh('2026-03-14T06:00'));
  });
});

describe('progress and traffic light', () => {
  it('turns yellow at 80 % and red only past 100 %', () => {
    expect(trafficLight(0.79)).toBe('green');
    expect(trafficLight(0.8)).toBe('yellow');
    expect(trafficLight(1)).toBe('yellow');
    expect(trafficLight(1.01)).toBe('red');
  });

  it('measures the share used in working time', () => {
    const start = sh('2026-03-10T09:00');
    const deadline = sh('2026-03-10T14:30');
    expect(cal.progress(start, deadline, sh('2026-03-10T11:30'))).toBe(0.625);
    expect(cal.progress(start, deadline, sh('2026-03-10T13:48'))).toBeCloseTo(0.825, 10);
    expect(cal.progress(start, deadline, sh('2026-03-10T15:00'))).toBe(1.125);
  });

  it('leaves suspended time out of the share used', () => {
    const start = sh('2026-03-10T09:00');
    const pauses = [{ from: sh('2026-03-10T10:00'), to: sh('2026-03-10T11:00') }];
    const deadline = cal.deadlineWithPauses(start, wh(4), pauses);
    expect(deadline).toEqual(sh('2026-03-10T15:30'));
    expect(cal.progress(start, sh('2026-03-10T15:30'), sh('2026-03-10T11:30'), pauses)).toBe(0.375);
  });

  it('shows a case due Friday 17:30 as overdue over the weekend', () => {
    const start = sh('2026-03-13T13:30');
    const deadline = cal.addDuration(start, wh(4));
    expect(deadline).toEqual(sh('2026-03-13T17:30'));
    expect(trafficLight(cal.progress(start, deadline, sh('2026-03-13T17:30')))).toBe('yellow');
    expect(trafficLight(cal.progress(start, deadline, sh('2026-03-14T10:00')))).toBe('red');
  });

  it('gives deadline, share and light in one call', () => {
    const status = cal.slaStatus(sh('2026-03-10T09:00'), wh(4), sh('2026-03-10T12:00'), {
      extensionHours: 1,
    });
    expect(status).toEqual({ deadline: sh('2026-03-10T15:30'), used: 0.6, light: 'green' });
  });
});

describe('official days', () => {
  it('seeds the 2026 holidays and adjusted working weekends from chinese-days', () => {
    const days = seedOfficialDays([2026]);
    expect(days['2026-10-01']).toBe('holiday');
    expect(days['2026-10-07']).toBe('holiday');
    expect(days['2026-02-17']).toBe('holiday');
    expect(days['2026-09-25']).toBe('holiday');
    expect(days['2026-10-10']).toBe('workday');
    expect(days['2026-02-14']).toBe('workday');
    expect(days['2026-02-28']).toBe('workday');
    expect(days['2026-10-08']).toBeUndefined();
    expect(Object.keys(days).every((d) => d.startsWith('2026-'))).toBe(true);
    expect(officialDayName('2026-10-01')).toBe('国庆节');
  });

  it('reports the years the package has no data for', () => {
    expect(officialDataAvailable(2026)).toBe(true);
    expect(officialDataAvailable(2099)).toBe(false);
    expect(missingOfficialYears([2025, 2026, 2099])).toEqual([2099]);
    expect(seedOfficialDays([2099])).toEqual({});
  });
});

describe('calendar configuration', () => {
  it('says what is wrong with work periods a request sets, for a 400 instead of a fault', () => {
    expect(workPeriodsProblem([{ start: '08:30', end: '12:00' }])).toBeNull();
    expect(workPeriodsProblem([{ start: '10:00', end: '00:00' }])).toMatch(/ordered/);
    expect(workPeriodsProblem([{ start: '8:30', end: '12:00' }])).toMatch(/HH:MM/);
    expect(workPeriodsProblem([])).toMatch(/needs work periods/);
  });

  it('refuses an unknown zone, overlapping periods and bad dates', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof DomainError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => new WorkCalendar({ timeZone: 'Mars/Olympus' }))).toBe('config.invalid');
    expect(
      code(
        () =>
          new WorkCalendar({
            periods: [
              { start: '08:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
          }),
      ),
    ).toBe('config.invalid');
    expect(code(() => new WorkCalendar({ periods: [] }))).toBe('config.invalid');
    expect(code(() => new WorkCalendar({ days: { '2026-02-30': 'holiday' } }))).toBe('config.invalid');
    expect(code(() => cal.addDuration(sh('2026-03-10T09:00'), wh(-1)))).toBe('validation.failed');
  });

  it('accepts a Map of overrides and a round-the-clock period', () => {
    const allDay = new WorkCalendar({
      periods: [{ start: '00:00', end: '24:00' }],
      days: new Map([['2026-03-14', 'workday' as const]]),
    });
    expect(allDay.isWorkingDay('2026-03-14')).toBe(true);
    expect(allDay.isWorkingDay('2026-03-15')).toBe(false);
    expect(allDay.addDuration(sh('2026-03-13T23:00'), wh(2))).toEqual(sh('2026-03-14T01:00'));
  });
});
