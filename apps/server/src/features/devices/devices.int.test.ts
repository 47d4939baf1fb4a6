import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PROFILES } from '@cityloop/domain/telemetry/profiles';
import { makeTestApp, type TestApp } from '../../testing/testApp.js';
import { upsertProfiles } from './devices.repository.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('device registry', () => {
  it('seeds the demo fleet across the eight types, owned by the utility companies', async () => {
    const admin = await t.login('admin');
    const res = await t.app.inject({ url: '/api/devices?pageSize=1000', headers: { cookie: admin } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const stations = body.items.filter(isStation);
    expect(stations.length).toBe(200);
    expect(new Set(stations.map((d: { type: string }) => d.type)).size).toBe(8);
    // Beside them: the emergency's snow gauges and the street-light cabinets (municipal).
    const of = (type: string) => body.items.filter((d: { type: string }) => d.type === type).length;
    expect(of('snow_gauge')).toBe(6);
    expect(of('streetlight_cabinet')).toBe(12);
  });

  // Seeding a whole city from nothing takes a minute on a busy machine.
  it(
    'gives each fresh instance demo devices of its own tokens, which the devices log in with',
    { timeout: 240_000 },
    async () => {
      // A city seeded on its own (not the test tier's shared copy): its first start makes its tokens.
      const other = await makeTestApp({}, { fresh: true });
      try {
        const mine = t.app.services.devices.demoFleet(1000).filter(isStation);
        const theirs = new Map(other.app.services.devices.demoFleet(500).map((d) => [d.id, d.token]));
        expect(mine.length).toBe(200);
        expect(new Set(mine.map((d) => d.token)).size).toBe(200);
        for (const d of mine) expect(theirs.get(d.id)).not.toBe(d.token);
        const wp = mine.find((d) => d.id === 'wp-0001')!;
        expect(t.app.services.devices.authenticate(wp.id, wp.token).ok).toBe(true);
        expect(other.app.services.devices.authenticate(wp.id, wp.token).ok).toBe(false);
      } finally {
        await other.close();
      }
    },
  );
});

/** The utilities' stations (the sanitation vehicles are seeded beside them: docs/SANITATION.md). */
/** The utilities' 200 stations of eight types: not the vehicles, snow gauges or street-light cabinets. */
function isStation(d: { type: string }): boolean {
  return !['sweeper', 'washer', 'garbage_truck', 'snow_gauge', 'streetlight_cabinet'].includes(d.type);
}

describe('device profiles', () => {
  it('brings a stored seed profile of an older release up to the catalogue, without new default rules', async () => {
    const { db } = t.app.platform;
    const rules = async () =>
      (await db.query<{ n: number }>(`select count(*)::int as n from alarm_rules`)).rows[0]!.n;
    const before = await rules();
    // An older release stored the water plant without English metric names or a name_en.
    await db.query(
      `update device_profiles set name_en = 'Plant',
         metrics = (select jsonb_agg(m - 'nameEn') from jsonb_array_elements(metrics) m)
       where type = 'water_plant'`,
    );
    expect(await upsertProfiles(db, SEED_PROFILES)).toEqual([]);
    const stored = (
      await db.query<{ name_en: string; metrics: Array<{ key: string; nameEn?: string }> }>(
        `select name_en, metrics from device_profiles where type = 'water_plant'`,
      )
    ).rows[0]!;
    expect(stored.name_en).toBe('Water plant');
    expect(stored.metrics.find((m) => m.key === 'outflow')?.nameEn).toBe('Plant outflow');
    expect(await rules()).toBe(before);
    // Unchanged profiles are not written again.
    const stamp = async () =>
      (
        await db.query<{ at: Date }>(`select max(updated_at) as at from device_profiles`)
      ).rows[0]!.at.getTime();
    const last = await stamp();
    await upsertProfiles(db, SEED_PROFILES);
    expect(await stamp()).toBe(last);
  });
});
