import { metresBetween } from '@cityloop/domain';
import { createRng } from '@cityloop/domain/rng';
import type { Db } from '../db/db.js';
import type { DevicesOffer } from '../features/devices/devices.module.js';
import { hashDeviceToken, newDeviceToken } from '../features/devices/credentials.js';
import type { NewDevice } from '../features/devices/devices.repository.js';
import type { GridsOffer } from '../features/grids/grids.module.js';
import type { Offers } from '../modules/module.js';
import * as repo from '../features/municipal/municipal.repository.js';

/**
 * The demo city's municipal facilities, from the base map's roads: every class A–C road inside the
 * unit grids with a pavement condition index, a bridge on some main roads, manhole covers every
 * ~600 m on class B and C roads (a third of them self-adjusting anti-subsidence covers), and a
 * street-light cabinet (a device the simulator drives) on every main road. Deterministic.
 */

type LonLat = [number, number];
const CABINETS = 12;
const BRIDGES = ['girder', 'arch', 'girder', 'slab'] as const;

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

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export async function seedDemoMunicipal(
  db: Db,
  devices: DevicesOffer,
  grids: GridsOffer,
  map: Offers['map'],
): Promise<{ facilities: number }> {
  if ((await repo.countFacilities(db)) > 0) return { facilities: 0 };
  const layers = (await map.layers()).layers;
  const fc = layers['roads'] as
    | {
        features?: Array<{
          properties?: { name?: string; class?: string };
          geometry?: { coordinates?: unknown };
        }>;
      }
    | undefined;
  const roads = (fc?.features ?? []).flatMap((f) => {
    const line = f.geometry?.coordinates;
    const cls = f.properties?.class;
    if (
      !Array.isArray(line) ||
      line.length < 2 ||
      !f.properties?.name ||
      !cls ||
      !['A', 'B', 'C'].includes(cls)
    )
      return [];
    return [{ name: f.properties.name, cls, line: line as LonLat[] }];
  });
  const district = (p: LonLat) => grids.codeAt(p[0], p[1])?.slice(0, 6) ?? null;
  const random = createRng(20_261_209);
  const rows: repo.NewFacility[] = [];
  const newDevices: NewDevice[] = [];
  const n = { road: 0, bridge: 0, manhole: 0, cabinet: 0 };
  for (const road of roads) {
    let length = 0;
    for (let i = 1; i < road.line.length; i++) length += metresBetween(road.line[i - 1]!, road.line[i]!);
    const at = pointsAlong(road.line, length)[0] ?? road.line[0]!;
    if (!district(at)) continue;
    const main = road.cls === 'A' || road.cls === 'B';
    n.road++;
    rows.push({
      code: `DL${String(n.road).padStart(4, '0')}`,
      kind: 'road',
      subtype: road.cls,
      name: road.name,
      name_en: road.name,
      lon: r6(at[0]),
      lat: r6(at[1]),
      line: road.line.map(([a, b]) => [r6(a), r6(b)] as LonLat),
      district_code: district(at),
      device_id: null,
      condition: Math.round(48 + random() * 48),
      lamps: null,
    });
    if (main && n.bridge < BRIDGES.length) {
      n.bridge++;
      rows.push({
        code: `QL${String(n.bridge).padStart(3, '0')}`,
        kind: 'bridge',
        subtype: BRIDGES[n.bridge - 1]!,
        name: `${road.name}${['一', '二', '三', '四'][n.bridge - 1]}号桥`,
        name_en: `${road.name} bridge ${n.bridge}`,
        lon: r6(at[0] - 0.0004),
        lat: r6(at[1]),
        line: null,
        district_code: district(at),
        device_id: null,
        condition: n.bridge === 3 ? 4 : 1 + Math.floor(random() * 3),
        lamps: null,
      });
    }
    if (road.cls !== 'A') {
      for (const p of pointsAlong(road.line, 600)) {
        if (!district(p)) continue;
        n.manhole++;
        rows.push({
          code: `JG${String(n.manhole).padStart(4, '0')}`,
          kind: 'manhole',
          subtype: n.manhole % 3 === 0 ? 'anti_subsidence' : 'ordinary',
          name: `${road.name}雨水井盖${n.manhole}`,
          name_en: `${road.name} storm-water cover ${n.manhole}`,
          lon: r6(p[0]),
          lat: r6(p[1]),
          line: null,
          district_code: district(p),
          device_id: null,
          condition: null,
          lamps: null,
        });
      }
    }
    if (main && n.cabinet < CABINETS) {
      n.cabinet++;
      const id = `sl-${String(n.cabinet).padStart(4, '0')}`;
      const token = newDeviceToken();
      const p: LonLat = [at[0] + 0.0004, at[1]];
      newDevices.push({
        id,
        type: 'streetlight_cabinet',
        name: `${road.name}路灯控制箱`,
        lon: r6(p[0]),
        lat: r6(p[1]),
        gridCode: grids.codeAt(p[0], p[1]),
        departmentId: null,
        tokenHash: hashDeviceToken(token),
        demoToken: token,
      });
      rows.push({
        code: `LD${String(n.cabinet).padStart(3, '0')}`,
        kind: 'streetlight_cabinet',
        subtype: '',
        name: `${road.name}路灯控制箱`,
        name_en: `${road.name} street-light cabinet`,
        lon: r6(p[0]),
        lat: r6(p[1]),
        line: null,
        district_code: district(p),
        device_id: id,
        condition: null,
        lamps: 40 + Math.floor(random() * 80),
      });
    }
  }
  if (rows.length === 0) return { facilities: 0 };
  const fresh = newDevices.filter((d) => !devices.byId(d.id));
  if (fresh.length > 0) await devices.createMany(fresh);
  await db.tx(async (q) => {
    await repo.insertFacilities(q, rows);
    // Each road and bridge was last inspected a month ago, at the condition it has.
    const stored = await repo.listFacilities(q);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    await repo.insertInspections(
      q,
      stored
        .filter((f) => f.condition !== null)
        .map((f) => ({
          facility_id: f.id,
          inspected_at: monthAgo,
          condition: f.condition,
          defect: null,
          inspector: null,
          case_id: null,
          case_code: null,
        })),
    );
  });
  return { facilities: rows.length };
}
