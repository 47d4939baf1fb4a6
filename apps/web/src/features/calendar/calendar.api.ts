import { http } from '@/api/http';

export type DayKind = 'workday' | 'holiday';
export type LimitUnit = 'working_hours' | 'working_days' | 'natural_hours' | 'minutes' | 'working_minutes';
export interface CalendarDay {
  day: string;
  kind: DayKind;
  name: string | null;
  source: 'official' | 'admin';
}
export interface WorkPeriod {
  start: string;
  end: string;
}
export interface CalendarYear {
  year: number;
  periods: WorkPeriod[];
  days: CalendarDay[];
  officialTable: boolean;
  warnings: Array<{ year: number; message: string }>;
}
export interface TimeLimitRow {
  kind: 'component' | 'event';
  category: string;
  urgency: 'normal' | 'urgent' | 'critical';
  name: string;
  filing_condition: string;
  disposal_value: number;
  disposal_unit: LimitUnit;
  closing_condition: string;
}
export interface StepLimitRow {
  step: string;
  value: number;
  unit: LimitUnit;
}

export const calendarApi = {
  year: (year: number) => http.get<CalendarYear>('/api/calendar', { year }),
  setDay: (day: string, kind: DayKind | null, name: string | null) =>
    http.put<CalendarYear>(`/api/calendar/days/${day}`, { kind, name }),
  setPeriods: (periods: WorkPeriod[]) =>
    http.put<{ periods: WorkPeriod[] }>('/api/calendar/periods', { periods }),
  limits: () => http.get<TimeLimitRow[]>('/api/time-limits'),
  setLimit: (r: TimeLimitRow) =>
    http.put(`/api/time-limits/${r.kind}/${r.category}/${r.urgency}`, {
      filingCondition: r.filing_condition,
      closingCondition: r.closing_condition,
      value: r.disposal_value,
      unit: r.disposal_unit,
    }),
  steps: () => http.get<StepLimitRow[]>('/api/step-limits'),
  setStep: (r: StepLimitRow) => http.put(`/api/step-limits/${r.step}`, { value: r.value, unit: r.unit }),
};

export const LIMIT_UNITS: readonly LimitUnit[] = [
  'working_hours',
  'working_days',
  'natural_hours',
  'minutes',
  'working_minutes',
];
