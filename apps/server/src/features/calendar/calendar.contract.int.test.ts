import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CalendarYear, StepLimitRow, TimeLimitRow } from '@cityloop/domain/api';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

/** The schema's complaints about a body, empty when it fits. */
const misfits = (schema: TSchema, body: unknown) =>
  [...Value.Errors(schema, body)].slice(0, 5).map((e) => `${e.path}: ${e.message}`);

describe('calendar answers match the domain schemas the web app types them by', () => {
  it('a year of the calendar, also as answered after marking a day', async () => {
    const year = await t.app.inject({ url: '/api/calendar?year=2026', headers: { cookie: admin } });
    expect(year.statusCode).toBe(200);
    expect(misfits(CalendarYear, year.json())).toEqual([]);
    expect(year.json().days.length).toBeGreaterThan(0);

    const marked = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/days/2026-07-01',
      headers: { cookie: admin },
      payload: { kind: 'holiday', name: '测试' },
    });
    expect(marked.statusCode).toBe(200);
    expect(misfits(CalendarYear, marked.json())).toEqual([]);
  });

  it('the time limits and the step limits', async () => {
    const limits = await t.app.inject({ url: '/api/time-limits', headers: { cookie: admin } });
    expect(limits.json().length).toBeGreaterThan(0);
    expect(misfits(Type.Array(TimeLimitRow), limits.json())).toEqual([]);
    const steps = await t.app.inject({ url: '/api/step-limits', headers: { cookie: admin } });
    expect(steps.json().length).toBeGreaterThan(0);
    expect(misfits(Type.Array(StepLimitRow), steps.json())).toEqual([]);
  });
});
