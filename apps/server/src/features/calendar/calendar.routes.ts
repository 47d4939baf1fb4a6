import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import {
  CalendarDay,
  CalendarDayBody,
  CalendarYear,
  ErrorResponse,
  Ok,
  StepLimitBody,
  StepLimitRow,
  TimeLimitBody,
  TimeLimitRow,
  WorkPeriodsBody,
} from '@cityloop/domain/api';
import type { CalendarService } from './calendar.service.js';
import { actorOf } from '../../http/actor.js';

const tags = ['calendar'];
const ADMIN = rolesFor('admin');

export async function calendarRoutes(app: FastifyInstance, ctx: { calendar: CalendarService }) {
  app.get<{ Querystring: { year: number } }>(
    '/api/calendar',
    {
      config: { access: { roles: 'authenticated', scope: 'none' } },
      schema: {
        tags,
        summary:
          'A year of the working calendar: holidays, adjusted working days (调休), work periods, warnings',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: { 200: CalendarYear },
      },
    },
    async (req) => ctx.calendar.year(req.query.year),
  );

  app.put<{ Params: { day: string }; Body: CalendarDayBody }>(
    '/api/calendar/days/:day',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Mark a date as holiday or working day (or remove the override)',
        params: Type.Object({ day: CalendarDay() }),
        body: CalendarDayBody,
        response: { 200: CalendarYear },
      },
    },
    async (req) => {
      await ctx.calendar.setDay(req.params.day, req.body.kind, req.body.name ?? null, actorOf(req));
      return ctx.calendar.year(Number(req.params.day.slice(0, 4)));
    },
  );

  app.put<{ Body: WorkPeriodsBody }>(
    '/api/calendar/periods',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Daily work periods, e.g. 08:30–12:00 and 13:30–17:30',
        body: WorkPeriodsBody,
        response: { 200: WorkPeriodsBody, 400: ErrorResponse },
      },
    },
    async (req) => {
      await ctx.calendar.setPeriods(req.body.periods, actorOf(req));
      return { periods: req.body.periods };
    },
  );

  app.get(
    '/api/time-limits',
    {
      config: { access: { roles: 'authenticated', scope: 'none' } },
      schema: {
        tags,
        summary: 'Filing condition, disposal limit and closing condition per category and urgency',
        response: { 200: Type.Array(TimeLimitRow) },
      },
    },
    async () => ctx.calendar.limitsTable(),
  );

  app.put<{
    Params: { kind: 'component' | 'event'; category: string; urgency: 'normal' | 'urgent' | 'critical' };
    Body: TimeLimitBody;
  }>(
    '/api/time-limits/:kind/:category/:urgency',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Edit one category’s time limit',
        params: Type.Object({
          kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
          category: Type.String({ pattern: '^[0-9]{4}$' }),
          urgency: Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('critical')]),
        }),
        body: TimeLimitBody,
        response: { 200: Ok, 404: ErrorResponse },
      },
    },
    async (req) => {
      const { kind, category, urgency } = req.params;
      await ctx.calendar.setLimit(
        {
          kind,
          category,
          urgency,
          name: '',
          filing_condition: req.body.filingCondition,
          closing_condition: req.body.closingCondition,
          filing_condition_en: req.body.filingConditionEn ?? null,
          closing_condition_en: req.body.closingConditionEn ?? null,
          disposal_value: req.body.value,
          disposal_unit: req.body.unit,
        },
        actorOf(req),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/step-limits',
    {
      config: { access: { roles: 'authenticated', scope: 'none' } },
      schema: {
        tags,
        summary: 'Limits of the steps accept, verify, file, dispatch, check, close',
        response: { 200: Type.Array(StepLimitRow) },
      },
    },
    async () => ctx.calendar.stepsTable(),
  );

  app.put<{ Params: { step: string }; Body: StepLimitBody }>(
    '/api/step-limits/:step',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Edit one step limit',
        params: Type.Object({
          step: Type.Union(
            ['accept', 'verify', 'file', 'dispatch', 'check', 'close'].map((s) => Type.Literal(s)),
          ),
        }),
        body: StepLimitBody,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await ctx.calendar.setStep(
        { step: req.params.step, value: req.body.value, unit: req.body.unit },
        actorOf(req),
      );
      return { ok: true as const };
    },
  );
}
