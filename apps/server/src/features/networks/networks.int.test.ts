import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type {
  AgingReport,
  CandidateList,
  NetworkImportReport,
  SegmentFeatureCollection,
} from '@cityloop/domain/api';
import { fixedClock } from '../../clock.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};
// The demo city's old town (芝罘) around its centre.
const VIEW = '121.36,37.52,121.44,37.56';

const get = (who: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });

beforeAll(async () => {
  // Ages are counted to the city's current year: fixed, so the figures do not move with the calendar.
  t = await makeTestApp({}, { clock: fixedClock('2026-12-01T10:00:00+08:00') });
  for (const u of ['utility', 'admin', 'leader', 'citizen', 'inspector']) cookie[u] = await t.login(u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('pipe networks', () => {
  it('seeds the demo city with all four networks along its roads', async () => {
    const res = await get('utility', '/api/networks/aging');
    expect(res.statusCode).toBe(200);
    const report = res.json<AgingReport>();
    expect(report.year).toBe(2026);
    expect(report.thresholdYears).toBe(15);
    expect(report.networks.map((n) => n.network)).toEqual(['water', 'drainage', 'heating', 'gas']);
    for (const n of report.networks) {
      expect(n.segments).toBeGreaterThan(100);
      const bands = n.byAgeBand.reduce((a, b) => a + b.km, 0);
      expect(bands).toBeCloseTo(n.totalKm, 2);
      // Older than 15 years: the 15–20, 20–30 and 30+ bands.
      const over = n.byAgeBand
        .filter((b) => ['15-20', '20-30', '30+'].includes(b.band))
        .reduce((a, b) => a + b.km, 0);
      expect(over).toBeCloseTo(n.agingKm, 2);
      expect(n.candidates.km).toBeGreaterThanOrEqual(n.agingKm - 1e-6);
    }
    const gas = report.networks.find((n) => n.network === 'gas')!;
    expect(gas.byMaterial.map((m) => m.material)).toContain('grey_cast_iron');
    const water = report.networks.find((n) => n.network === 'water')!;
    expect(water.byMaterial.map((m) => m.material)).toEqual(expect.arrayContaining(['ductile_iron', 'pe']));
  });

  it('answers one network with ?network=', async () => {
    const res = await get('utility', '/api/networks/aging?network=gas');
    expect(res.json<AgingReport>().networks.map((n) => n.network)).toEqual(['gas']);
  });

  it('lists the segments in a view as GeoJSON with their risk, and filters them', async () => {
    const res = await get('utility', `/api/networks/segments?network=water&bbox=${VIEW}`);
    expect(res.statusCode).toBe(200);
    const fc = res.json<SegmentFeatureCollection>();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(0);
    const [minLon, minLat, maxLon, maxLat] = VIEW.split(',').map(Number) as [number, number, number, number];
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.properties.network).toBe('water');
      const xs = f.geometry.coordinates.map((c) => c[0]);
      const ys = f.geometry.coordinates.map((c) => c[1]);
      expect(Math.max(...xs)).toBeGreaterThanOrEqual(minLon);
      expect(Math.min(...xs)).toBeLessThanOrEqual(maxLon);
      expect(Math.max(...ys)).toBeGreaterThanOrEqual(minLat);
      expect(Math.min(...ys)).toBeLessThanOrEqual(maxLat);
      expect(f.properties.score).toBe(f.properties.lof * f.properties.cof);
      // The view is the old town: its segments carry 芝罘区's code, from the unit grid they lie in.
      if (f.properties.districtCode !== null)
        expect(f.properties.districtCode).toMatch(/^3706(02|11|12|13)$/);
    }
    expect(fc.features.some((f) => f.properties.districtCode === '370602')).toBe(true);
    const old = (
      await get(
        'utility',
        `/api/networks/segments?network=water&bbox=${VIEW}&minAge=30&material=grey_cast_iron`,
      )
    ).json<SegmentFeatureCollection>();
    expect(old.features.length).toBeGreaterThan(0);
    for (const f of old.features) {
      expect(f.properties.material).toBe('grey_cast_iron');
      expect(f.properties.age).toBeGreaterThanOrEqual(30);
      expect(f.properties.candidate).toBe(true);
    }
    const high = (
      await get('utility', `/api/networks/segments?network=gas&bbox=${VIEW}&grade=very_high&limit=5`)
    ).json<SegmentFeatureCollection>();
    for (const f of high.features) expect(f.properties.grade).toBe('very_high');
    expect(high.features.length).toBeLessThanOrEqual(5);
  });

  it('flags by the threshold the caller sets', async () => {
    const a = (await get('utility', '/api/networks/aging?network=water')).json<AgingReport>();
    const b = (
      await get('utility', '/api/networks/aging?network=water&thresholdYears=30')
    ).json<AgingReport>();
    expect(b.networks[0]!.agingKm).toBeLessThan(a.networks[0]!.agingKm);
  });

  it('lists the renovation candidates riskiest first with km per network', async () => {
    const res = await get('admin', '/api/networks/candidates?limit=20');
    expect(res.statusCode).toBe(200);
    const list = res.json<CandidateList>();
    expect(list.items.length).toBe(20);
    expect(list.totals.map((x) => x.network)).toEqual(['water', 'drainage', 'heating', 'gas']);
    const aging = (await get('admin', '/api/networks/aging')).json<AgingReport>();
    for (const total of list.totals) {
      expect(total.km).toBeCloseTo(aging.networks.find((n) => n.network === total.network)!.candidates.km, 3);
    }
    const scores = list.items.map((s) => s.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    for (const s of list.items) expect(s.reasons.length).toBeGreaterThan(0);
  });

  it('is read by the utility operators, the admin and the leaders, not by citizens or inspectors', async () => {
    expect((await get('leader', '/api/networks/aging?network=heating')).statusCode).toBe(200);
    expect((await get('citizen', '/api/networks/aging')).statusCode).toBe(403);
    expect((await get('inspector', `/api/networks/segments?network=gas&bbox=${VIEW}`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/networks/aging' })).statusCode).toBe(401);
  });

  it('refuses bad input with 400', async () => {
    for (const url of [
      `/api/networks/segments?network=oil&bbox=${VIEW}`,
      '/api/networks/segments?network=water',
      '/api/networks/segments?network=water&bbox=121.5,37.5,121.4,37.6',
      '/api/networks/segments?network=water&bbox=1.2.3,4,5,6',
      `/api/networks/segments?network=water&bbox=${VIEW}&material=wood`,
      `/api/networks/segments?network=water&bbox=${VIEW}&limit=0`,
      '/api/networks/aging?network=steam',
      '/api/networks/aging?thresholdYears=0',
      '/api/networks/candidates?limit=100000',
    ]) {
      const res = await get('utility', url);
      expect(res.statusCode, url).toBe(400);
    }
  });

  describe('register import', () => {
    const HEADER = '编号,种类,管材,管径,建设年代,权属单位,起点经度,起点纬度,止点经度,止点纬度';
    const importCsv = (who: string, csv: string, dryRun?: boolean) =>
      t.app.inject({
        method: 'POST',
        url: '/api/networks/import',
        headers: { cookie: cookie[who]! },
        payload: { csv, ...(dryRun ? { dryRun } : {}) },
      });
    const waterCount = async () =>
      (await get('utility', '/api/networks/aging?network=water')).json<AgingReport>().networks[0]!.segments;

    it('reports every bad row (row, field, zh and en) and imports nothing', async () => {
      const before = await waterCount();
      const csv = [
        HEADER,
        'T-1,给水,球墨铸铁,300,1998,自来水公司,121.40,37.54,121.401,37.541',
        'T-2,给水,木头,300,1998,自来水公司,121.40,37.54,121.401,37.541',
        'T-1,给水,PE,200,2010,自来水公司,121.40,37.54,121.401,37.541',
        'T-3,给水,PE,200,2010,自来水公司,121.40,37.54,121.40,37.54',
        'T-4,石油,PE,abc,2010,自来水公司,12.40,97.54,121.40,37.54',
      ].join('\n');
      const res = await importCsv('utility', csv);
      expect(res.statusCode).toBe(200);
      const r = res.json<NetworkImportReport>();
      expect(r.ok).toBe(false);
      expect(r.imported).toBe(0);
      const got = r.problems.map((p) => [p.row, p.field, p.code]);
      expect(got).toEqual(
        expect.arrayContaining([
          [3, 'material', 'unknown_material'],
          [4, 'id', 'duplicate_id'],
          [5, 'endLon', 'bad_geometry'],
          [6, 'network', 'unknown_network'],
          [6, 'diameterMm', 'not_a_number'],
          [6, 'startLat', 'out_of_range'],
        ]),
      );
      for (const p of r.problems) {
        expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(p.en).toMatch(/^[a-z]/);
      }
      expect(await waterCount()).toBe(before);
    });

    it('imports a clean Excel register, and a second time reports the ids as existing', async () => {
      const before = await waterCount();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('管网');
      ws.addRow(HEADER.split(','));
      ws.addRow(['IMP-1', '给水', '灰口铸铁', 200, 1985, '自来水公司', 121.4, 37.54, 121.402, 37.541]);
      ws.addRow(['IMP-2', 'water', 'pe', 160, 2015, '自来水公司', 121.402, 37.541, 121.404, 37.542]);
      const xlsxBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
      const post = (body: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/networks/import',
          headers: { cookie: cookie.admin! },
          payload: body,
        });
      const dry = (await post({ xlsxBase64, dryRun: true })).json<NetworkImportReport>();
      expect(dry).toMatchObject({ ok: true, rows: 2, imported: 0 });
      expect(await waterCount()).toBe(before);
      const r = (await post({ xlsxBase64 })).json<NetworkImportReport>();
      expect(r).toMatchObject({ ok: true, rows: 2, imported: 2, problems: [] });
      expect(r.km).toBeGreaterThan(0.3);
      expect(await waterCount()).toBe(before + 2);
      const fc = (
        await get(
          'utility',
          '/api/networks/segments?network=water&bbox=121.399,37.539,121.405,37.543&material=grey_cast_iron',
        )
      ).json<SegmentFeatureCollection>();
      expect(fc.features.map((f) => f.id)).toContain('IMP-1');
      const again = (await post({ xlsxBase64 })).json<NetworkImportReport>();
      expect(again.ok).toBe(false);
      expect(again.problems.map((p) => [p.row, p.code])).toEqual([
        [2, 'id_exists'],
        [3, 'id_exists'],
      ]);
      expect((await importCsv('leader', HEADER)).statusCode).toBe(403);
      expect((await importCsv('utility', HEADER)).json<NetworkImportReport>().problems[0]!.code).toBe(
        'no_rows',
      );
    });
  });
});
