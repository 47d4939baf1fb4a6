import { ZoneClock, addDaysToKey, metresBetween } from '@cityloop/domain';
import { createRng } from '@cityloop/domain/rng';
import type { Db } from '../db/db.js';
import type { DevicesOffer } from '../features/devices/devices.module.js';
import { hashDeviceToken, newDeviceToken } from '../features/devices/credentials.js';
import type { NewDevice } from '../features/devices/devices.repository.js';
import type { GridsOffer } from '../features/grids/grids.module.js';
import type { Offers } from '../modules/module.js';
import * as repo from '../features/municipal/municipal.repository.js';
import * as cuts from '../features/municipal/roadcuts.repository.js';

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

/**
 * The demo city's road-cut permits (占道挖掘), dated around the seeding day so each phase shows:
 * 2 applications waiting, 1 rejected, 1 approved and not begun, 2 roads dug up now, 1 waiting for
 * its reinstatement, 1 past its reinstatement deadline and 1 reinstated and checked — 9 in all.
 */
export async function seedDemoRoadCuts(db: Db, timeZone: string): Promise<{ permits: number }> {
  if ((await cuts.countPermits(db)) > 0) return { permits: 0 };
  const roads = await repo.listFacilities(db, 'road');
  if (roads.length === 0) return { permits: 0 };
  const today = new ZoneClock(timeZone).dateKeyOf(Date.now());
  const d = (n: number) => addDaysToKey(today, n);
  const PLAN: Array<{
    applicant: string;
    kind: cuts.PermitRow['applicant_kind'];
    purpose: string;
    len: number;
    width: number;
    from: number;
    to: number;
    by: number;
    state: cuts.PermitRow['state'];
    note?: string;
  }> = [
    {
      applicant: '烟台市自来水有限公司',
      kind: 'utility_company',
      purpose: '供水管道抢修更换 DN300',
      len: 24,
      width: 2.5,
      from: 3,
      to: 10,
      by: 17,
      state: 'applied',
    },
    {
      applicant: '中国联通烟台分公司',
      kind: 'telecom',
      purpose: '通信管线横穿道路敷设',
      len: 18,
      width: 1.2,
      from: 7,
      to: 9,
      by: 14,
      state: 'applied',
    },
    {
      applicant: '烟台某置业有限公司',
      kind: 'developer',
      purpose: '小区市政接口接驳',
      len: 40,
      width: 3,
      from: 2,
      to: 60,
      by: 75,
      state: 'rejected',
      note: '与道路大修计划冲突，请改期申请',
    },
    {
      applicant: '国网烟台供电公司',
      kind: 'utility_company',
      purpose: '10kV 电缆改迁',
      len: 60,
      width: 1.5,
      from: 5,
      to: 12,
      by: 20,
      state: 'approved',
    },
    {
      applicant: '烟台港华燃气有限公司',
      kind: 'utility_company',
      purpose: '中压燃气管道更新改造',
      len: 120,
      width: 2,
      from: -3,
      to: 4,
      by: 11,
      state: 'approved',
    },
    {
      applicant: '烟台市排水服务中心',
      kind: 'utility_company',
      purpose: '雨污分流改造检查井施工',
      len: 30,
      width: 3,
      from: -1,
      to: 1,
      by: 8,
      state: 'approved',
    },
    {
      applicant: '中国移动烟台分公司',
      kind: 'telecom',
      purpose: '5G 基站光缆敷设',
      len: 80,
      width: 0.8,
      from: -12,
      to: -2,
      by: 5,
      state: 'approved',
    },
    {
      applicant: '烟台市热力有限公司',
      kind: 'utility_company',
      purpose: '供热管网漏点维修',
      len: 15,
      width: 3,
      from: -30,
      to: -20,
      by: -6,
      state: 'approved',
    },
    {
      applicant: '烟台市自来水有限公司',
      kind: 'utility_company',
      purpose: '消火栓支管接驳',
      len: 12,
      width: 1.5,
      from: -40,
      to: -33,
      by: -26,
      state: 'reinstated',
      note: '面层恢复平整，压实度合格',
    },
  ];
  const at = (day: string, h: number) => new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`);
  await db.tx(async (q) => {
    for (const [i, p] of PLAN.entries()) {
      const road = roads[(i * 7) % roads.length]!;
      const decided = p.state !== 'applied';
      const checked = p.state === 'reinstated';
      await cuts.insertPermit(q, {
        road_id: road.id,
        applicant: p.applicant,
        applicant_kind: p.kind,
        purpose: p.purpose,
        lon: Number(road.lon),
        lat: Number(road.lat),
        length_m: p.len,
        width_m: p.width,
        start_day: d(p.from),
        end_day: d(p.to),
        reinstate_by: d(p.by),
        state: p.state,
        applied_by: 'utility',
        applied_at: at(d(Math.min(p.from, 0) - 5), 9),
        decided_by: decided ? 'supervisor' : null,
        decided_at: decided ? at(d(Math.min(p.from, 0) - 2), 15) : null,
        decision_note: p.state === 'rejected' ? (p.note ?? null) : null,
        checked_by: checked ? 'utility' : null,
        checked_at: checked ? at(d(p.by - 1), 10) : null,
        check_note: checked ? (p.note ?? null) : null,
      });
    }
  });
  return { permits: PLAN.length };
}
