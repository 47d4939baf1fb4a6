import { coastLatAt } from './coast.js';
import { cellAt, cellKey, round7 } from './lattice.js';
import type { Rng } from './rng.js';
import type { AnchoredBody } from './layout.js';
import type { Lattice, LineStringGeometry, LonLat, Place, Road, UnitGrid } from './types.js';

interface RoadPlan {
  name: string;
  class: Road['class'];
  /** Start and end; the road bends a little between them. */
  from: LonLat;
  to: LonLat;
}

/** Arterials through the cores; positions are loosely those of the real roads of the same name. */
const ROADS: readonly RoadPlan[] = [
  { name: '北马路', class: 'A', from: [121.362, 37.5485], to: [121.445, 37.5455] },
  { name: '南大街', class: 'A', from: [121.358, 37.5355], to: [121.45, 37.5345] },
  { name: '胜利路', class: 'B', from: [121.3935, 37.508], to: [121.3945, 37.552] },
  { name: '青年南路', class: 'B', from: [121.4105, 37.507], to: [121.411, 37.55] },
  { name: '环山路', class: 'C', from: [121.37, 37.512], to: [121.44, 37.515] },
  { name: '港城西大街', class: 'A', from: [121.24, 37.522], to: [121.36, 37.524] },
  { name: '观海路', class: 'B', from: [121.445, 37.438], to: [121.447, 37.5] },
  { name: '迎春大街', class: 'A', from: [121.424, 37.471], to: [121.51, 37.469] },
  { name: '港城东大街', class: 'A', from: [121.424, 37.458], to: [121.51, 37.456] },
  { name: '银海路', class: 'C', from: [121.4705, 37.44], to: [121.4715, 37.496] },
  { name: '福海路', class: 'B', from: [121.262, 37.491], to: [121.2625, 37.527] },
  { name: '永达街', class: 'B', from: [121.237, 37.505], to: [121.287, 37.506] },
  { name: '宁海大街', class: 'A', from: [121.573, 37.389], to: [121.627, 37.3895] },
  { name: '文化街', class: 'C', from: [121.6, 37.373], to: [121.6005, 37.412] },
];

/** Roads stay this far (degrees) inland of the shore. */
const SHORE_MARGIN = 0.0012;

export function generateRoads(coast: LineStringGeometry, rng: Rng): Road[] {
  return ROADS.map((plan) => {
    const bends = 6;
    const line: LonLat[] = [];
    for (let n = 0; n <= bends; n++) {
      const t = n / bends;
      const inner = n > 0 && n < bends;
      const lon = plan.from[0] + (plan.to[0] - plan.from[0]) * t + (inner ? rng.range(-0.0004, 0.0004) : 0);
      const lat = plan.from[1] + (plan.to[1] - plan.from[1]) * t + (inner ? rng.range(-0.0004, 0.0004) : 0);
      line.push([round7(lon), round7(Math.min(lat, coastLatAt(coast, lon) - SHORE_MARGIN))]);
    }
    return { name: plan.name, class: plan.class, line };
  });
}

interface PlacePlan {
  name: string;
  kind: string;
  position: LonLat;
  districtCode: string;
  note: string;
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
];

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
