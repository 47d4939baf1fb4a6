import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { rolesFor } from '@cityloop/domain';
import { CalendarDay, ErrorResponse } from '@cityloop/domain/api';
import type { CalendarService } from './calendar.service.js';
import { actorOf } from '../../http/actor.js';

const tags = ['calendar'];
const ADMIN = rolesFor('admin');
const Unit = Type.Union([
  Type.Literal('working_hours'),
  Type.Literal('working_days'),
  Type.Literal('natural_hours'),
  Type.Literal('minutes'),
  Type.Literal('working_minutes'),
]);
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const DayBody = Type.Object({
  kind: Type.Union([Type.Literal('workday'), Type.Literal('holiday'), Type.Null()], {
    description: 'null removes the override',
  }),
  name: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 50 })])),
});
const LimitBody = Type.Object({
  filingCondition: Type.String({ minLength: 1, maxLength: 500 }),
  closingCondition: Type.String({ minLength: 1, maxLength: 500 }),
  // The English conditions, for the English interface; left out, they stay as they are.
  filingConditionEn: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  closingConditionEn: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  value: Type.Number({ exclusiveMinimum: 0, maximum: 10000 }),
  unit: Unit,
});

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
      },
    },
    async (req) => ctx.calendar.year(req.query.year),
  );

  app.put<{ Params: { day: string }; Body: Static<typeof DayBody> }>(
    '/api/calendar/days/:day',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Mark a date as holiday or working day (or remove the override)',
        params: Type.Object({ day: CalendarDay() }),
        body: DayBody,
      },
    },
    async (req) => {
      await ctx.calendar.setDay(req.params.day, req.body.kind, req.body.name ?? null, actorOf(req));
      return ctx.calendar.year(Number(req.params.day.slice(0, 4)));
    },
  );

  app.put<{ Body: { periods: Array<{ start: string; end: string }> } }>(
    '/api/calendar/periods',
    {
      config: { access: { roles: ADMIN, scope: 'none' } },
      schema: {
        tags,
        summary: 'Daily work periods, e.g. 08:30–12:00 and 13:30–17:30',
        body: Type.Object({
          periods: Type.Array(Type.Object({ start: Time, end: Time }), { minItems: 1, maxItems: 6 }),
        }),
        response: { 400: ErrorResponse },
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
      },
    },
    async () => ctx.calendar.limitsTable(),
  );

  app.put<{
    Params: { kind: 'component' | 'event'; category: string; urgency: 'normal' | 'urgent' | 'critical' };
    Body: Static<typeof LimitBody>;
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
        body: LimitBody,
        response: { 404: ErrorResponse },
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
      return { ok: true };
    },
  );

  app.get(
    '/api/step-limits',
    {
      config: { access: { roles: 'authenticated', scope: 'none' } },
      schema: { tags, summary: 'Limits of the steps accept, verify, file, dispatch, check, close' },
    },
    async () => ctx.calendar.stepsTable(),
  );

  app.put<{ Params: { step: string }; Body: { value: number; unit: Static<typeof Unit> } }>(
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
        body: Type.Object({ value: Type.Number({ exclusiveMinimum: 0, maximum: 10000 }), unit: Unit }),
      },
    },
    async (req) => {
      await ctx.calendar.setStep(
        { step: req.params.step, value: req.body.value, unit: req.body.unit },
        actorOf(req),
      );
      return { ok: true };
    },
  );
}
