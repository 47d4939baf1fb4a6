/**
 * The six plants of the bureau's 2022 report (../shared/domain/bureau-report-2022.zh.txt), as the
 * demo city's major projects. Names and capacities are the report's; owners, budgets, years,
 * progress and milestone dates are demo figures, not the bureau's.
 */
export interface DemoProject {
  code: string;
  name: string;
  nameEn: string;
  type: string;
  owner: string;
  budgetFen: number;
  capacity: number;
  capacityLater: number | null;
  capacityUnit: 'm3_per_day' | 't_per_day' | 'm2';
  progressPct: number;
  status: 'planned' | 'under_construction' | 'in_service';
  startYear: number;
  endYear: number;
  milestones: Array<{ name: string; nameEn: string; due: string; done: string | null }>;
}

const WAN_YUAN = 1_000_000; // 1 万元 in fen

/** Approval, ground-breaking, structure complete, commissioning: each project's four milestones. */
function steps(start: number, end: number, done: number): DemoProject['milestones'] {
  const list = [
    { name: '立项批复', nameEn: 'Approval', due: `${start}-03-31` },
    { name: '开工建设', nameEn: 'Ground-breaking', due: `${start}-09-30` },
    { name: '主体完工', nameEn: 'Structure complete', due: `${end - 1}-12-31` },
    { name: '调试投运', nameEn: 'Commissioning', due: `${end}-10-31` },
  ];
  return list.map((m, i) => ({ ...m, done: i < done ? m.due : null }));
}

export const DEMO_PROJECTS: DemoProject[] = [
  {
    code: 'XM-2022-01',
    name: '莱山水厂',
    nameEn: 'Laishan water plant',
    type: 'water_plant',
    owner: '烟台市自来水有限公司',
    budgetFen: 68_000 * WAN_YUAN,
    capacity: 100_000,
    capacityLater: 200_000,
    capacityUnit: 'm3_per_day',
    progressPct: 100,
    status: 'in_service',
    startYear: 2020,
    endYear: 2022,
    milestones: steps(2020, 2022, 4),
  },
  {
    code: 'XM-2022-02',
    name: '套子湾污水处理厂二期',
    nameEn: 'Taoziwan sewage plant, phase II',
    type: 'sewage_plant',
    owner: '烟台市城市管理局',
    budgetFen: 95_000 * WAN_YUAN,
    capacity: 150_000,
    capacityLater: null,
    capacityUnit: 't_per_day',
    progressPct: 80,
    status: 'under_construction',
    startYear: 2022,
    endYear: 2026,
    milestones: steps(2022, 2026, 3),
  },
  {
    code: 'XM-2022-03',
    name: '生活垃圾湿解处理二期',
    nameEn: 'Waste wet-digestion plant, phase II',
    type: 'waste_digestion',
    owner: '烟台市城市管理局',
    budgetFen: 42_000 * WAN_YUAN,
    capacity: 1_000,
    capacityLater: null,
    capacityUnit: 't_per_day',
    progressPct: 65,
    status: 'under_construction',
    startYear: 2023,
    endYear: 2027,
    milestones: steps(2023, 2027, 2),
  },
  {
    code: 'XM-2022-04',
    name: '污泥干化焚烧',
    nameEn: 'Sludge drying and incineration',
    type: 'sludge_incineration',
    owner: '烟台市城市管理局',
    budgetFen: 31_000 * WAN_YUAN,
    capacity: 450,
    capacityLater: null,
    capacityUnit: 't_per_day',
    progressPct: 55,
    status: 'under_construction',
    startYear: 2023,
    endYear: 2027,
    milestones: steps(2023, 2027, 2),
  },
  {
    code: 'XM-2022-05',
    name: '餐厨垃圾处理厂',
    nameEn: 'Kitchen-waste treatment plant',
    type: 'kitchen_waste',
    owner: '烟台市城市管理局',
    budgetFen: 18_000 * WAN_YUAN,
    capacity: 200,
    capacityLater: null,
    capacityUnit: 't_per_day',
    progressPct: 40,
    status: 'under_construction',
    startYear: 2024,
    endYear: 2027,
    milestones: steps(2024, 2027, 2),
  },
  {
    code: 'XM-2022-06',
    name: '南部供热中心',
    nameEn: 'Southern heating centre',
    type: 'heating_centre',
    owner: '烟台市热力有限公司',
    budgetFen: 120_000 * WAN_YUAN,
    capacity: 10_000_000,
    capacityLater: null,
    capacityUnit: 'm2',
    progressPct: 20,
    status: 'under_construction',
    startYear: 2024,
    endYear: 2028,
    milestones: steps(2024, 2028, 2),
  },
];
