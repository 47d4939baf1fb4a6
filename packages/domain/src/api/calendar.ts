import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

/** The units a time limit is counted in. */
export const LIMIT_UNITS = [
  'working_hours',
  'working_days',
  'natural_hours',
  'minutes',
  'working_minutes',
] as const;
export const LimitUnitSchema = Type.Union(LIMIT_UNITS.map((u) => Type.Literal(u)));

const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const DayKindSchema = Type.Union([Type.Literal('workday'), Type.Literal('holiday')]);
const Urgency = Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('critical')]);

export const WorkPeriodSchema = Type.Object({ start: Time, end: Time });
export type WorkPeriodRow = Static<typeof WorkPeriodSchema>;

/** A date that differs from the weekday rule: a holiday, or an adjusted working day (调休). */
export const CalendarDayRow = Type.Object({
  day: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }),
  kind: DayKindSchema,
  name: Nullable(Type.String()),
  source: Type.Union([Type.Literal('official'), Type.Literal('admin')]),
});
export type CalendarDayRow = Static<typeof CalendarDayRow>;

/** GET /api/calendar: a year of the working calendar. */
export const CalendarYear = Type.Object({
  year: Type.Integer(),
  periods: Type.Array(WorkPeriodSchema),
  days: Type.Array(CalendarDayRow),
  officialTable: Type.Boolean({ description: 'The State Council table for this year is built in' }),
  warnings: Type.Array(Type.Object({ year: Type.Integer(), message: Type.String() })),
});
export type CalendarYear = Static<typeof CalendarYear>;

/** PUT /api/calendar/days/{day}: mark a date, or remove its override (kind null). */
export const CalendarDayBody = Type.Object({
  kind: Type.Union([DayKindSchema, Type.Null()], { description: 'null removes the override' }),
  name: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 50 })])),
});
export type CalendarDayBody = Static<typeof CalendarDayBody>;

/** PUT /api/calendar/periods. */
export const WorkPeriodsBody = Type.Object({
  periods: Type.Array(WorkPeriodSchema, { minItems: 1, maxItems: 6 }),
});
export type WorkPeriodsBody = Static<typeof WorkPeriodsBody>;

/** GET /api/time-limits: one row per category and urgency. */
export const TimeLimitRow = Type.Object({
  kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
  category: Type.String(),
  urgency: Urgency,
  name: Type.String(),
  filing_condition: Type.String(),
  disposal_value: Type.Number(),
  disposal_unit: LimitUnitSchema,
  closing_condition: Type.String(),
  filing_condition_en: Nullable(Type.String({ description: 'The filing condition in English, if any' })),
  closing_condition_en: Nullable(Type.String({ description: 'The closing condition in English, if any' })),
});
export type TimeLimitRow = Static<typeof TimeLimitRow>;

/** PUT /api/time-limits/{kind}/{category}/{urgency}. */
export const TimeLimitBody = Type.Object({
  filingCondition: Type.String({ minLength: 1, maxLength: 500 }),
  closingCondition: Type.String({ minLength: 1, maxLength: 500 }),
  filingConditionEn: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  closingConditionEn: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  value: Type.Number({ exclusiveMinimum: 0, maximum: 10000 }),
  unit: LimitUnitSchema,
});
export type TimeLimitBody = Static<typeof TimeLimitBody>;

/** GET /api/step-limits: the limit of each step before dispatch, and of closing. */
export const StepLimitRow = Type.Object({ step: Type.String(), value: Type.Number(), unit: LimitUnitSchema });
export type StepLimitRow = Static<typeof StepLimitRow>;

/** PUT /api/step-limits/{step}. */
export const StepLimitBody = Type.Object({
  value: Type.Number({ exclusiveMinimum: 0, maximum: 10000 }),
  unit: LimitUnitSchema,
});
export type StepLimitBody = Static<typeof StepLimitBody>;
