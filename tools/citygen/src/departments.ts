import type { CategoryKind } from '@cityloop/domain';
import type { CityDistrict, Department, DepartmentKind } from './types.js';

interface DepartmentPlan {
  /** ASCII slug: the code of a city-wide department, the prefix of a per-district one. */
  slug: string;
  name: string;
  /** English name; a per-district one is put after the district's English name. */
  nameEn: string;
  kind: DepartmentKind;
  authority: string;
  components: string[];
  events: string[];
  /** One department per district (named 芝罘区环卫处 …) rather than one for the city. */
  perDistrict?: boolean;
}

const range = (major: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, n) => `${major}${String(from + n).padStart(2, '0')}`);

const BUREAU = '市城市管理局';

/**
 * Who maintains which components and handles which events. Every category of taxonomy.json has at
 * least one department (a test keeps it so); some events go to two, and the dispatcher chooses.
 */
const PLANS: readonly DepartmentPlan[] = [
  {
    slug: 'water',
    name: '市供水公司',
    nameEn: 'City Water Supply Company',
    kind: 'utility',
    authority: BUREAU,
    components: ['0101', '0127'],
    events: ['0402'],
  },
  {
    slug: 'heating',
    name: '市供热公司',
    nameEn: 'City Heating Company',
    kind: 'utility',
    authority: BUREAU,
    components: ['0110'],
    events: ['0405'],
  },
  {
    slug: 'gas',
    name: '市燃气公司',
    nameEn: 'City Gas Company',
    kind: 'utility',
    authority: BUREAU,
    components: ['0111'],
    events: ['0403'],
  },
  {
    slug: 'drainage',
    name: '市排水公司',
    nameEn: 'City Drainage Company',
    kind: 'utility',
    authority: BUREAU,
    components: ['0102', '0103', '0104'],
    events: ['0404', '0406'],
  },
  {
    slug: 'power',
    name: '市供电公司',
    nameEn: 'City Power Supply Company',
    kind: 'utility',
    authority: '市发展和改革委员会',
    components: ['0105', '0116'],
    events: ['0408'],
  },
  {
    slug: 'telecom',
    name: '市通信管线管理办公室',
    nameEn: 'City Telecom Lines Office',
    kind: 'utility',
    authority: '市工业和信息化局',
    components: ['0107', '0108', '0109', '0115', '0122', '0124'],
    events: ['0408'],
  },
  {
    slug: 'landscape',
    name: '市园林管理处',
    nameEn: 'City Parks and Landscaping Office',
    kind: 'landscape',
    authority: BUREAU,
    components: range('04', 1, 10),
    events: ['0106', '0109'],
  },
  {
    slug: 'municipal',
    name: '市市政设施管理处',
    nameEn: 'City Municipal Facilities Office',
    kind: 'municipal',
    authority: BUREAU,
    components: [
      '0106',
      '0114',
      '0117',
      '0118',
      '0119',
      '0120',
      '0205',
      '0206',
      '0207',
      '0208',
      '0211',
      '0212',
      '0213',
    ],
    events: ['0110', '0401'],
  },
  {
    slug: 'traffic',
    name: '市公安局交警支队',
    nameEn: 'Traffic Police Detachment',
    kind: 'traffic',
    authority: '市公安局',
    components: ['0201', '0202', '0209', '0210'],
    events: ['0505', '0509'],
  },
  {
    slug: 'transport',
    name: '市交通运输局',
    nameEn: 'City Transport Bureau',
    kind: 'agency',
    authority: '市交通运输局',
    components: ['0203', '0204'],
    events: [],
  },
  {
    slug: 'police',
    name: '市公安局治安支队',
    nameEn: 'Public Order Police Detachment',
    kind: 'agency',
    authority: '市公安局',
    components: ['0112'],
    events: ['0409'],
  },
  {
    slug: 'fire',
    name: '市消防救援支队',
    nameEn: 'City Fire and Rescue Detachment',
    kind: 'agency',
    authority: '市消防救援支队',
    components: ['0113'],
    events: [],
  },
  {
    slug: 'post',
    name: '市邮政分公司',
    nameEn: 'City Post Office',
    kind: 'agency',
    authority: '市邮政管理局',
    components: ['0121', '0123'],
    events: [],
  },
  {
    slug: 'sports',
    name: '市体育局',
    nameEn: 'City Sports Bureau',
    kind: 'agency',
    authority: '市体育局',
    components: ['0126'],
    events: [],
  },
  {
    slug: 'water-affairs',
    name: '市水务局河道管理处',
    nameEn: 'River Management Office of the Water Bureau',
    kind: 'agency',
    authority: '市水务局',
    components: ['0603', '0604'],
    events: ['0105', '0111', '0114'],
  },
  {
    slug: 'housing',
    name: '市住房和城乡建设局',
    nameEn: 'City Housing and Construction Bureau',
    kind: 'agency',
    authority: '市住房和城乡建设局',
    components: ['0503', '0602'],
    events: ['0302', '0305'],
  },
  {
    slug: 'civil-defence',
    name: '市人民防空办公室',
    nameEn: 'City Civil Air Defence Office',
    kind: 'agency',
    authority: '市人民防空办公室',
    components: ['0502'],
    events: [],
  },
  {
    slug: 'emergency',
    name: '市应急管理局',
    nameEn: 'City Emergency Management Bureau',
    kind: 'agency',
    authority: '市应急管理局',
    components: ['0601'],
    events: ['0409', '0499'],
  },
  {
    slug: 'sanitation',
    name: '环卫处',
    nameEn: 'Sanitation Office',
    kind: 'sanitation',
    authority: BUREAU,
    components: range('03', 1, 5),
    events: ['0102', '0103', '0104', '0108', '0112', '0117', '0199', '0407'],
    perDistrict: true,
  },
  {
    slug: 'enforcement',
    name: '城管执法大队',
    nameEn: 'Urban Management Enforcement Brigade',
    kind: 'enforcement',
    authority: BUREAU,
    components: ['0125', '0306', '0307', '0501'],
    events: [
      '0101',
      '0107',
      '0113',
      '0115',
      '0116',
      '0118',
      ...range('02', 1, 5),
      '0299',
      ...range('03', 1, 5),
      '0399',
      ...range('05', 1, 13),
      '0599',
    ],
    perDistrict: true,
  },
];

/** Lowercase pinyin of a district for ASCII codes and usernames (zhifu, laishan …). */
export function districtSlug(district: Pick<CityDistrict, 'nameEn'>): string {
  return district.nameEn.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function generateDepartments(districts: readonly CityDistrict[]): Department[] {
  return PLANS.flatMap((plan): Department[] => {
    const base = {
      kind: plan.kind,
      componentCategories: [...plan.components],
      eventCategories: [...plan.events],
      authority: plan.authority,
    };
    if (plan.perDistrict !== true) {
      return [
        { code: plan.slug, name: plan.name, nameEn: plan.nameEn, districtCode: null, areaCodes: [], ...base },
      ];
    }
    return districts.map((d) => ({
      code: `${plan.slug}-${districtSlug(d)}`,
      name: `${d.name}${plan.name}`,
      nameEn: `${d.nameEn} District ${plan.nameEn}`,
      districtCode: d.code,
      areaCodes: [d.code],
      ...base,
    }));
  });
}

/**
 * Departments that handle a category in a district, the district's own first, then city-wide ones.
 */
export function departmentsHandling(
  departments: readonly Department[],
  kind: CategoryKind,
  category: string,
  districtCode: string,
): Department[] {
  const handles = (d: Department): boolean =>
    (kind === 'component' ? d.componentCategories : d.eventCategories).includes(category) &&
    (d.areaCodes.length === 0 || d.areaCodes.includes(districtCode));
  const matching = departments.filter(handles);
  return [
    ...matching.filter((d) => d.districtCode !== null),
    ...matching.filter((d) => d.districtCode === null),
  ];
}
