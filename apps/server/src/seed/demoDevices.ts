import { createRng } from '@cityloop/domain/rng';
import type { Db } from '../db/db.js';
import type { DeviceService } from '../features/devices/devices.service.js';
import { hashDeviceToken, newDeviceToken } from '../features/devices/credentials.js';
import type { NewDevice } from '../features/devices/devices.repository.js';
import type { GridsOffer } from '../features/grids/grids.module.js';

/**
 * The demo fleet (≈200 devices): water plants (莱山新水厂 at its real place), booster stations,
 * network pressure points, heat exchange stations, gas regulators, drainage pump stations, rain
 * gauges and water-level gauges at underpasses, spread over the demo city's unit grids and owned by
 * the water, heating, gas and drainage companies. Ids and places are the same on every machine, so
 * the README can name them; tokens are random per instance (an administrator reads them on the
 * device page, the simulator from GET /api/sim/devices).
 */

interface TypePlan {
  type: string;
  prefix: string;
  count: number;
  department: string;
  name: (n: number, community: string) => string;
}

const PLANTS = ['莱山新水厂', '门楼水厂', '龙泉水厂', '桃村水厂'];
const UNDERPASSES = [
  '胜利路',
  '青年南路',
  '北马路',
  '南大街',
  '观海路',
  '迎春大街',
  '港城东大街',
  '银海路',
  '福海路',
  '永达街',
  '宁海大街',
  '文化街',
  '环山路',
  '港城西大街',
  '机场路',
  '红旗中路',
];

export const DEMO_FLEET: readonly TypePlan[] = [
  {
    type: 'water_plant',
    prefix: 'wp',
    count: 4,
    department: 'water',
    name: (n) => PLANTS[n - 1] ?? `第${n}水厂`,
  },
  {
    type: 'booster_station',
    prefix: 'bs',
    count: 16,
    department: 'water',
    name: (n, c) => `${c}加压泵站${n}号`,
  },
  {
    type: 'pressure_point',
    prefix: 'pp',
    count: 56,
    department: 'water',
    name: (n, c) => `${c}测压点${n}号`,
  },
  {
    type: 'heat_station',
    prefix: 'hs',
    count: 40,
    department: 'heating',
    name: (n, c) => `${c}换热站${n}号`,
  },
  {
    type: 'gas_regulator',
    prefix: 'gr',
    count: 20,
    department: 'gas',
    name: (n, c) => `${c}燃气调压站${n}号`,
  },
  {
    type: 'drainage_station',
    prefix: 'ds',
    count: 16,
    department: 'drainage',
    name: (n, c) => `${c}排水泵站${n}号`,
  },
  { type: 'rain_gauge', prefix: 'rg', count: 16, department: 'drainage', name: (n, c) => `${c}雨量站${n}号` },
  {
    type: 'waterlogging_gauge',
    prefix: 'wl',
    count: 32,
    department: 'drainage',
    name: (n) =>
      `${UNDERPASSES[(n - 1) % UNDERPASSES.length]}下穿积水点${n > UNDERPASSES.length ? '2#' : '1#'}`,
  },
  // Last, so the fleet before it keeps its places: the snowfall trigger's gauges (清雪防滑).
  { type: 'snow_gauge', prefix: 'sg', count: 6, department: 'municipal', name: (n, c) => `${c}雪量站${n}号` },
];

const LAISHAN_PLANT: [number, number] = [121.463, 37.415];

function nearest<T extends { lon: number; lat: number }>(
  cells: readonly T[],
  [lon, lat]: [number, number],
): T {
  let best = cells[0]!;
  let bestD = Infinity;
  for (const c of cells) {
    const d = (c.lon - lon) ** 2 + (c.lat - lat) ** 2;
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

export async function seedDemoDevices(db: Db, devices: DeviceService, grids: GridsOffer): Promise<number> {
  // Seeding reads the city's own tables directly, as seedDemoCity writes them.
  const cells = (
    await db.query<{ code: string; lon: number; lat: number; community: string }>(
      `select g.code, g.centroid_lon as lon, g.centroid_lat as lat, c.name as community
         from unit_grids g join communities c on c.code = g.community_code order by g.code`,
    )
  ).rows;
  if (cells.length === 0) return 0;
  const depts = new Map(
    (await db.query<{ id: number; code: string }>(`select id, code from departments`)).rows.map((d) => [
      d.code,
      d.id,
    ]),
  );
  const random = createRng(20_240_601);
  const perType: NewDevice[][] = DEMO_FLEET.map((plan) =>
    Array.from({ length: plan.count }, (_, i) => {
      const n = i + 1;
      const id = `${plan.prefix}-${String(n).padStart(4, '0')}`;
      let cell = cells[Math.floor(random() * cells.length)]!;
      let lon = cell.lon;
      let lat = cell.lat;
      if (plan.type === 'water_plant' && n === 1) {
        // 莱山新水厂 at its real place, or the nearest unit grid when the demo city has none there.
        cell = nearest(cells, LAISHAN_PLANT);
        [lon, lat] = grids.codeAt(...LAISHAN_PLANT) ? LAISHAN_PLANT : [cell.lon, cell.lat];
      }
      const token = newDeviceToken();
      return {
        id,
        type: plan.type,
        name: plan.name(n, cell.community),
        lon,
        lat,
        gridCode: grids.codeAt(lon, lat) ?? cell.code,
        departmentId: depts.get(plan.department) ?? null,
        tokenHash: hashDeviceToken(token),
        demoToken: token,
      };
    }),
  );
  // Interleaved, so the first N devices (npm run simulate -- --devices N) mix every type.
  const fleet: NewDevice[] = [];
  for (let i = 0; fleet.length < perType.reduce((s, l) => s + l.length, 0); i++) {
    for (const list of perType) {
      const d = list[Math.floor((i * list.length) / 56)];
      if (d && !fleet.includes(d)) fleet.push(d);
    }
  }
  await devices.createMany(fleet);
  return fleet.length;
}
