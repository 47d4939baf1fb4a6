import { ZoneClock, addDaysToKey, metresBetween } from '@cityloop/domain';
import { createRng } from '@cityloop/domain/rng';
import type { Db } from '../db/db.js';
import type { GridsOffer } from '../features/grids/grids.module.js';
import type { Offers } from '../modules/module.js';
import * as repo from '../features/waste/waste.repository.js';

/**
 * The demo city's waste collection: collection points every ~350 m along the garbage trucks'
 * routes (so the simulator's trucks visit them), a few registered restaurants beside them,
 * three transfer stations and two plants (incineration, kitchen waste), the last 30 days of
 * weighbridge records, and the sorting compounds (the 御金台 pilot among them) with four months
 * of weekly inspections. Deterministic (one seeded PRNG); dates count back from the first start.
 */

type LonLat = [number, number];
const POINT_EVERY_M = 350;

const STATIONS = [
  { name: '芝罘区西郊垃圾转运站', nameEn: 'Zhifu West Transfer Station', capacity: 40 },
  { name: '莱山区东港垃圾转运站', nameEn: 'Laishan Donggang Transfer Station', capacity: 35 },
  { name: '福山区河滨垃圾转运站', nameEn: 'Fushan Riverside Transfer Station', capacity: 30 },
];
const PLANTS = [
  {
    name: '烟台市生活垃圾焚烧发电厂',
    nameEn: 'Yantai Waste-to-Energy Plant',
    stream: 'mixed' as const,
    capacity: 120,
  },
  {
    name: '烟台市餐厨垃圾资源化处理厂',
    nameEn: 'Yantai Kitchen Waste Recycling Plant',
    stream: 'kitchen' as const,
    capacity: 30,
  },
];
const RESTAURANTS = [
  ['渔家小院海鲜馆', 'Yujia Seafood Restaurant'],
  ['福山大面馆', 'Fushan Noodle House'],
  ['蓬莱阁酒楼', 'Penglaige Restaurant'],
  ['东方饺子城', 'Dongfang Dumpling House'],
  ['鲁菜坊', 'Lucai Kitchen'],
  ['海港食府', 'Harbour Diner'],
] as const;
const COMPOUNDS: ReadonlyArray<{
  name: string;
  nameEn: string;
  community: string;
  communityEn: string;
  households: number;
  pilot: boolean;
  quality: number;
}> = [
  {
    name: '御金台',
    nameEn: 'Yujintai',
    community: '世回尧社区',
    communityEn: 'Shihuiyao Community',
    households: 1120,
    pilot: true,
    quality: 0.93,
  },
  {
    name: '海韵嘉园',
    nameEn: 'Haiyun Garden',
    community: '世回尧社区',
    communityEn: 'Shihuiyao Community',
    households: 640,
    pilot: false,
    quality: 0.8,
  },
  {
    name: '阳光花园',
    nameEn: 'Sunshine Garden',
    community: '黄务社区',
    communityEn: 'Huangwu Community',
    households: 860,
    pilot: false,
    quality: 0.78,
  },
  {
    name: '金港小区',
    nameEn: 'Jingang Estate',
    community: '黄务社区',
    communityEn: 'Huangwu Community',
    households: 420,
    pilot: false,
    quality: 0.74,
  },
  {
    name: '滨河湾',
    nameEn: 'Binhe Bay',
    community: '只楚社区',
    communityEn: 'Zhichu Community',
    households: 980,
    pilot: false,
    quality: 0.82,
  },
  {
    name: '幸福里',
    nameEn: 'Xingfuli',
    community: '只楚社区',
    communityEn: 'Zhichu Community',
    households: 510,
    pilot: false,
    quality: 0.7,
  },
];

function pointsAlong(line: readonly LonLat[], every: number): LonLat[] {
  const out: LonLat[] = [];
  let next = every / 2;
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const len = metresBetween(a, b);
    while (len > 0 && walked + len >= next) {
      const f = (next - walked) / len;
      out.push([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]);
      next += every;
    }
    walked += len;
  }
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export async function seedDemoWaste(
  db: Db,
  grids: GridsOffer,
  sanitation: Offers['sanitation'],
  timeZone: string,
): Promise<{ facilities: number }> {
  if ((await repo.countFacilities(db)) > 0) return { facilities: 0 };
  const trucks = (await sanitation.vehicleRoutes()).filter((v) => v.type === 'garbage_truck');
  if (trucks.length === 0) return { facilities: 0 };
  const random = createRng(20_261_207);
  const district = (p: LonLat) => grids.codeAt(p[0], p[1])?.slice(0, 6) ?? null;
  const facilities: repo.NewFacility[] = [];
  let n = 0;
  for (const t of trucks) {
    for (const p of pointsAlong(t.route, POINT_EVERY_M)) {
      if (!district(p)) continue;
      n++;
      facilities.push({
        code: `SJ${String(n).padStart(4, '0')}`,
        kind: 'collection_point',
        stream: 'mixed',
        name: `垃圾收集点${n}号`,
        name_en: `Collection point ${n}`,
        lon: round6(p[0]),
        lat: round6(p[1]),
        district_code: district(p),
        capacity_t: null,
      });
    }
  }
  const points = facilities.slice();
  // Restaurants stand 30 m off a collection point every few points (the trucks stop there too).
  RESTAURANTS.forEach(([name, nameEn], i) => {
    const p = points[Math.floor(((i + 0.5) * points.length) / RESTAURANTS.length)]!;
    facilities.push({
      code: `CY${String(i + 1).padStart(3, '0')}`,
      kind: 'restaurant',
      stream: 'kitchen',
      name,
      name_en: nameEn,
      lon: round6(p.lon + 0.0003),
      lat: round6(p.lat),
      district_code: p.district_code,
      capacity_t: null,
    });
  });
  const all = trucks.flatMap((t) => t.route);
  const lons = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  const [minLon, maxLon, minLat, maxLat] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  STATIONS.forEach((s, i) => {
    const p: LonLat = [
      minLon + ((maxLon - minLon) * (i + 0.5)) / STATIONS.length,
      minLat + (maxLat - minLat) * 0.15,
    ];
    facilities.push({
      code: `ZZ${String(i + 1).padStart(2, '0')}`,
      kind: 'transfer_station',
      stream: 'mixed',
      name: s.name,
      name_en: s.nameEn,
      lon: round6(p[0]),
      lat: round6(p[1]),
      district_code: district(p),
      capacity_t: s.capacity,
    });
  });
  PLANTS.forEach((s, i) => {
    const p: LonLat = [minLon - 0.01 - i * 0.01, minLat - 0.01];
    facilities.push({
      code: `CL${String(i + 1).padStart(2, '0')}`,
      kind: 'treatment_plant',
      stream: s.stream,
      name: s.name,
      name_en: s.nameEn,
      lon: round6(p[0]),
      lat: round6(p[1]),
      district_code: null,
      capacity_t: s.capacity,
    });
  });

  const zone = new ZoneClock(timeZone);
  const today = zone.dateKeyOf(Date.now());
  await db.tx(async (q) => {
    await repo.insertFacilities(q, facilities);
    const stored = await repo.listFacilities(q);
    const id = (code: string) => stored.find((f) => f.code === code)!.id;
    const stationIds = STATIONS.map((_, i) => id(`ZZ${String(i + 1).padStart(2, '0')}`));
    const weighings: repo.NewWeighingRow[] = [];
    const at = (day: string, minute: number) => new Date(zone.instantOf(day, minute * 60_000));
    const kg = (t: number) => Math.round(t * 1000);
    for (let d = 30; d >= 1; d--) {
      const day = addDaysToKey(today, -d);
      const received = stationIds.map(() => 0);
      trucks.forEach((t, i) => {
        const s = i % stationIds.length;
        for (let trip = 0; trip < 2; trip++) {
          const net = 3.6 + random() * 2.2;
          received[s]! += net;
          weighings.push({
            facility_id: stationIds[s]!,
            truck: t.deviceId,
            stream: 'mixed',
            weighed_at: at(day, 540 + trip * 120 + i * 3),
            gross_kg: kg(9.5 + net),
            tare_kg: kg(9.5),
            recorded_by: null,
          });
        }
      });
      // Kitchen-waste trucks collect from the restaurants and go to the kitchen-waste plant.
      for (let k = 1; k <= 3; k++) {
        const net = 2.4 + random() * 1.4;
        weighings.push({
          facility_id: id('CL02'),
          truck: `CC-${String(k).padStart(2, '0')}`,
          stream: 'kitchen',
          weighed_at: at(day, 840 + k * 10),
          gross_kg: kg(6 + net),
          tare_kg: kg(6),
          recorded_by: null,
        });
      }
      // The stations' transfer trucks (ZY-…) take what they received on to the plant.
      received.forEach((tonnes, s) => {
        for (let left = tonnes, trip = 0; left > 0.5; left -= 18, trip++) {
          weighings.push({
            facility_id: id('CL01'),
            truck: `ZY-${String(s + 1).padStart(2, '0')}`,
            stream: 'mixed',
            weighed_at: at(day, 960 + s * 20 + trip * 90),
            gross_kg: kg(15 + Math.min(18, left)),
            tare_kg: kg(15),
            recorded_by: null,
          });
        }
      });
    }
    await repo.insertWeighings(q, weighings);

    const compounds: repo.NewCompound[] = COMPOUNDS.map((c, i) => {
      const p = points[Math.floor(((i + 0.3) * points.length) / COMPOUNDS.length)]!;
      return {
        code: `FL${String(i + 1).padStart(3, '0')}`,
        name: c.name,
        name_en: c.nameEn,
        community: c.community,
        community_en: c.communityEn,
        district_code: p.district_code,
        households: c.households,
        participating: Math.round(c.households * (c.pilot ? 0.96 : 0.6 + random() * 0.25)),
        pilot: c.pilot,
        lon: round6(p.lon - 0.0015),
        lat: round6(p.lat + 0.001),
      };
    });
    await repo.insertCompounds(q, compounds);
    const storedCompounds = await repo.listCompounds(q);
    const inspections: repo.NewInspectionRow[] = [];
    for (let d = 119; d >= 1; d -= 7) {
      storedCompounds.forEach((c, i) => {
        const quality = COMPOUNDS[i]!.quality;
        const checked = 40 + Math.floor(random() * 21);
        const share = Math.min(1, Math.max(0, quality + (random() - 0.5) * 0.1));
        inspections.push({
          compound_id: c.id,
          inspected_on: addDaysToKey(today, -d),
          checked,
          correct: Math.round(checked * share),
          note: null,
          inspector: null,
        });
      });
    }
    await repo.insertInspections(q, inspections);
  });
  return { facilities: facilities.length };
}
