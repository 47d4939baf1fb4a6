import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatRegistry, Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { CaseList, CaseSummary, ReportResult, StaffCaseDetail } from '@cityloop/domain/api';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  for (const u of ['inspector', 'operator', 'dispatcher']) cookie[u] = await t.login(u);
});
afterAll(() => t.close());

// Value checks formats only when told how (the server's Ajv knows them; here they are only read).
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));
if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f-]{36}$/i.test(v));

/** The schema's complaints about a body, empty when it fits. */
const misfits = (schema: TSchema, body: unknown) =>
  [...Value.Errors(schema, body)].slice(0, 5).map((e) => `${e.path}: ${e.message}`);

describe('case answers match the domain schemas the web app types them by', () => {
  it('a report, the desk list, the duplicates and the staff view of a case with its steps', async () => {
    const reported = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookie.inspector! },
      payload: { kind: 'event', category: '0102', lon: 121.4, lat: 37.54, description: '路边暴露垃圾' },
    });
    expect(reported.statusCode, reported.body).toBe(201);
    expect(misfits(ReportResult, reported.json())).toEqual([]);
    const id: number = reported.json().id;
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/actions`,
      headers: { cookie: cookie.operator! },
      payload: { action: 'accept' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(misfits(StaffCaseDetail, accepted.json())).toEqual([]);

    const list = await t.app.inject({ url: '/api/cases?limit=20', headers: { cookie: cookie.dispatcher! } });
    expect(list.json().items.length).toBeGreaterThan(0);
    expect(misfits(CaseList, list.json())).toEqual([]);

    const near = await t.app.inject({
      url: '/api/cases/duplicates?kind=event&category=0102&lon=121.4&lat=37.54',
      headers: { cookie: cookie.inspector! },
    });
    expect(near.json().length).toBeGreaterThan(0);
    expect(misfits(Type.Array(CaseSummary), near.json())).toEqual([]);

    const detail = await t.app.inject({ url: `/api/cases/${id}`, headers: { cookie: cookie.dispatcher! } });
    expect(detail.json().events.length).toBeGreaterThan(1);
    expect(misfits(StaffCaseDetail, detail.json())).toEqual([]);
  });
});
