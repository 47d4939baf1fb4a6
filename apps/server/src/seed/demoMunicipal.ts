import { placeNameEn } from '@cityloop/citygen';
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
      name_en: placeNameEn(road.name),
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
        name_en: `${placeNameEn(road.name)} bridge ${n.bridge}`,
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
          name_en: `${placeNameEn(road.name)} storm-water cover ${n.manhole}`,
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
        name_en: `${placeNameEn(road.name)} street-light cabinet`,
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

/** How many demo problems outside the remit are recorded, from the demo year's cover cases. */
export const DEMO_REMIT_CASES = 24;
const COVER_CATEGORIES = ['0101', '0102', '0103'];
/**
 * Eight ways an out-of-remit problem goes, repeated: coordinated and fixed by the party, or fixed
 * by the bureau on an advance (垫资) that is approved, pending, recovered in part or whole, or
 * written off. Over 24 problems: 18 advances, 198,900 yuan, 97,800 yuan recovered.
 */
const REMIT_PLAN: ReadonlyArray<{
  kind: repo.RemitRow['party_kind'];
  names: readonly string[];
  steps: readonly string[];
  cost: number;
  approval: repo.RemitRow['approval'];
  recovery: repo.RemitRow['recovery'];
  recovered: number;
}> = [
  {
    kind: 'property_manager',
    names: ['幸福里物业服务中心', '金海湾物业管理有限公司', '阳光花园物业'],
    steps: ['联系物业确认井盖产权归小区', '物业已更换井盖，现场复核合格'],
    cost: 0,
    approval: 'none',
    recovery: 'none',
    recovered: 0,
  },
  {
    kind: 'developer',
    names: ['烟台某置业有限公司', '东方房地产开发有限公司', '海景置业有限公司'],
    steps: ['开发商未移交管网，多次协调未果', '为保安全本局先行修复，报批垫资'],
    cost: 12_800,
    approval: 'approved',
    recovery: 'recovered',
    recovered: 12_800,
  },
  {
    kind: 'other',
    names: ['无物业老旧小区（街道代管）'],
    steps: ['小区无物业、无产权单位，街道无力承担', '本局先行修复，报批垫资'],
    cost: 8_600,
    approval: 'approved',
    recovery: 'written_off',
    recovered: 0,
  },
  {
    kind: 'property_manager',
    names: ['康居物业服务有限公司', '绿城物业烟台分公司'],
    steps: ['物业称维修资金不足，协调中', '拟先行修复，已报批'],
    cost: 5_400,
    approval: 'pending',
    recovery: 'none',
    recovered: 0,
  },
  {
    kind: 'utility_company',
    names: ['烟台市自来水有限公司', '烟台市排水服务中心'],
    steps: ['转公用事业单位处置，已修复'],
    cost: 0,
    approval: 'none',
    recovery: 'none',
    recovered: 0,
  },
  {
    kind: 'developer',
    names: ['滨海新城开发建设有限公司', '烟台某置业有限公司'],
    steps: ['开发商拖延整改', '本局先行修复并发函追偿', '开发商已支付部分费用'],
    cost: 23_500,
    approval: 'approved',
    recovery: 'partial',
    recovered: 10_000,
  },
  {
    kind: 'other',
    names: ['产权不明（规划部门核查中）'],
    steps: ['产权单位不明，函询规划部门', '本局先行修复，追偿待产权明确'],
    cost: 6_200,
    approval: 'approved',
    recovery: 'pending',
    recovered: 0,
  },
  {
    kind: 'property_manager',
    names: ['万家物业服务有限公司', '金海湾物业管理有限公司'],
    steps: ['物业同意承担费用，由本局代为修复', '物业已付清修复费用'],
    cost: 9_800,
    approval: 'approved',
    recovery: 'recovered',
    recovered: 9_800,
  },
];

/**
 * Records the first {@link DEMO_REMIT_CASES} manhole-cover cases of the demo year (a missing or
 * sunken cover, in a compound with no clear owner) as problems outside the bureau's remit, each
 * dated at its case's report, with its coordination steps and advance payment. Runs once: it does
 * nothing while remit problems exist or fewer cover cases than needed have been made.
 */
export async function seedDemoRemit(db: Db): Promise<{ recorded: number }> {
  const n = Number((await db.query<{ n: string }>(`select count(*) as n from remit_cases`)).rows[0]?.n ?? 0);
  if (n > 0) return { recorded: 0 };
  const found = (
    await db.query<{ id: string; code: string; reported_at: Date }>(
      `select id, code, reported_at from cases where kind = 'component' and category = any($1::text[])
       order by id limit $2`,
      [COVER_CATEGORIES, DEMO_REMIT_CASES],
    )
  ).rows;
  if (found.length < DEMO_REMIT_CASES) return { recorded: 0 };
  await db.tx(async (q) => {
    for (const [i, c] of found.entries()) {
      const p = REMIT_PLAN[i % REMIT_PLAN.length]!;
      const opened = new Date(c.reported_at);
      const advance = p.cost > 0;
      await repo.insertRemit(q, {
        case_id: Number(c.id),
        case_code: c.code,
        party_kind: p.kind,
        party_name: p.names[Math.floor(i / REMIT_PLAN.length) % p.names.length]!,
        steps: p.steps.map((note, k) => ({
          at: new Date(opened.getTime() + (k + 1) * 2 * 86_400_000).toISOString(),
          by: 'dispatcher',
          note,
        })),
        advance,
        cost_yuan: p.cost,
        approval: p.approval,
        approved_by: p.approval === 'approved' ? 'leader' : null,
        recovery: p.recovery,
        recovered_yuan: p.recovered,
        opened_at: opened,
      });
    }
  });
  return { recorded: found.length };
}
