import type { Hazard, Level } from './warnings.js';

/**
 * Resources of emergency command (docs/EMERGENCY.md, "Resources"): teams and crews, equipment,
 * materials by depot, snow road classes and their clearing targets, the ponding target. The demo
 * city's depots, teams, fleet and stock are fixed here (deterministic, the same on every machine).
 */

export const EQUIPMENT_KINDS = [
  'pump_truck',
  'pump',
  'generator',
  'plough',
  'brush_truck',
  'spreader',
  'loader',
] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];
export const EQUIPMENT_STATES = ['ready', 'deployed', 'repair'] as const;
export type EquipmentState = (typeof EQUIPMENT_STATES)[number];

export const MATERIALS = ['sandbag', 'deicer_chloride', 'deicer_free', 'sand'] as const;
export type Material = (typeof MATERIALS)[number];
/** Sandbags are counted; de-icer and sand are weighed in tonnes. */
export const MATERIAL_UNITS: Record<Material, 'pcs' | 't'> = {
  sandbag: 'pcs',
  deicer_chloride: 't',
  deicer_free: 't',
  sand: 't',
};

export const ROAD_CLASSES = ['A', 'B', 'C'] as const;
export type SnowRoadClass = (typeof ROAD_CLASSES)[number];
export const SPECIAL_POINTS = ['slope', 'bridge', 'interchange', 'hospital', 'school'] as const;
export type SpecialPoint = (typeof SPECIAL_POINTS)[number];
export const SNOW_STAGES = ['passable', 'clean'] as const;
export type SnowStage = (typeof SNOW_STAGES)[number];

/**
 * Hours from the start of the snow response (snowfall start, as the demo plan says) by which a
 * segment must be passable (通) and clean (净), per level × road class. Special points (slopes,
 * bridges, …) are held to class A's targets whatever their road's class.
 */
export const SNOW_TARGETS_H: Record<Level, Record<SnowRoadClass, Record<SnowStage, number>>> = {
  IV: { A: { passable: 6, clean: 24 }, B: { passable: 12, clean: 48 }, C: { passable: 24, clean: 72 } },
  III: { A: { passable: 4, clean: 24 }, B: { passable: 8, clean: 48 }, C: { passable: 12, clean: 72 } },
  II: { A: { passable: 2, clean: 24 }, B: { passable: 6, clean: 48 }, C: { passable: 12, clean: 72 } },
  I: { A: { passable: 2, clean: 12 }, B: { passable: 4, clean: 24 }, C: { passable: 8, clean: 48 } },
};

/** The class whose targets hold for a segment. */
export const targetClassOf = (roadClass: SnowRoadClass, special: SpecialPoint | null): SnowRoadClass =>
  special ? 'A' : roadClass;

/** Ponding cleared within this many minutes after it starts (docs: 2 h after heavy rain). */
export const PONDING_TARGET_MIN = 120;

export interface DemoDepot {
  code: string;
  name: string;
  nameEn: string;
  lon: number;
  lat: number;
}
export const DEMO_DEPOTS: readonly DemoDepot[] = [
  { code: 'north', name: '北部防汛物资库', nameEn: 'North depot', lon: 121.392, lat: 37.556 },
  { code: 'east', name: '东部应急物资库', nameEn: 'East depot', lon: 121.438, lat: 37.532 },
  { code: 'west', name: '西部应急物资库', nameEn: 'West depot', lon: 121.352, lat: 37.528 },
  { code: 'south', name: '南部清雪物资库', nameEn: 'South depot', lon: 121.405, lat: 37.512 },
];

export interface DemoTeam {
  code: string;
  name: string;
  nameEn: string;
  department: string;
  hazards: Hazard[];
  leader: string;
  leaderEn: string;
  phone: string;
  members: number;
  depot: string;
}
export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    code: 'drain-1',
    name: '排水抢险一队',
    nameEn: 'Drainage rescue team 1',
    department: 'drainage',
    hazards: ['rainstorm', 'typhoon'],
    leader: '王建国',
    leaderEn: 'Wang Jianguo',
    phone: '13905350101',
    members: 24,
    depot: 'north',
  },
  {
    code: 'drain-2',
    name: '排水抢险二队',
    nameEn: 'Drainage rescue team 2',
    department: 'drainage',
    hazards: ['rainstorm', 'typhoon'],
    leader: '李海涛',
    leaderEn: 'Li Haitao',
    phone: '13905350102',
    members: 18,
    depot: 'east',
  },
  {
    code: 'municipal-1',
    name: '市政设施抢修队',
    nameEn: 'Municipal repair team',
    department: 'municipal',
    hazards: ['rainstorm', 'typhoon', 'snow'],
    leader: '赵志强',
    leaderEn: 'Zhao Zhiqiang',
    phone: '13905350103',
    members: 20,
    depot: 'west',
  },
  {
    code: 'traffic-1',
    name: '交通疏导队',
    nameEn: 'Traffic control team',
    department: 'traffic',
    hazards: ['rainstorm', 'snow'],
    leader: '孙立明',
    leaderEn: 'Sun Liming',
    phone: '13905350104',
    members: 12,
    depot: 'north',
  },
  {
    code: 'snow-zhifu',
    name: '芝罘区清雪队',
    nameEn: 'Zhifu snow crew',
    department: 'sanitation-zhifu',
    hazards: ['snow'],
    leader: '周长青',
    leaderEn: 'Zhou Changqing',
    phone: '13905350105',
    members: 30,
    depot: 'south',
  },
  {
    code: 'snow-laishan',
    name: '莱山区清雪队',
    nameEn: 'Laishan snow crew',
    department: 'sanitation-laishan',
    hazards: ['snow'],
    leader: '吴德胜',
    leaderEn: 'Wu Desheng',
    phone: '13905350106',
    members: 22,
    depot: 'east',
  },
  {
    code: 'snow-fushan',
    name: '福山区清雪队',
    nameEn: 'Fushan snow crew',
    department: 'sanitation-fushan',
    hazards: ['snow'],
    leader: '郑国华',
    leaderEn: 'Zheng Guohua',
    phone: '13905350107',
    members: 16,
    depot: 'west',
  },
];

/** The demo fleet: [kind, depot, team, how many]; ids are `<kind prefix>-<depot>-<n>`. */
export const DEMO_EQUIPMENT: ReadonlyArray<[EquipmentKind, string, string | null, number]> = [
  ['pump_truck', 'north', 'drain-1', 3],
  ['pump_truck', 'east', 'drain-2', 2],
  ['pump', 'north', 'drain-1', 8],
  ['pump', 'east', 'drain-2', 6],
  ['generator', 'west', 'municipal-1', 4],
  ['plough', 'south', 'snow-zhifu', 4],
  ['plough', 'east', 'snow-laishan', 3],
  ['plough', 'west', 'snow-fushan', 2],
  ['brush_truck', 'south', 'snow-zhifu', 2],
  ['spreader', 'south', 'snow-zhifu', 3],
  ['spreader', 'east', 'snow-laishan', 2],
  ['spreader', 'west', 'snow-fushan', 2],
  ['loader', 'south', 'snow-zhifu', 2],
  ['loader', 'west', 'municipal-1', 1],
];

/** The demo stock: [depot, material, quantity (pieces or tonnes)]. */
export const DEMO_STOCK: ReadonlyArray<[string, Material, number]> = [
  ['north', 'sandbag', 12000],
  ['east', 'sandbag', 8000],
  ['west', 'sandbag', 6000],
  ['south', 'deicer_chloride', 420],
  ['south', 'deicer_free', 150],
  ['east', 'deicer_chloride', 260],
  ['west', 'deicer_free', 90],
  ['south', 'sand', 300],
];

/** People the demo roster draws from, per department (a name in both languages and a phone). */
export const DEMO_DUTY_PEOPLE: ReadonlyArray<[string, string, string]> = [
  ['刘洋', 'Liu Yang', '13805351001'],
  ['陈静', 'Chen Jing', '13805351002'],
  ['杨帆', 'Yang Fan', '13805351003'],
  ['黄磊', 'Huang Lei', '13805351004'],
  ['徐明', 'Xu Ming', '13805351005'],
  ['马丽', 'Ma Li', '13805351006'],
  ['朱峰', 'Zhu Feng', '13805351007'],
  ['胡斌', 'Hu Bin', '13805351008'],
];
/** The leaders who take the leader's shift at higher levels. */
export const DEMO_DUTY_LEADERS: ReadonlyArray<[string, string, string]> = [
  ['高振东', 'Gao Zhendong', '13705350001'],
  ['林晓梅', 'Lin Xiaomei', '13705350002'],
];
