import { DomainError } from '@cityloop/domain';
import type { ContractSectionInput, NewContract } from '@cityloop/domain/api';
import { SCHEDULER_ACTOR } from '../actor.js';
import type { UsersOffer } from '../features/users/users.module.js';
import { monthsOf, type ContractService } from '../features/contracts/contracts.service.js';
import type { Layers } from '../features/contracts/contracts.sections.js';

/**
 * The demo city's market-run services (市场化运作, the bureau's 2022 report: "市区环卫保洁已全面推行
 * 市场化运作，2022年将逐步扩大到园林绿化、污水处理、公厕管理、生活垃圾收运和餐厨垃圾处理"): street
 * cleaning fully contracted, one company per district (the same companies as the sanitation
 * sections), and the services contracted since — landscaping, public toilets, waste collection —
 * with kitchen waste and sewage treatment signed to start next year. Deterministic.
 */

const rules = (monthly: number) => ({
  passScore: 90,
  // 1 % of the monthly payment per point below 90, at most 10 % of it (扣款上限).
  yuanPerPoint: Math.round(monthly * 0.01),
  pointsPerComplaint: 2,
  findingWeight: 1,
  capYuan: Math.round(monthly * 0.1),
  // The contractor inspects its own sections (自查) 8 days a month; half a point per day short.
  selfInspectionDays: 8,
  pointsPerMissedDay: 0.5,
});

const CLEANING_STANDARD = {
  zh: '一级道路每日普扫2遍、机扫2遍、洗扫1遍，全天巡回保洁；路面见本色，垃圾滞留不超过15分钟（GB/T 《城市道路清扫保洁质量与评价标准》）',
  en: 'Class 1 roads swept twice, machine-swept twice and washed once a day, patrolled all day; bare surface, no litter left over 15 minutes',
};
const PAYMENT = {
  zh: '按月支付：次月10日前按当月考核结果扣款后支付当月合同价款',
  en: "Monthly: the month's price, less the assessment deduction, paid by the 10th of the next month",
};

interface Plan {
  code: string;
  name: string;
  nameEn: string;
  service: NewContract['service'];
  contractor: string;
  contractorEn: string;
  district: string | null;
  value: number;
  start: string;
  end: string;
  standard: { zh: string; en: string };
  sections: (layers: Layers) => ContractSectionInput[];
}

/** The district's class A and B roads (their first point's district), at most `n`. */
function roadsOf(district: string, n: number, codeAt: (lon: number, lat: number) => string | null) {
  return (layers: Layers): ContractSectionInput[] => {
    const names = new Set<string>();
    for (const f of layers.roads?.features ?? []) {
      const cls = f.properties.class;
      const name = f.properties.name;
      if (!name || (cls !== 'A' && cls !== 'B') || !f.geometry) continue;
      const c = f.geometry.coordinates as unknown;
      const first =
        (f.geometry.type === 'LineString' ? (c as number[][])[0] : (c as number[][][])[0]?.[0]) ?? null;
      if (first && codeAt(first[0]!, first[1]!)?.startsWith(district)) names.add(name);
      if (names.size >= n) break;
    }
    return [...names].map((name) => ({ kind: 'road' as const, name }));
  };
}

const area = (code: string) => (): ContractSectionInput[] => [{ kind: 'grid', code }];

function plans(codeAt: (lon: number, lat: number) => string | null, center: [number, number]): Plan[] {
  const cleaning = (
    code: string,
    district: string,
    dName: string,
    dEn: string,
    contractor: string,
    contractorEn: string,
    value: number,
    sections: Plan['sections'],
  ): Plan => ({
    code,
    name: `${dName}道路清扫保洁`,
    nameEn: `${dEn} street cleaning`,
    service: 'street_cleaning',
    contractor,
    contractorEn,
    district,
    value,
    start: '2026-01-01',
    end: '2028-12-31',
    standard: CLEANING_STANDARD,
    sections,
  });
  const d = 0.012;
  return [
    cleaning(
      'HT-2026-QS01',
      '370602',
      '芝罘区',
      'Zhifu',
      '烟台洁城环境服务有限公司',
      'Yantai Jiecheng Environmental Services',
      86_400_000,
      roadsOf('370602', 16, codeAt),
    ),
    cleaning(
      'HT-2026-QS02',
      '370613',
      '莱山区',
      'Laishan',
      '莱山清源保洁有限公司',
      'Laishan Qingyuan Cleaning Co.',
      54_000_000,
      roadsOf('370613', 12, codeAt),
    ),
    cleaning(
      'HT-2026-QS03',
      '370611',
      '福山区',
      'Fushan',
      '福山绿洁环卫有限公司',
      'Fushan Lvjie Sanitation Co.',
      36_000_000,
      area('370611'),
    ),
    cleaning(
      'HT-2026-QS04',
      '370612',
      '牟平区',
      'Muping',
      '牟平净美环境工程有限公司',
      'Muping Jingmei Environmental Engineering',
      32_400_000,
      area('370612'),
    ),
    {
      code: 'HT-2026-GC01',
      name: '芝罘区公厕保洁管理',
      nameEn: 'Zhifu public toilets',
      service: 'public_toilets',
      contractor: '烟台蓝海物业管理有限公司',
      contractorEn: 'Yantai Lanhai Property Management',
      district: '370602',
      value: 7_200_000,
      start: '2026-03-01',
      end: '2028-02-29',
      standard: {
        zh: '一类公厕专人全天保洁，无积水、无异味、无蚊蝇，设施完好率100%（CJJ/T 125）',
        en: 'Class 1 toilets attended all day: dry, odourless, no flies, every fitting working',
      },
      sections: area('370602'),
    },
    {
      code: 'HT-2026-YL01',
      name: '莱山区园林绿化养护',
      nameEn: 'Laishan landscaping upkeep',
      service: 'landscaping',
      contractor: '烟台绿源园林工程有限公司',
      contractorEn: 'Yantai Lvyuan Landscaping Engineering',
      district: '370613',
      value: 15_600_000,
      start: '2026-01-01',
      end: '2027-12-31',
      standard: {
        zh: '一级养护：绿地整洁无垃圾，草坪高度≤8厘米，行道树缺株及时补植，病虫害率低于5%',
        en: 'Grade 1 upkeep: clean green spaces, lawns ≤ 8 cm, missing street trees replanted, pests below 5 %',
      },
      sections: area('370613'),
    },
    {
      code: 'HT-2026-SY01',
      name: '芝罘中心城区生活垃圾收运',
      nameEn: 'Zhifu centre waste collection',
      service: 'waste_collection',
      contractor: '烟台城运环境科技有限公司',
      contractorEn: 'Yantai Chengyun Environmental Technology',
      district: '370602',
      value: 12_000_000,
      start: '2026-04-01',
      end: '2029-03-31',
      standard: {
        zh: '垃圾桶日产日清，收运车辆密闭、全程定位，桶体满溢率低于1%',
        en: 'Bins emptied daily by sealed, tracked trucks; fewer than 1 % found overflowing',
      },
      // Drawn on the map: the centre around the city's landmark square.
      sections: () => [
        {
          kind: 'polygon',
          name: '中心城区收运片区',
          polygon: [
            [center[0] - d, center[1] - d],
            [center[0] + d, center[1] - d],
            [center[0] + d, center[1] + d],
            [center[0] - d, center[1] + d],
            [center[0] - d, center[1] - d],
          ],
        },
      ],
    },
    {
      code: 'HT-2027-CC01',
      name: '市区餐厨垃圾收运处置',
      nameEn: 'Kitchen waste collection and treatment',
      service: 'kitchen_waste',
      contractor: '烟台绿环再生资源有限公司',
      contractorEn: 'Yantai Lvhuan Renewable Resources',
      district: null,
      value: 42_000_000,
      start: '2027-01-01',
      end: '2029-12-31',
      standard: {
        zh: '餐厨垃圾日产日清，处理能力200吨/日，资源化利用率不低于90%',
        en: 'Collected daily, 200 t/day treated, at least 90 % recovered',
      },
      sections: () =>
        ['370602', '370613', '370611', '370612'].map((code) => ({ kind: 'grid' as const, code })),
    },
    {
      code: 'HT-2027-WS01',
      name: '套子湾污水处理厂运营（二期）',
      nameEn: 'Taoziwan sewage plant operation (phase 2)',
      service: 'sewage_treatment',
      contractor: '烟台水务环保运营有限公司',
      contractorEn: 'Yantai Water Environmental Operations',
      district: '370602',
      value: 96_000_000,
      start: '2027-01-01',
      end: '2031-12-31',
      standard: {
        zh: '新增处理能力15万吨/日，出水达到一级A标准，污泥无害化处置率100%',
        en: '150,000 t/day added, effluent at class 1A, all sludge treated',
      },
      sections: area('370602'),
    },
  ];
}

/** Demo accounts of contractors' staff (README's demo accounts): contract code → account. */
export const DEMO_CONTRACTOR_ACCOUNTS = [
  { contract: 'HT-2026-QS01', username: 'contractor', displayName: '刘洁城', displayNameEn: 'Liu Jiecheng' },
  {
    contract: 'HT-2026-QS02',
    username: 'contractor.laishan',
    displayName: '孙清源',
    displayNameEn: 'Sun Qingyuan',
  },
];

export async function seedDemoContracts(
  contracts: ContractService,
  users: UsersOffer,
  layers: Layers,
  codeAt: (lon: number, lat: number) => string | null,
  center: [number, number],
): Promise<number> {
  if ((await contracts.count()) > 0) return 0;
  let made = 0;
  for (const p of plans(codeAt, center)) {
    const sections = p.sections(layers);
    if (sections.length === 0) continue;
    const monthly = Math.round(p.value / monthsOf(p.start, p.end));
    try {
      const c = await contracts.create(
        {
          code: p.code,
          name: p.name,
          nameEn: p.nameEn,
          service: p.service,
          contractor: p.contractor,
          contractorEn: p.contractorEn,
          districtCode: p.district,
          standard: p.standard.zh,
          standardEn: p.standard.en,
          valueYuan: p.value,
          startDate: p.start,
          endDate: p.end,
          paymentTerms: PAYMENT.zh,
          paymentTermsEn: PAYMENT.en,
          rules: rules(monthly),
          sections,
        },
        SCHEDULER_ACTOR,
      );
      made++;
      const account = DEMO_CONTRACTOR_ACCOUNTS.find((a) => a.contract === p.code);
      if (account)
        await users.save(
          null,
          {
            username: account.username,
            displayName: account.displayName,
            displayNameEn: account.displayNameEn,
            password: 'cityloop',
            roles: ['handler'],
            jurisdiction: { level: 'department', code: null, departmentId: c.departmentId },
          },
          null,
        );
    } catch (err) {
      // A small demo city lacks some districts and roads: their contracts are left out.
      if (!(err instanceof DomainError && err.code === 'validation.failed')) throw err;
    }
  }
  return made;
}
