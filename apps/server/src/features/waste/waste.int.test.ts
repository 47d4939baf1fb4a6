import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics, ZoneClock, addDaysToKey } from '@cityloop/domain';
import type {
  CollectionVisits,
  SortingMonthReport,
  WasteDayReport,
  WasteFacility,
} from '@cityloop/domain/api';
import { makeUtilityTestApp, TEST_MQTT, type UtilityTestApp } from '../../mqtt/testing.js';

/**
 * Waste collection end to end: the demo city's points, stations and weighbridge records, a
 * garbage truck over real MQTT stopping at a point with its lift working, and waste sorting.
 */
describe(`waste collection, weighbridge and sorting (${TEST_MQTT} broker)`, () => {
  let t: UtilityTestApp;
  let zone: ZoneClock;
  let date: string;
  let facilities: WasteFacility[];
  const get = async <T>(url: string, cookie = t.admin): Promise<T> => {
    const res = await t.app.inject({ url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    t = await makeUtilityTestApp();
    zone = new ZoneClock(t.config.timeZone);
    date = zone.dateKeyOf(Date.now() - 86_400_000);
    facilities = (await get<{ items: WasteFacility[] }>('/api/sanitation/waste/facilities')).items;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers collection points, restaurants, transfer stations and plants', () => {
    const kinds = new Set(facilities.map((f) => f.kind));
    expect([...kinds].sort()).toEqual([
      'collection_point',
      'restaurant',
      'transfer_station',
      'treatment_plant',
    ]);
    expect(facilities.filter((f) => f.kind === 'collection_point').length).toBeGreaterThan(10);
    for (const f of facilities.filter((x) => x.kind === 'transfer_station'))
      expect(f.capacityT).toBeGreaterThan(0);
  });

  it("adds up a day's weighbridge records per station against capacity, and takes a new one", async () => {
    const before = await get<WasteDayReport>(`/api/sanitation/waste/day?date=${date}`);
    expect(before.totals.trips).toBeGreaterThan(0);
    expect(before.totals.tonnes).toBeGreaterThan(0);
    expect(before.totals.kitchenT).toBeGreaterThan(0);
    const station = before.stations.find((s) => s.kind === 'transfer_station')!;
    expect(station.load).toBeCloseTo(station.tonnes / station.capacityT!, 2);

    const clerk = await t.login('utility');
    const post = (payload: Record<string, unknown>, cookie = clerk) =>
      t.app.inject({ method: 'POST', url: '/api/sanitation/waste/weighings', headers: { cookie }, payload });
    const weighedAt = new Date(zone.instantOf(date, 12 * 3_600_000)).toISOString();
    const ok = await post({
      facilityCode: station.code,
      truck: 'gt-test',
      stream: 'mixed',
      weighedAt,
      grossKg: 14500,
      tareKg: 9500,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ netT: 5, facilityCode: station.code });
    const after = await get<WasteDayReport>(`/api/sanitation/waste/day?date=${date}`);
    const s2 = after.stations.find((s) => s.code === station.code)!;
    expect(s2.trips).toBe(station.trips + 1);
    expect(s2.tonnes).toBeCloseTo(station.tonnes + 5, 1);
    expect(after.trucks.find((x) => x.truck === 'gt-test')).toMatchObject({ trips: 1, tonnes: 5 });

    const point = facilities.find((f) => f.kind === 'collection_point')!;
    for (const bad of [
      { facilityCode: point.code, truck: 'x', stream: 'mixed', grossKg: 2, tareKg: 1 },
      { facilityCode: station.code, truck: 'x', stream: 'mixed', grossKg: 1000, tareKg: 2000 },
      { facilityCode: station.code, truck: 'x', stream: 'gold', grossKg: 2, tareKg: 1 },
    ])
      expect((await post(bad)).statusCode, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
    expect(
      (
        await post(
          { facilityCode: station.code, truck: 'x', stream: 'mixed', grossKg: 2, tareKg: 1 },
          await t.login('citizen'),
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ url: '/api/sanitation/waste/day?date=2026-02-30', headers: { cookie: t.admin } }))
        .statusCode,
    ).toBe(400);
  });

  it("counts a garbage truck's stop at a collection point from its telemetry (lift on), not a drive-by", async () => {
    const [a, b] = facilities.filter((f) => f.kind === 'collection_point');
    const d = await t.device('garbage_truck', { lon: a!.lon, lat: a!.lat });
    const client = await t.connect(d.id, d.token);
    const start = zone.instantOf(date, 8 * 3_600_000);
    const points = [
      { ts: start, lon: a!.lon, lat: a!.lat, lift: 1 },
      { ts: start + 10_000, lon: a!.lon, lat: a!.lat, lift: 1 },
      { ts: start + 600_000, lon: b!.lon, lat: b!.lat, lift: 0 },
    ];
    for (const p of points)
      await client.publishAsync(
        deviceTopics.telemetry(d.id),
        JSON.stringify({
          v: 1,
          ts: p.ts,
          values: { lon: p.lon, lat: p.lat, speed: 5, lift: p.lift, fill: 30 },
        }),
        { qos: 1 },
      );
    await t.settle();
    const v = await get<CollectionVisits>(`/api/sanitation/waste/visits?date=${date}`);
    const mine = (code: string) =>
      v.points.find((p) => p.code === code)!.visits.filter((x) => x.truck === d.id);
    expect(mine(a!.code)).toHaveLength(1);
    expect(mine(b!.code)).toHaveLength(0);
    expect(v.totals.visits).toBeGreaterThanOrEqual(1);
  });

  it('reports the share correctly sorted per community and month, the 御金台 pilot included', async () => {
    const month = addDaysToKey(date, -31).slice(0, 7);
    const r = await get<SortingMonthReport>(`/api/sanitation/sorting?month=${month}`);
    expect(r.compounds.find((c) => c.name === '御金台')).toMatchObject({ pilot: true });
    expect(r.communities.length).toBeGreaterThanOrEqual(3);
    for (const c of r.communities) {
      expect(c.share).not.toBeNull();
      expect(c.share!).toBeCloseTo(c.correct / c.checked, 2);
    }
    const pilot = r.compounds.find((c) => c.pilot)!;
    const community = r.communities.find((c) => c.community === pilot.community)!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sanitation/sorting/inspections',
      headers: { cookie: await t.login('inspector') },
      payload: { compoundCode: pilot.code, date: `${month}-15`, checked: 100, correct: 50 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await get<SortingMonthReport>(`/api/sanitation/sorting?month=${month}`);
    const c2 = after.communities.find((c) => c.community === pilot.community)!;
    expect(c2.checked).toBe(community.checked + 100);
    expect(c2.correct).toBe(community.correct + 50);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/sanitation/sorting/inspections',
      headers: { cookie: t.admin },
      payload: { compoundCode: pilot.code, date: `${month}-15`, checked: 10, correct: 11 },
    });
    expect(bad.statusCode).toBe(400);
  });
});
