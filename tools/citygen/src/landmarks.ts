import { cellAt, cellKey } from './lattice.js';
import type { AnchoredBody } from './layout.js';
import type { Lattice, LandUse, LonLat, Place, UnitGrid } from './types.js';

/** The grounds a landmark takes in the town: whole lattice cells around its position. */
export interface Footprint {
  cols: number;
  rows: number;
  use: 'park' | 'campus' | 'plaza' | 'hall';
}

export interface PlacePlan {
  name: string;
  kind: string;
  position: LonLat;
  districtCode: string;
  note: string;
  footprint?: Footprint;
}

/** The named places and facilities of demo-city.json's seed_facts. */
const PLACES: readonly PlacePlan[] = [
  {
    name: '大南山',
    kind: 'scenic_area',
    position: [121.386, 37.509],
    districtCode: '370602',
    note: '山地景区，志愿者清洁活动地点',
  },
  {
    name: '套子湾',
    kind: 'bay',
    position: [121.282, 37.585],
    districtCode: '370611',
    note: '芝罘区以西海湾，污水处理厂排海口',
  },
  {
    name: '御金台小区',
    kind: 'compound',
    position: [121.4043, 37.5378],
    districtCode: '370602',
    note: '垃圾分类试点小区',
  },
  {
    name: '银海路',
    kind: 'road',
    position: [121.471, 37.468],
    districtCode: '370613',
    note: '精细化管理示范路',
  },
  {
    name: '莱山新水厂',
    kind: 'water_plant',
    position: [121.463, 37.415],
    districtCode: '370613',
    note: '现状10万m³/日，规划20万m³/日',
  },
  {
    name: '套子湾污水处理厂二期',
    kind: 'sewage_plant',
    position: [121.296, 37.558],
    districtCode: '370611',
    note: '新增15万吨/日',
  },
  {
    name: '生活垃圾综合湿解二期',
    kind: 'waste_treatment',
    position: [121.322, 37.452],
    districtCode: '370611',
    note: '1000吨/日',
  },
  {
    name: '污泥干化焚烧',
    kind: 'sludge_incineration',
    position: [121.305, 37.553],
    districtCode: '370611',
    note: '450吨/日',
  },
  {
    name: '餐厨垃圾处理',
    kind: 'kitchen_waste_treatment',
    position: [121.326, 37.456],
    districtCode: '370611',
    note: '200吨/日',
  },
  {
    name: '南部供热中心',
    kind: 'heating_centre',
    position: [121.402, 37.468],
    districtCode: '370602',
    note: '供热面积1000万m²',
  },
  landmark('烟台山公园', 'park', [121.4035, 37.5525], '370602', '近代领事馆建筑群与灯塔', [2, 1, 'park']),
  landmark('毓璜顶公园', 'park', [121.3855, 37.5295], '370602', '', [2, 2, 'park']),
  landmark('南山公园', 'park', [121.4005, 37.5175], '370602', '', [3, 2, 'park']),
  landmark('烟台站', 'station', [121.3885, 37.5505], '370602', '火车站', [2, 1, 'hall']),
  landmark('滨海广场', 'plaza', [121.4185, 37.5515], '370602', '', [2, 1, 'plaza']),
  landmark('毓璜顶医院', 'hospital', [121.3785, 37.5395], '370602', '', [1, 1, 'campus']),
  landmark('芝罘万达广场', 'mall', [121.4265, 37.5405], '370602', '', [1, 1, 'hall']),
  landmark('鲁东大学', 'campus', [121.4335, 37.5215], '370602', '', [3, 3, 'campus']),
  landmark('烟台大学', 'campus', [121.4555, 37.4815], '370613', '', [3, 3, 'campus']),
  landmark('烟台市人民政府', 'government', [121.4505, 37.4635], '370613', '', [1, 1, 'campus']),
  landmark('烟台国际博览中心', 'exhibition', [121.4855, 37.4885], '370613', '', [2, 2, 'hall']),
  landmark('凤凰山公园', 'park', [121.4905, 37.4605], '370613', '', [2, 2, 'park']),
  landmark('福山区人民医院', 'hospital', [121.2665, 37.5005], '370611', '', [1, 1, 'campus']),
  landmark('福山体育公园', 'park', [121.2505, 37.5155], '370611', '', [2, 2, 'park']),
  landmark('牟平区人民政府', 'government', [121.6045, 37.3855], '370612', '', [1, 1, 'campus']),
  landmark('牟平体育公园', 'park', [121.5905, 37.4005], '370612', '', [2, 2, 'park']),
];

function landmark(
  name: string,
  kind: string,
  position: LonLat,
  districtCode: string,
  note: string,
  [cols, rows, use]: [number, number, Footprint['use']],
): PlacePlan {
  return { name, kind, position, districtCode, note, footprint: { cols, rows, use } };
}

/** Landmarks that take grounds in the town (a park, a campus). */
export const FOOTPRINTED: readonly PlacePlan[] = PLACES.filter((p) => p.footprint !== undefined);

/** Wooded hills outside the gridded cores, drawn as ellipses (centre, half-widths in degrees). */
const HILLS: ReadonlyArray<{ name: string; centre: LonLat; rx: number; ry: number }> = [
  { name: '大南山', centre: [121.386, 37.499], rx: 0.012, ry: 0.0058 },
  { name: '塔山', centre: [121.418, 37.497], rx: 0.009, ry: 0.0045 },
  { name: '奇山', centre: [121.455, 37.432], rx: 0.007, ry: 0.004 },
];

export function generateHills(): LandUse[] {
  return HILLS.map(({ name, centre, rx, ry }) => {
    const ring: LonLat[] = [];
    for (let n = 0; n < 24; n++) {
      const a = (2 * Math.PI * n) / 24;
      ring.push([
        Math.round((centre[0] + rx * Math.cos(a)) * 1e7) / 1e7,
        Math.round((centre[1] + ry * Math.sin(a)) * 1e7) / 1e7,
      ]);
    }
    ring.push(ring[0] as LonLat);
    return { kind: 'hill', name, ring };
  });
}

/** The pilot compound looks after its own grounds; the layout names it as their responsible body. */
export const ANCHORED_BODIES: AnchoredBody[] = PLACES.filter((p) => p.kind === 'compound').map((p) => ({
  name: `${p.name}物业服务中心`,
  position: p.position,
  reach: 1,
}));

export function generatePlaces(lattice: Lattice, grids: readonly UnitGrid[]): Place[] {
  const byCell = new Map<number, UnitGrid>();
  for (const grid of grids) {
    // The centre, not a corner, so rounding cannot put the grid in its neighbour's cell.
    const cell = cellAt(lattice, grid.centroid);
    byCell.set(cellKey(cell.i, cell.j), grid);
  }
  return PLACES.map((plan) => {
    const cell = cellAt(lattice, plan.position);
    const grid = byCell.get(cellKey(cell.i, cell.j));
    return {
      name: plan.name,
      kind: plan.kind,
      position: plan.position,
      districtCode: grid?.districtCode ?? plan.districtCode,
      gridCode: grid?.code ?? null,
      note: plan.note,
    };
  });
}
