import { metresBetween } from '@cityloop/domain';
import {
  CLEANING_STANDARDS,
  ROAD_CLASSES,
  SECTION_TARGET_M,
  type RoadClass,
} from '@cityloop/domain/sanitation/index';
import type { Db } from '../db/db.js';
import type { DevicesOffer } from '../features/devices/devices.module.js';
import { hashDeviceToken, newDeviceToken } from '../features/devices/credentials.js';
import type { NewDevice } from '../features/devices/devices.repository.js';
import type { GridsOffer } from '../features/grids/grids.module.js';
import * as repo from '../features/sanitation/sanitation.repository.js';

/**
 * The demo city's sanitation: cleaning sections cut from the base map's roads (every road in
 * pieces of about 1 km inside the city's unit grids, its class's standard, the district's
 * contractor), and a fleet of
 * vehicles: a sweeper on every class A and B road, a washer on every class A road, garbage trucks
 * on a few class C roads. Deterministic: the same sections and vehicle ids on every machine.
 *
 * One sweeper's route deliberately stops a section short of its road's end (the demo's missed
 * section, so the coverage page has something to show): see MISSED_ROAD_INDEX.
 */

/** Street cleaning is contracted out per district (demo companies). */
const CONTRACTORS: ReadonlyArray<{ district: string; name: string; nameEn: string }> = [
  { district: '370602', name: '烟台洁城环境服务有限公司', nameEn: 'Yantai Jiecheng Environmental Services' },
  { district: '370613', name: '莱山清源保洁有限公司', nameEn: 'Laishan Qingyuan Cleaning Co.' },
  { district: '370611', name: '福山绿洁环卫有限公司', nameEn: 'Fushan Lvjie Sanitation Co.' },
  {
    district: '370612',
    name: '牟平净美环境工程有限公司',
    nameEn: 'Muping Jingmei Environmental Engineering',
  },
];

/** Of the class B roads with a sweeper, this one's sweeper stops a section short. */
const MISSED_ROAD_INDEX = 0;
const GARBAGE_TRUCKS = 8;

type LonLat = [number, number];

function lengthOf(line: readonly LonLat[]): number {
  let s = 0;
  for (let i = 1; i < line.length; i++) s += metresBetween(line[i - 1]!, line[i]!);
  return s;
}

/** The point `d` metres along a line, and the index of the segment it falls in. */
function pointAlong(line: readonly LonLat[], d: number): { p: LonLat; seg: number } {
  let walked = 0;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const len = metresBetween(a, b);
    if (walked + len >= d || i === line.length - 1) {
      const f = len > 0 ? Math.max(0, Math.min(1, (d - walked) / len)) : 0;
      return { p: [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f], seg: i };
    }
    walked += len;
  }
  return { p: line[0]!, seg: 1 };
}

/** The part of a line between `from` and `to` metres along it. */
function slice(line: readonly LonLat[], from: number, to: number): LonLat[] {
  const a = pointAlong(line, from);
  const b = pointAlong(line, to);
  return [a.p, ...line.slice(a.seg, b.seg), b.p];
}

const round6 = (p: LonLat): LonLat => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];

function isRoadClass(c: string): c is RoadClass {
  return (ROAD_CLASSES as readonly string[]).includes(c);
}

export async function seedDemoSanitation(
  db: Db,
  devices: DevicesOffer,
  grids: GridsOffer,
): Promise<{ sections: number; vehicles: number }> {
  // Once: a city that has sections keeps its own (and its own fleet).
  if ((await repo.countSections(db)) > 0) return { sections: 0, vehicles: 0 };
  const roads = (await repo.baseMapRoads(db)).filter((r) => isRoadClass(r.class));
  if (roads.length === 0) return { sections: 0, vehicles: 0 };
  const offices = await repo.sanitationOffices(db);
  const districtAt = (p: LonLat) => grids.codeAt(p[0], p[1])?.slice(0, 6) ?? null;
  const contractorOf = (district: string | null) =>
    CONTRACTORS.find((c) => c.district === district) ?? CONTRACTORS[0]!;

  const sections: repo.NewSection[] = [];
  let n = 0;
  for (const road of roads) {
    const cls = road.class as RoadClass;
    const std = CLEANING_STANDARDS[cls];
    const total = lengthOf(road.line);
    const parts = Math.max(1, Math.round(total / SECTION_TARGET_M));
    for (let part = 1; part <= parts; part++) {
      const line = slice(road.line, ((part - 1) * total) / parts, (part * total) / parts).map(round6);
      const mid = pointAlong(line, lengthOf(line) / 2).p;
      const district = districtAt(mid);
      // Only where the city's unit grids are (a small demo city covers part of the roads).
      if (!district) continue;
      const contractor = contractorOf(district);
      sections.push({
        code: `QS${String(++n).padStart(5, '0')}`,
        road_name: road.name,
        part,
        road_class: cls,
        grade: std.grade,
        sweeping_per_day: std.sweepingPerDay,
        washing_per_day: std.washingPerDay,
        mechanised: std.mechanised,
        window_start: std.windowStartMin,
        window_end: std.windowEndMin,
        contractor: contractor.name,
        contractor_en: contractor.nameEn,
        department_id: offices.get(district) ?? null,
        district_code: district,
        length_m: Math.round(lengthOf(line) * 10) / 10,
        line,
      });
    }
  }

  // Vehicles: [type, prefix, roads they drive].
  const aRoads = roads.filter((r) => r.class === 'A');
  const bRoads = roads.filter((r) => r.class === 'B');
  const cRoads = roads.filter((r) => r.class === 'C').slice(0, GARBAGE_TRUCKS);
  const plans: Array<{ type: string; prefix: string; label: string; roads: typeof roads }> = [
    { type: 'sweeper', prefix: 'sw', label: '扫路车', roads: [...aRoads, ...bRoads] },
    { type: 'washer', prefix: 'ws', label: '洗扫车', roads: aRoads },
    { type: 'garbage_truck', prefix: 'gt', label: '垃圾收运车', roads: cRoads },
  ];
  const newDevices: NewDevice[] = [];
  const vehicles: repo.VehicleRow[] = [];
  for (const plan of plans) {
    plan.roads.forEach((road, i) => {
      const id = `${plan.prefix}-${String(i + 1).padStart(4, '0')}`;
      const total = lengthOf(road.line);
      const parts = Math.max(1, Math.round(total / SECTION_TARGET_M));
      const short = plan.type === 'sweeper' && road === bRoads[MISSED_ROAD_INDEX] && parts > 1;
      const route = (short ? slice(road.line, 0, ((parts - 1) * total) / parts) : road.line).map(round6);
      const start = route[0]!;
      const district = districtAt(start);
      const contractor = contractorOf(district);
      const std = CLEANING_STANDARDS[road.class as RoadClass];
      const token = newDeviceToken();
      newDevices.push({
        id,
        type: plan.type,
        name: `${road.name}${plan.label}${i + 1}号`,
        lon: start[0],
        lat: start[1],
        gridCode: grids.codeAt(start[0], start[1]),
        departmentId: district ? (offices.get(district) ?? null) : null,
        tokenHash: hashDeviceToken(token),
        demoToken: token,
      });
      vehicles.push({
        device_id: id,
        contractor: contractor.name,
        contractor_en: contractor.nameEn,
        // Garbage trucks collect in the morning after the sweepers; others sweep in their window.
        shift_start: plan.type === 'garbage_truck' ? 420 : std.windowStartMin,
        shift_end: plan.type === 'garbage_truck' ? 660 : std.windowEndMin,
        route,
      });
    });
  }
  const fresh = newDevices.filter((d) => !devices.byId(d.id));
  if (fresh.length > 0) await devices.createMany(fresh);
  await db.tx(async (q) => {
    await repo.insertSections(q, sections);
    await repo.insertVehicles(q, vehicles);
  });
  return { sections: sections.length, vehicles: vehicles.length };
}
