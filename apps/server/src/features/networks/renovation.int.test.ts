import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CandidateList,
  CapacityReport,
  NetworkImportReport,
  ProgrammeDetail,
  ProgrammeList,
  SegmentDetail,
} from '@cityloop/domain/api';
import { fixedClock } from '../../clock.js';
import { makeCase } from '../../testing/factories.js';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';

let t: TestApp;
const cookie: Record<string, string> = {};

const get = (who: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });
const post = (who: string, url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookie[who]! } });

beforeAll(async () => {
  // Ages and the seeded progress are counted to the city's today: fixed, so nothing moves with the calendar.
  t = await makeTestApp({}, { clock: fixedClock('2026-12-01T10:00:00+08:00') });
  for (const u of ['utility', 'admin', 'leader', 'citizen']) cookie[u] = await t.login(u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('pipe segment page', () => {
  it('shows a segment with its risk, its dated failures and a burst case reported at it', async () => {
    const cand = (
      await get('utility', '/api/networks/candidates?network=water&limit=500')
    ).json<CandidateList>();
    const seg = cand.items.find((s) => s.failures >= 2)!;
    expect(seg).toBeDefined();
    const before = (await get('utility', `/api/networks/segments/${seg.id}`)).json<SegmentDetail>();
    // A burst water main reported on the pipe's line (its first vertex).
    const [lon, lat] = before.geometry.coordinates[0]!;
    const c = await makeCase(t, { category: '0402', where: { lon, lat } });

    const res = await get('leader', `/api/networks/segments/${seg.id}`);
    expect(res.statusCode).toBe(200);
    const d = res.json<SegmentDetail>();
    expect(d.segment.id).toBe(seg.id);
    expect(d.segment.score).toBe(d.segment.lof * d.segment.cof);
    expect(d.segment.terms.length).toBeGreaterThan(0);
    expect(d.counts.bursts + d.counts.leaks + d.counts.repairs).toBe(seg.failures);
    expect(d.counts.cases).toBe(before.counts.cases + 1);
    const entry = d.history.find((h) => h.kind === 'case' && h.ref === c.code)!;
    expect(entry.code).toBe('event:0402');
    expect(entry.distanceM).toBe(0);
    const days = d.history.map((h) => h.day);
    expect([...days].sort().reverse()).toEqual(days);
    expect(d.costFen).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown segment and 400 for a malformed id, 403 to a citizen', async () => {
    expect((await get('utility', '/api/networks/segments/NO-SUCH-1')).statusCode).toBe(404);
    expect((await get('utility', `/api/networks/segments/${encodeURIComponent('a b')}`)).statusCode).toBe(
      400,
    );
    expect((await get('citizen', '/api/networks/segments/NO-SUCH-1')).statusCode).toBe(403);
  });
});

describe('renovation programmes', () => {
  it('seeds the year’s programmes from the renewal rules: 38 km heating, 31 km water, 66.3 km grey cast-iron gas', async () => {
    const res = await get('leader', '/api/renovation/programmes?year=2026');
    expect(res.statusCode).toBe(200);
    const list = res.json<ProgrammeList>();
    expect(list.items.map((p) => [p.network, p.targetKm])).toEqual([
      ['heating', 38],
      ['water', 31],
      ['gas', 66.3],
    ]);
    for (const p of list.items) {
      expect(p.segments).toBeGreaterThan(0);
      expect(p.costFen).toBeGreaterThan(0);
      expect(p.doneKm).toBeLessThanOrEqual(p.plannedKm);
      expect(p.progressPct).toBeCloseTo(p.plannedKm ? (p.doneKm / p.plannedKm) * 100 : 0, 0);
    }
    expect(list.items[2]!.materials).toEqual(['grey_cast_iron']);
    const gas = (
      await get('utility', `/api/renovation/programmes/${list.items[2]!.id}`)
    ).json<ProgrammeDetail>();
    expect(new Set(gas.items.map((s) => s.material))).toEqual(new Set(['grey_cast_iron']));
    // Works from March on the 20th, nothing after the city's today (1 December).
    for (const s of gas.items) if (s.doneDay) expect(s.doneDay <= '2026-11-20').toBe(true);
    const last = gas.byMonth.at(-1);
    if (last) expect(last.cumulativeKm).toBeCloseTo(gas.doneKm, 3);
    expect(list.totals.targetKm).toBeCloseTo(135.3, 3);
  });

  it('builds a programme of the riskiest candidates up to its target and reports progress', async () => {
    const res = await post('utility', '/api/renovation/programmes', {
      year: 2027,
      network: 'drainage',
      targetKm: 2,
    });
    expect(res.statusCode).toBe(200);
    const p = res.json<ProgrammeDetail>();
    expect(p.targetKm).toBe(2);
    expect(p.plannedKm).toBeGreaterThanOrEqual(2);
    // The last segment is the one that reaches the target.
    expect(p.plannedKm - p.items.reduce((a, s) => Math.max(a, s.lengthM), 0) / 1000).toBeLessThan(2);
    expect(p.items.every((s) => s.reasons.length > 0)).toBe(true);
    const scores = p.items.map((s) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(p.doneKm).toBe(0);

    // A second programme never picks the same segments.
    const again = (
      await post('admin', '/api/renovation/programmes', { year: 2028, network: 'drainage', targetKm: 1 })
    ).json<ProgrammeDetail>();
    const firstIds = new Set(p.items.map((s) => s.id));
    expect(again.items.some((s) => firstIds.has(s.id))).toBe(false);

    const ids = p.items.slice(0, 2).map((s) => s.id);
    const done = await post('utility', `/api/renovation/programmes/${p.id}/progress`, {
      segmentIds: ids,
      day: '2026-11-20',
    });
    expect(done.statusCode).toBe(200);
    const after = done.json<ProgrammeDetail>();
    const km = Math.round(p.items.slice(0, 2).reduce((a, s) => a + s.lengthM, 0)) / 1000;
    expect(after.doneKm).toBeCloseTo(km, 3);
    expect(after.doneSegments).toBe(2);
    expect(after.byMonth).toEqual([{ month: '2026-11', km: after.doneKm, cumulativeKm: after.doneKm }]);
    expect(after.byDistrict.reduce((a, d) => a + d.doneKm, 0)).toBeCloseTo(km, 3);

    const seg = (await get('utility', `/api/networks/segments/${ids[0]}`)).json<SegmentDetail>();
    expect(seg.programme).toMatchObject({ id: p.id, year: 2027, doneDay: '2026-11-20' });
  });

  it('refuses bad progress and writes nothing', async () => {
    const list = (
      await get('utility', '/api/renovation/programmes?year=2026&network=water')
    ).json<ProgrammeList>();
    const id = list.items[0]!.id;
    const detail = (await get('utility', `/api/renovation/programmes/${id}`)).json<ProgrammeDetail>();
    const open = detail.items.find((s) => s.doneDay === null)!;
    const bad = [
      { segmentIds: [open.id], day: '2026-02-30' },
      { segmentIds: [open.id], day: '2026-12-24' },
      { segmentIds: [open.id, 'NO-SUCH-1'], day: '2026-11-30' },
      { segmentIds: [], day: '2026-11-30' },
    ];
    for (const body of bad) {
      expect((await post('utility', `/api/renovation/programmes/${id}/progress`, body)).statusCode).toBe(400);
    }
    expect(
      (
        await post('leader', `/api/renovation/programmes/${id}/progress`, {
          segmentIds: [open.id],
          day: '2026-11-30',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await post('utility', '/api/renovation/programmes/999999/progress', {
          segmentIds: [open.id],
          day: '2026-11-30',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await post('utility', '/api/renovation/programmes', { year: 2027, network: 'oil', targetKm: 1 }))
        .statusCode,
    ).toBe(400);
    const again = (await get('utility', `/api/renovation/programmes/${id}`)).json<ProgrammeDetail>();
    expect(again.doneKm).toBe(detail.doneKm);
    expect(again.items.find((s) => s.id === open.id)!.doneDay).toBeNull();
  });
});

describe('plant capacity vs demand', () => {
  it('projects each plant’s demand 15 years and names the year it runs short', async () => {
    const res = await get('leader', '/api/projects/capacity');
    expect(res.statusCode).toBe(200);
    const r = res.json<CapacityReport>();
    expect(r.baseYear).toBe(2026);
    expect(r.items).toHaveLength(6);
    const water = r.items.find((p) => p.code === 'XM-2022-01')!;
    expect([water.capacity, water.throughput, water.growthPct, water.utilisationPct]).toEqual([
      100_000, 86_000, 2, 86,
    ]);
    expect(water.projection).toHaveLength(16);
    expect(water.shortYear).toBe(2034);
    expect(water.shortYearLater).toBeNull();
    expect(r.items.map((p) => [p.code, p.shortYear])).toEqual([
      ['XM-2022-01', 2034],
      ['XM-2022-02', 2036],
      ['XM-2022-03', 2034],
      ['XM-2022-04', 2032],
      ['XM-2022-05', 2030],
      ['XM-2022-06', 2032],
    ]);
  });

  it('lets only the administrator set the growth assumption', async () => {
    const id = (await get('admin', '/api/projects/capacity')).json<CapacityReport>().items[4]!.id;
    const put = (who: string, url: string, payload: object) =>
      t.app.inject({ method: 'PUT', url, payload, headers: { cookie: cookie[who]! } });
    expect(
      (await put('utility', `/api/projects/${id}/capacity`, { throughput: 100, growthPct: 1 })).statusCode,
    ).toBe(403);
    expect(
      (await put('admin', `/api/projects/${id}/capacity`, { throughput: 100, growthPct: 99 })).statusCode,
    ).toBe(400);
    expect(
      (await put('admin', '/api/projects/99999/capacity', { throughput: 100, growthPct: 1 })).statusCode,
    ).toBe(404);
    const ok = await put('admin', `/api/projects/${id}/capacity`, { throughput: 190, growthPct: 10 });
    expect(ok.statusCode).toBe(200);
    const kitchen = ok.json<CapacityReport>().items.find((p) => p.id === id)!;
    // 190 × 1.1 = 209 > 200 in the first year after this one.
    expect(kitchen.shortYear).toBe(2027);
  });
});

describe('GeoJSON import of network segments', () => {
  const feature = (id: string, props: object, coordinates: unknown) => ({
    type: 'Feature',
    id,
    properties: {
      种类: '燃气',
      管材: '灰口铸铁',
      管径: 150,
      建设年代: 1988,
      压力级制: 'MB',
      权属单位: '测试燃气公司',
      ...props,
    },
    geometry: { type: 'LineString', coordinates },
  });
  const line = (lat: number) => [
    [121.391, lat],
    [121.393, lat],
  ];

  it('reports broken geometry, unknown materials and duplicate ids with 422 and imports nothing', async () => {
    const res = await post('admin', '/api/networks/import/geojson', {
      type: 'FeatureCollection',
      features: [
        feature('GJ-1', {}, line(37.541)),
        feature('GJ-2', {}, [[121.39, 37.54]]),
        feature('GJ-3', { 管材: '木头' }, line(37.542)),
        feature('GJ-1', {}, line(37.543)),
        {
          type: 'Feature',
          properties: { id: 'GJ-5', network: 'gas', material: 'pe', diameter: 110, installYear: 2015 },
          geometry: { type: 'Point', coordinates: [121.39, 37.54] },
        },
      ],
    });
    expect(res.statusCode).toBe(422);
    const r = res.json<NetworkImportReport>();
    expect(r.ok).toBe(false);
    expect(r.imported).toBe(0);
    expect(r.problems.map((p) => [p.row, p.code])).toEqual(
      expect.arrayContaining([
        [3, 'bad_geometry'],
        [4, 'unknown_material'],
        [5, 'duplicate_id'],
        [6, 'bad_geometry'],
      ]),
    );
    expect((await get('admin', '/api/networks/segments/GJ-1')).statusCode).toBe(404);
    // Not a FeatureCollection at all: refused by the schema.
    expect(
      (await post('admin', '/api/networks/import/geojson', { type: 'Feature', features: [] })).statusCode,
    ).toBe(400);
    expect(
      (await post('admin', '/api/networks/import/geojson', { type: 'FeatureCollection', features: [] }))
        .statusCode,
    ).toBe(422);
    expect(
      (await post('leader', '/api/networks/import/geojson', { type: 'FeatureCollection', features: [] }))
        .statusCode,
    ).toBe(403);
  });

  it('imports good features, which then have their segment page', async () => {
    const res = await post('utility', '/api/networks/import/geojson', {
      type: 'FeatureCollection',
      features: [feature('GJ-10', {}, line(37.5415)), feature('GJ-11', { 管径: 200 }, line(37.5425))],
    });
    const r = res.json<NetworkImportReport>();
    expect(r.problems).toEqual([]);
    expect(res.statusCode).toBe(200);
    expect([r.ok, r.imported]).toEqual([true, 2]);
    expect(r.km).toBeGreaterThan(0.3);
    const d = (await get('utility', '/api/networks/segments/GJ-11')).json<SegmentDetail>();
    expect([d.segment.network, d.segment.material, d.segment.diameterMm, d.segment.installYear]).toEqual([
      'gas',
      'grey_cast_iron',
      200,
      1988,
    ]);
    expect(d.segment.reasons).toContain('obsolete_material');
  });
});
