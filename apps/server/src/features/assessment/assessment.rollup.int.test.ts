import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollupResponse, ScoresResponse } from '@cityloop/domain/api';
import { fixedClock } from '../../clock.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { makePhoto, userNamed } from '../../testing/factories.js';
import { pdfAvailable } from '../../ops/pdf.js';

/**
 * Quarterly and annual roll-ups of the monthly scores, their workbook, and the assessment report
 * printed by the server. The city's clock stands on 10 November 2026: Q4 has two months scored
 * (October closed, November running), the year eleven.
 */
let t: TestApp;
const cookie: Record<string, string> = {};
let street = '';
let point = { lon: 0, lat: 0 };

async function call(who: string | null, url: string, method: 'GET' | 'POST' = 'GET', payload?: object) {
  return t.app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: who ? { cookie: cookie[who] ?? (cookie[who] = await t.login(who)) } : {},
  });
}

let n = 0;
async function record(foundAt: string, over: Record<string, unknown> = {}) {
  const res = await call('inspector', '/api/assessment/findings', 'POST', {
    clientId: `rollup-finding-${++n}-abcdef`,
    aspectCode: 'K02.01',
    placeKind: 'road',
    placeName: '南大街',
    ...point,
    severity: 'serious',
    occurrences: 2,
    needsFix: false,
    foundAt,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function rollup(period: string, level = 'street') {
  const res = await call('leader', `/api/assessment/rollup?period=${period}&level=${level}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<RollupResponse>();
}

beforeAll(async () => {
  t = await makeTestApp({}, { clock: fixedClock('2026-11-10T10:00:00+08:00') });
  const inspector = await userNamed(t, 'inspector');
  street = inspector.jurisdiction.code!;
  const r = await t.app.platform.db.query<{ lon: number; lat: number }>(
    `select g.centroid_lon as lon, g.centroid_lat as lat from unit_grids g join communities c on c.code = g.community_code
     where c.street_code = $1 order by g.code limit 1`,
    [street],
  );
  point = r.rows[0]!;
  const photoId = (await makePhoto(t, inspector.id)).id;
  await record('2026-10-08T09:00:00+08:00', { photoId });
  await record('2026-11-03T09:00:00+08:00');
  await record('2026-11-04T09:00:00+08:00', { aspectCode: 'K01.01' });
  expect((await call('admin', '/api/assessment/months/2026-10/close', 'POST')).statusCode).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('quarterly and annual roll-ups', () => {
  it('ranks a quarter by the mean of its months, with each month’s score and rank', async () => {
    const q = await rollup('2026-Q4');
    expect(q).toMatchObject({
      period: '2026-Q4',
      kind: 'quarter',
      previousPeriod: '2026-Q3',
      published: false,
    });
    expect(q.months.map((m) => [m.month, m.closed])).toEqual([
      ['2026-10', true],
      ['2026-11', false],
    ]);
    const monthly = await Promise.all(
      ['2026-10', '2026-11'].map(async (m) =>
        (await call('leader', `/api/assessment/scores?month=${m}&level=street`)).json<ScoresResponse>(),
      ),
    );
    const mine = q.rows.find((r) => r.id === street)!;
    const [oct, nov] = monthly.map((m) => m.rows.find((r) => r.id === street)!);
    expect(mine.months).toEqual([
      { month: '2026-10', score: oct!.score, rank: oct!.rank },
      { month: '2026-11', score: nov!.score, rank: nov!.rank },
    ]);
    expect(mine.score).toBe(Math.round(((oct!.score + nov!.score) / 2) * 100) / 100);
    expect(mine.findings).toBe(3);
    // Every street is ranked; the one with findings below those without, and ranks follow the means.
    expect(q.rows).toHaveLength(monthly[0]!.rows.length);
    expect(mine.rank).toBeGreaterThan(1);
    for (let i = 1; i < q.rows.length; i++)
      expect(q.rows[i - 1]!.score).toBeGreaterThanOrEqual(q.rows[i]!.score);
    // The quarter before (July–September, no findings) ranks everyone alike.
    expect(mine.previousRank).toBe(1);
  });

  it('rolls a year up from its begun months, and a district from its streets’ findings', async () => {
    const y = await rollup('2026', 'district');
    expect(y.kind).toBe('year');
    expect(y.months.map((m) => m.month)).toEqual(
      Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(y.previousPeriod).toBe('2025');
    const mine = y.rows.find((r) => r.id === street.slice(0, 6))!;
    // A district counts the findings whose aspects give it a share, as its months do.
    let findings = 0;
    for (const m of ['2026-10', '2026-11'])
      findings += (await call('leader', `/api/assessment/scores?month=${m}&level=district`))
        .json<ScoresResponse>()
        .rows.find((r) => r.id === mine.id)!.findings;
    expect(mine.findings).toBe(findings);
    expect(findings).toBeGreaterThan(0);
    expect(mine.months).toHaveLength(11);
  });

  it('exports a roll-up as a workbook', async () => {
    const res = await call('leader', '/api/assessment/rollup.xlsx?period=2026-Q4&level=street');
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('季度排名')!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('2026年第4季度');
    expect(sheet.getRow(2).getCell(6).value).toBe('2026-10 得分');
    const q = await rollup('2026-Q4');
    expect(sheet.rowCount).toBe(q.rows.length + 2);
    expect(sheet.getRow(3).getCell(4).value).toBe(q.rows[0]!.score);
  });

  it('answers a period that is not one, or has no scored month, with a 4xx', async () => {
    for (const period of ['2026-Q5', '2026-11', '2026-q4', 'x'])
      expect((await call('leader', `/api/assessment/rollup?period=${period}&level=street`)).statusCode).toBe(
        400,
      );
    expect((await call('leader', '/api/assessment/rollup?period=2026&level=city')).statusCode).toBe(400);
    expect((await call('leader', '/api/assessment/rollup?period=2024&level=street')).statusCode).toBe(404);
    expect((await call('leader', '/api/assessment/rollup?period=2027-Q1&level=street')).statusCode).toBe(404);
    expect((await call('citizen', '/api/assessment/rollup?period=2026&level=street')).statusCode).toBe(403);
    expect((await call(null, '/api/assessment/rollup.pdf?period=2026&level=street')).statusCode).toBe(401);
    expect(
      (await call('leader', '/api/assessment/bulletin.pdf?month=2026-10&level=street&lang=fr')).statusCode,
    ).toBe(400);
  });
});

describe.runIf(pdfAvailable())('the assessment report printed by the server', () => {
  it('prints the month’s bulletin with its worst finding’s photo', async () => {
    // The worst finding's photo is read into the document (nothing is fetched while printing).
    const read = t.app.services.attachments.read.bind(t.app.services.attachments);
    let photos = 0;
    t.app.services.attachments.read = (...args) => (photos++, read(...args));
    try {
      const en = await call('leader', '/api/assessment/bulletin.pdf?month=2026-10&level=street&lang=en');
      expect(en.statusCode, en.body).toBe(200);
      expect(en.headers['content-type']).toBe('application/pdf');
      expect(en.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      t.app.services.attachments.read = read;
    }
    expect(photos).toBe(1);
  });

  it('prints a quarter’s roll-up (in the reader’s language, Chinese here)', async () => {
    const res = await call('leader', '/api/assessment/rollup.pdf?period=2026-Q4&level=street');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('assessment-street-2026-Q4.pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
