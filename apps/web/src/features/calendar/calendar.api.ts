import type { DayKind, LimitUnit } from '@cityloop/domain/calendar/work-calendar';
import {
  LIMIT_UNITS,
  type CalendarDayRow,
  type CalendarDayBody,
  type CalendarYear,
  type StepLimitBody,
  type TimeLimitBody,
  type WorkPeriodsBody,
  type StepLimitRow,
  type TimeLimitRow,
  type WorkPeriodRow,
} from '@cityloop/domain/api/calendar';
import { http } from '@/api/http';

export type { CalendarYear, DayKind, LimitUnit, StepLimitRow, TimeLimitRow };
export type CalendarDay = CalendarDayRow;
export type WorkPeriod = WorkPeriodRow;
export { LIMIT_UNITS };

export const calendarApi = {
  year: (year: number) => http.get<CalendarYear>('/api/calendar', { year }),
  setDay: (day: string, kind: DayKind | null, name: string | null) =>
    http.put<CalendarYear>(`/api/calendar/days/${day}`, { kind, name } satisfies CalendarDayBody),
  setPeriods: (periods: WorkPeriod[]) =>
    http.put<WorkPeriodsBody>('/api/calendar/periods', { periods } satisfies WorkPeriodsBody),
  limits: () => http.get<TimeLimitRow[]>('/api/time-limits'),
  setLimit: (r: TimeLimitRow) =>
    http.put(`/api/time-limits/${r.kind}/${r.category}/${r.urgency}`, {
      filingCondition: r.filing_condition,
      closingCondition: r.closing_condition,
      ...(r.filing_condition_en ? { filingConditionEn: r.filing_condition_en } : {}),
      ...(r.closing_condition_en ? { closingConditionEn: r.closing_condition_en } : {}),
      value: r.disposal_value,
      unit: r.disposal_unit,
    } satisfies TimeLimitBody),
  steps: () => http.get<StepLimitRow[]>('/api/step-limits'),
  setStep: (r: StepLimitRow) =>
    http.put(`/api/step-limits/${r.step}`, { value: r.value, unit: r.unit } satisfies StepLimitBody),
};
