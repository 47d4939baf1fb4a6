import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

// Mid-December 2026 in the city: this month, quarter and year have not ended.
let t: TestApp;
let cookie = '';
beforeAll(async () => {
  t = await makeTestApp({}, { clock: fixedClock('2026-12-15T10:00:00+08:00') });
  cookie = await t.login('leader');
});
afterAll(() => t.close());
const get = (url: string) => t.app.inject({ url, headers: { cookie } });

describe('evaluation periods as people name them', () => {
  it('names an export for its period in the city’s zone: a year 2026 is …-2026.xlsx, not …-2025-12-31', async () => {
    const name = async (q: string) => {
      const res = await get(`/api/evaluation/units/export.xlsx?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))![1];
    };
    expect(await name('period=year&date=2026-06-01')).toBe('evaluation-units-2026.xlsx');
    expect(await name('period=quarter&date=2026-02-10')).toBe('evaluation-units-2026-Q1.xlsx');
    expect(await name('period=month&date=2026-03-15')).toBe('evaluation-units-2026-03.xlsx');
    expect(await name('period=day&date=2026-03-01')).toBe('evaluation-units-2026-03-01.xlsx');
    expect(await name('period=week&date=2026-03-04')).toBe('evaluation-units-2026-03-02_2026-03-08.xlsx');
    expect(await name('from=2026-03-01&to=2026-03-15')).toBe('evaluation-units-2026-03-01_2026-03-15.xlsx');
  });

  it('prints the weights’ names in the definitions sheet, not their keys', async () => {
    const res = await get('/api/evaluation/units/export.xlsx?period=month&date=2026-03-15');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const defs = wb.getWorksheet('指标说明')!;
    const weights = String(defs.getRow(4).getCell(3).value);
    expect(weights).toContain('处置率 30');
    expect(weights).toContain('1 − 返工率 20');
    expect(weights).not.toMatch(/[a-zA-Z]{3,}/);
  });

  it('takes plain days for from and to: from midnight of the first to the end of the last', async () => {
    const res = await get('/api/evaluation/units?from=2026-03-01&to=2026-03-15');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ from: '2026-02-28T16:00:00.000Z', to: '2026-03-15T16:00:00.000Z' });
    // Instants still work, a day that does not exist does not.
    expect(
      (await get('/api/evaluation/units?from=2026-03-01T00:00:00%2B08:00&to=2026-03-02')).statusCode,
    ).toBe(200);
    expect((await get('/api/evaluation/units?from=2026-02-30&to=2026-03-02')).statusCode).toBe(400);
  });

  it('marks a period that has not ended as partial, and only the trend’s current bucket', async () => {
    expect((await get('/api/evaluation/units?period=month&date=2026-12-01')).json().partial).toBe(true);
    expect((await get('/api/evaluation/units?period=month&date=2026-03-01')).json().partial).toBe(false);
    const trend = (
      await get('/api/evaluation/units/trend?period=year&date=2026-12-01&bucket=month')
    ).json() as {
      points: Array<{ bucket: string; partial: boolean }>;
    };
    expect(trend.points.filter((p) => p.partial).map((p) => p.bucket)).toEqual(['2026-12-01']);
    // Days still to come are not plotted (as zeros or as a fall): the month's trend ends today.
    const days = (
      await get('/api/evaluation/units/trend?period=month&date=2026-12-01&bucket=day')
    ).json() as {
      points: Array<{ bucket: string; partial: boolean }>;
    };
    expect(days.points).toHaveLength(15);
    expect(days.points.at(-1)).toMatchObject({ bucket: '2026-12-15', partial: true });
  });
});
