import type { MemberKind } from '@cityloop/domain/api';
import { systemActor } from '../actor.js';
import type { Db } from '../db/db.js';
import * as repo from '../features/committee/committee.repository.js';
import type { OrgOffer } from '../features/org/org.module.js';

const SEED_ACTOR = systemActor('scheduler');

/**
 * The pilot district's urban-management committee (芝罘区城管委) of the bureau's 2022 report
 * (`../shared/domain/bureau-report-2022.zh.txt`, 二·一): 47 member departments and streets, and the
 * 16 special campaigns they ran. The report names four of the campaigns (street markets moved
 * indoors, abandoned cars, stray dogs, old compounds) and the ones to roll out city-wide (muck
 * trucks, market surroundings); the rest, the contacts and the figures are made up for the demo.
 */

export const PILOT_DISTRICT = '370602';

export interface DemoMember {
  /** An existing department's code, or the code of a handling unit registered for the committee. */
  code: string;
  kind: MemberKind;
  /** Set when the department is registered by the committee (not in the demo city already). */
  name?: string;
  nameEn?: string;
  /** A street office's area (9 digits). */
  streetCode?: string;
  duty: string;
  dutyEn: string;
}

const existing = (code: string, kind: MemberKind, duty: string, dutyEn: string): DemoMember => ({
  code,
  kind,
  duty,
  dutyEn,
});
const added = (code: string, name: string, nameEn: string, duty: string, dutyEn: string): DemoMember => ({
  code,
  kind: 'department',
  name,
  nameEn,
  duty,
  dutyEn,
});

export const STREETS: Array<[string, string, string]> = [
  ['370602001', '凤凰台街道', 'Fenghuangtai'],
  ['370602002', '东山街道', 'Dongshan'],
  ['370602003', '幸福街道', 'Xingfu'],
  ['370602004', '奇山街道', 'Qishan'],
  ['370602005', '黄务街道', 'Huangwu'],
  ['370602006', '芝罘岛街道', 'Zhifudao'],
  ['370602007', '世回尧街道', 'Shihuiyao'],
  ['370602008', '向阳街道', 'Xiangyang'],
  ['370602009', '只楚街道', 'Zhichu'],
  ['370602010', '白石街道', 'Baishi'],
];

export const DEMO_MEMBERS: DemoMember[] = [
  // The bureau's own units.
  existing(
    'enforcement-zhifu',
    'bureau',
    '市容秩序、占道经营、违法建设查处',
    'Street order, street vending, illegal structures',
  ),
  existing('sanitation-zhifu', 'bureau', '道路清扫保洁、垃圾清运', 'Street cleaning and waste collection'),
  existing('landscape', 'bureau', '园林绿化养护、山体绿化', 'Parks, green space and hillsides'),
  existing('municipal', 'bureau', '道路、桥梁、井盖等市政设施', 'Roads, bridges, manholes'),
  // Public utilities.
  existing('water', 'utility', '供水设施与水质保障', 'Water supply and quality'),
  existing('heating', 'utility', '供热设施与管网改造', 'District heating and its networks'),
  existing('gas', 'utility', '燃气设施安全', 'Gas network safety'),
  existing('drainage', 'utility', '排水设施、污水外溢处置', 'Drainage and sewage overflow'),
  existing('power', 'utility', '电力杆线规范整治', 'Power poles and lines'),
  existing('telecom', 'utility', '通信杆线、架空线整治', 'Telecom poles and overhead lines'),
  // Other departments of the city.
  existing('traffic', 'department', '僵尸车拖移、交通秩序', 'Abandoned cars, traffic order'),
  existing('transport', 'department', '渣土运输车辆资质监管', 'Muck-truck licensing'),
  existing('police', 'department', '流浪犬收容、治安秩序', 'Stray dogs, public order'),
  existing('fire', 'department', '消防通道清理', 'Fire lanes kept clear'),
  existing('post', 'department', '邮政报刊亭规范', 'Postal kiosks'),
  existing('sports', 'department', '健身设施管护', 'Fitness equipment upkeep'),
  existing('water-affairs', 'department', '河道环境整治', 'River banks'),
  existing('housing', 'department', '老旧小区改造、建筑工地管理', 'Old compounds renewal, building sites'),
  existing('civil-defence', 'department', '人防工程环境管理', 'Civil-defence works'),
  existing('emergency', 'department', '安全隐患排查', 'Hazard checks'),
  // Departments the committee registers as handling units.
  added(
    'zhifu-planning',
    '芝罘区自然资源和规划分局',
    'Zhifu Planning and Natural Resources',
    '违法建设认定、规划审批',
    'Judging illegal structures, planning permits',
  ),
  added(
    'zhifu-environment',
    '芝罘区生态环境分局',
    'Zhifu Ecology and Environment',
    '餐饮油烟、扬尘污染监管',
    'Kitchen fumes and dust',
  ),
  added(
    'zhifu-police',
    '芝罘公安分局',
    'Zhifu Public Security',
    '流浪犬收容、僵尸车认定',
    'Stray dogs, abandoned cars',
  ),
  added(
    'zhifu-market',
    '芝罘区市场监督管理局',
    'Zhifu Market Regulation',
    '农贸市场及周边经营秩序',
    'Farmers’ markets and their surroundings',
  ),
  added(
    'zhifu-commerce',
    '芝罘区商务局',
    'Zhifu Commerce',
    '马路市场退路进厅、市场建设',
    'Street markets moved indoors',
  ),
  added(
    'zhifu-agriculture',
    '芝罘区农业农村局',
    'Zhifu Agriculture',
    '犬只免疫与防疫',
    'Dog vaccination and disease control',
  ),
  added('zhifu-health', '芝罘区卫生健康局', 'Zhifu Health', '病媒生物防制', 'Pest control'),
  added(
    'zhifu-education',
    '芝罘区教育和体育局',
    'Zhifu Education and Sports',
    '校园周边环境',
    'School surroundings',
  ),
  added(
    'zhifu-civil-affairs',
    '芝罘区民政局',
    'Zhifu Civil Affairs',
    '社区治理、困难群众帮扶',
    'Community affairs, families in need',
  ),
  added(
    'zhifu-culture',
    '芝罘区文化和旅游局',
    'Zhifu Culture and Tourism',
    '景区环境、户外广告',
    'Scenic areas, outdoor advertising',
  ),
  added(
    'zhifu-housing',
    '芝罘区住房和城乡建设局',
    'Zhifu Housing and Construction',
    '老旧小区综合整治、工地扬尘',
    'Old compounds, building-site dust',
  ),
  added(
    'zhifu-property',
    '芝罘区房产服务中心',
    'Zhifu Property Services',
    '物业管理、无物业小区托管',
    'Property management',
  ),
  added('zhifu-finance', '芝罘区财政局', 'Zhifu Finance', '专项整治经费保障', 'Campaign funding'),
  added(
    'zhifu-development',
    '芝罘区发展和改革局',
    'Zhifu Development and Reform',
    '整治项目立项',
    'Project approval',
  ),
  added(
    'zhifu-transport',
    '芝罘区交通运输局',
    'Zhifu Transport',
    '共享单车停放、公交站亭',
    'Shared bikes, bus shelters',
  ),
  added('zhifu-publicity', '芝罘区委宣传部', 'Zhifu Publicity', '整治宣传与舆论引导', 'Publicity'),
  added(
    'zhifu-inspection',
    '芝罘区政府督查室',
    'Zhifu Government Inspection Office',
    '专项整治督查督办',
    'Supervision of the campaigns',
  ),
  // The pilot district's street offices.
  ...STREETS.map(([code, name, en]): DemoMember => ({
    code: `street-${code}`,
    kind: 'street',
    name: `芝罘区${name}办事处`,
    nameEn: `${en} Street Office`,
    streetCode: code,
    duty: '辖区环境秩序属地管理',
    dutyEn: 'Order and cleanliness of its streets',
  })),
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '海燕', '志强', '丽华', '明', '静', '伟', '芳', '军', '敏', '洪涛', '春梅'];

/** A deterministic contact for the n-th member. */
export function demoContact(n: number): { name: string; phone: string } {
  const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`;
  return { name, phone: `0535-66${String(10_000 + n * 137).slice(-5)}` };
}

export interface DemoCampaign {
  theme: string;
  themeEn: string;
  lead: string;
  /** Participating members besides the lead. */
  members: string[];
  streets: string[];
  targetLabel: string;
  targetLabelEn: string;
  unit: string;
  /** The campaign's total target, shared among its members. */
  target: number;
  start: string;
  end: string;
}

const c = (
  theme: string,
  themeEn: string,
  lead: string,
  members: string[],
  streets: string[],
  target: [string, string, string, number],
  start: string,
  end: string,
): DemoCampaign => ({
  theme,
  themeEn,
  lead,
  members,
  streets,
  targetLabel: target[0],
  targetLabelEn: target[1],
  unit: target[2],
  target: target[3],
  start,
  end,
});

export const DEMO_CAMPAIGNS: DemoCampaign[] = [
  // First: the water company renews the compounds' pipes (老旧小区供水管网改造).
  c(
    '老旧小区环境综合整治',
    'Old compounds',
    'zhifu-housing',
    ['zhifu-property', 'sanitation-zhifu', 'drainage', 'water', 'street-370602008'],
    ['370602008', '370602010'],
    ['小区整治完成', 'Compounds renewed', '个', 46],
    '2026-06-01',
    '2027-03-31',
  ),
  c(
    '马路市场退路进厅',
    'Street markets moved indoors',
    'zhifu-commerce',
    ['enforcement-zhifu', 'zhifu-market', 'street-370602001', 'street-370602003'],
    ['370602001', '370602003'],
    ['摊点入厅', 'Stalls moved indoors', '个', 320],
    '2026-07-01',
    '2026-12-31',
  ),
  c(
    '僵尸车整治',
    'Abandoned cars',
    'traffic',
    ['zhifu-police', 'enforcement-zhifu', 'street-370602002', 'street-370602004'],
    ['370602002', '370602004'],
    ['僵尸车清理', 'Abandoned cars removed', '辆', 260],
    '2026-07-15',
    '2026-12-15',
  ),
  c(
    '流浪犬整治',
    'Stray dogs',
    'zhifu-police',
    ['zhifu-agriculture', 'zhifu-health', 'street-370602005'],
    ['370602005', '370602007'],
    ['流浪犬收容', 'Stray dogs taken in', '只', 180],
    '2026-08-01',
    '2026-12-31',
  ),
  c(
    '渣土车运输管理',
    'Muck trucks',
    'enforcement-zhifu',
    ['transport', 'traffic', 'zhifu-environment'],
    ['370602005', '370602009'],
    ['违规车辆查处', 'Trucks stopped and fined', '辆', 150],
    '2026-09-01',
    '2027-02-28',
  ),
  c(
    '农贸市场周边环境整治',
    'Market surroundings',
    'zhifu-market',
    ['enforcement-zhifu', 'sanitation-zhifu', 'street-370602003'],
    ['370602003'],
    ['市场周边整治', 'Markets tidied', '个', 18],
    '2026-08-15',
    '2026-12-31',
  ),
  c(
    '占道经营整治',
    'Street vending',
    'enforcement-zhifu',
    ['street-370602001', 'street-370602002', 'street-370602006'],
    ['370602001', '370602002', '370602006'],
    ['占道点位清理', 'Vending spots cleared', '处', 420],
    '2026-07-01',
    '2026-11-30',
  ),
  c(
    '违法建设拆除',
    'Illegal structures',
    'zhifu-planning',
    ['enforcement-zhifu', 'zhifu-housing', 'street-370602009'],
    ['370602009'],
    ['违建拆除', 'Structures pulled down', '处', 96],
    '2026-06-15',
    '2026-12-31',
  ),
  c(
    '户外广告牌匾整治',
    'Outdoor signs and ads',
    'enforcement-zhifu',
    ['zhifu-culture', 'zhifu-market'],
    ['370602001', '370602004'],
    ['牌匾规范', 'Signs put right', '块', 540],
    '2026-08-01',
    '2026-12-20',
  ),
  c(
    '露天烧烤与餐饮油烟整治',
    'Open-air barbecue and kitchen fumes',
    'zhifu-environment',
    ['enforcement-zhifu', 'zhifu-market', 'street-370602004'],
    ['370602004'],
    ['经营户整改', 'Businesses put right', '户', 210],
    '2026-07-01',
    '2026-10-31',
  ),
  c(
    '背街小巷环境整治',
    'Back lanes',
    'sanitation-zhifu',
    ['municipal', 'street-370602002', 'street-370602008'],
    ['370602002', '370602008'],
    ['小巷整治', 'Lanes cleaned up', '条', 88],
    '2026-07-01',
    '2026-12-31',
  ),
  c(
    '建筑工地扬尘治理',
    'Building-site dust',
    'zhifu-housing',
    ['zhifu-environment', 'enforcement-zhifu'],
    ['370602005', '370602010'],
    ['工地达标', 'Sites up to standard', '个', 64],
    '2026-09-01',
    '2027-01-31',
  ),
  c(
    '共享单车停放秩序整治',
    'Shared-bike parking',
    'zhifu-transport',
    ['traffic', 'street-370602001'],
    ['370602001'],
    ['单车规范停放', 'Bikes put in order', '辆', 3000],
    '2026-10-01',
    '2026-12-31',
  ),
  c(
    '山体卫生清理',
    'Hillside litter',
    'landscape',
    ['sanitation-zhifu', 'zhifu-culture', 'street-370602007'],
    ['370602007'],
    ['清理点位', 'Spots cleared', '处', 120],
    '2026-08-01',
    '2026-11-30',
  ),
  c(
    '城乡结合部环境整治',
    'Urban fringe',
    'street-370602005',
    ['sanitation-zhifu', 'enforcement-zhifu', 'zhifu-agriculture'],
    ['370602005'],
    ['问题点位整治', 'Spots put right', '处', 150],
    '2026-07-01',
    '2027-01-31',
  ),
  c(
    '小广告清理',
    'Flyers and graffiti',
    'sanitation-zhifu',
    ['zhifu-police', 'street-370602006', 'street-370602010'],
    ['370602006', '370602010'],
    ['小广告清除', 'Flyers removed', '处', 2400],
    '2026-09-01',
    '2026-12-31',
  ),
];

/** Places in each pilot street (unit grid centres of the demo city) where the demo's work is reported. */
export const STREET_PLACES: Record<string, Array<[number, number]>> = {
  '370602001': [
    [121.35689, 37.5175],
    [121.3603, 37.5103],
    [121.37391, 37.5148],
    [121.3671, 37.5067],
    [121.35916, 37.5211],
    [121.37164, 37.5247],
  ],
  '370602002': [
    [121.37731, 37.5166],
    [121.38072, 37.5094],
    [121.39433, 37.513],
    [121.37731, 37.5274],
    [121.38072, 37.5202],
    [121.39433, 37.5247],
  ],
  '370602003': [
    [121.35689, 37.5391],
    [121.3637, 37.5346],
    [121.35916, 37.5292],
    [121.3671, 37.5454],
    [121.36143, 37.54],
    [121.36143, 37.5544],
  ],
  '370602004': [
    [121.36937, 37.5409],
    [121.37164, 37.5346],
    [121.38298, 37.5409],
    [121.37845, 37.5346],
    [121.38298, 37.5292],
    [121.39433, 37.5355],
  ],
  '370602005': [
    [121.36937, 37.549],
    [121.37845, 37.5427],
    [121.36937, 37.5508],
    [121.38525, 37.5427],
    [121.38525, 37.5517],
    [121.38866, 37.5535],
  ],
  '370602006': [
    [121.39773, 37.5121],
    [121.40227, 37.5175],
    [121.40681, 37.5238],
    [121.41475, 37.513],
    [121.42042, 37.5121],
    [121.41248, 37.5202],
  ],
  '370602007': [
    [121.42382, 37.5121],
    [121.42496, 37.5166],
    [121.42723, 37.522],
    [121.44197, 37.5085],
    [121.44764, 37.5067],
    [121.43517, 37.5157],
  ],
  '370602008': [
    [121.39773, 37.5301],
    [121.4, 37.54],
    [121.40681, 37.54],
    [121.41021, 37.531],
    [121.40113, 37.5562],
    [121.40681, 37.5553],
  ],
  '370602009': [
    [121.41248, 37.531],
    [121.41588, 37.5265],
    [121.41702, 37.5328],
    [121.42609, 37.5337],
    [121.41248, 37.5418],
    [121.41588, 37.5463],
  ],
  '370602010': [
    [121.42949, 37.5337],
    [121.43857, 37.5283],
    [121.44764, 37.5292],
    [121.4363, 37.5355],
    [121.4329, 37.5454],
    [121.44197, 37.5445],
  ],
};

/** How far each demo task got, by (campaign × 3 + task) modulo its length. */
const PROGRESS = [1, 0.9, 0.7, 1, 0.55, 0.8, 1];
/** The demo's reports stop here, whatever day it is when the demo starts. */
const REPORTS_UNTIL = '2026-12-01';

function addDays(key: string, days: number): string {
  const d = new Date(`${key}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const minKey = (a: string, b: string) => (a < b ? a : b);

/**
 * Registers the members that are not handling units yet (through the organisation's offer, so that
 * cases can be dispatched to them), then the committee, its 16 campaigns, their tasks, progress
 * reports and scores. Deterministic.
 */
export async function seedDemoCommittee(db: Db, org: OrgOffer): Promise<void> {
  if ((await repo.countMembers(db)) > 0) return;
  const byCode = async () => new Map([...(await org.allDepartments()).values()].map((d) => [d.code, d.id]));
  let depts = await byCode();
  for (const m of DEMO_MEMBERS) {
    if (depts.has(m.code) || !m.name) continue;
    await org.saveDepartment(
      null,
      {
        code: m.code,
        name: m.name,
        nameEn: m.nameEn ?? null,
        kind: m.kind === 'street' ? 'street' : 'committee',
        districtCode: PILOT_DISTRICT,
        componentCategories: [],
        eventCategories: [],
        authority: null,
        areaCodes: [m.streetCode ?? PILOT_DISTRICT],
      },
      SEED_ACTOR,
    );
  }
  depts = await byCode();
  const streetName = new Map(STREETS.map(([code, name]) => [code, name]));
  await db.tx(async (q) => {
    const memberId = new Map<string, number>();
    let seq = 0;
    for (const m of DEMO_MEMBERS) {
      const departmentId = depts.get(m.code);
      if (departmentId === undefined) continue;
      const contact = demoContact(seq);
      memberId.set(
        m.code,
        await repo.insertMember(q, {
          department_id: departmentId,
          member_kind: m.kind,
          contact_name: contact.name,
          contact_phone: contact.phone,
          responsibilities: m.duty,
          responsibilities_en: m.dutyEn,
          seq: seq++,
        }),
      );
    }
    for (const [ci, c] of DEMO_CAMPAIGNS.entries()) {
      const codes = [c.lead, ...c.members];
      const ids = codes.map((code) => memberId.get(code));
      if (ids.some((id) => id === undefined)) continue;
      const campaignId = await repo.insertCampaign(q, {
        code: `ZX-2026-${String(ci + 1).padStart(3, '0')}`,
        theme: c.theme,
        themeEn: c.themeEn,
        leadMemberId: ids[0]!,
        areaCodes: c.streets,
        targetLabel: c.targetLabel,
        targetLabelEn: c.targetLabelEn,
        targetUnit: c.unit,
        startDate: c.start,
        endDate: c.end,
        memberIds: ids as number[],
      });
      const share = Math.floor(c.target / ids.length);
      for (const [ti, mid] of (ids as number[]).entries()) {
        const target = ti === 0 ? c.target - share * (ids.length - 1) : share;
        const deadline = addDays(c.end, -10 * ti);
        const taskId = await repo.insertTask(q, {
          campaignId,
          memberId: mid,
          title: c.targetLabel,
          titleEn: c.targetLabelEn,
          target,
          deadline,
        });
        const fraction = PROGRESS[(ci * 3 + ti) % PROGRESS.length]!;
        const until = minKey(deadline, REPORTS_UNTIL);
        const span = Math.max(1, Math.round((Date.parse(until) - Date.parse(c.start)) / 86_400_000));
        // Work still to come: a task whose deadline is far off is reported in proportion to time.
        const total = Math.round(target * fraction * (deadline > REPORTS_UNTIL ? 0.8 : 1));
        const parts = 4;
        for (let k = 1; k <= parts; k++) {
          const count = Math.floor((total * k) / parts) - Math.floor((total * (k - 1)) / parts);
          const street = c.streets[(ti + k) % c.streets.length]!;
          const places = STREET_PLACES[street] ?? [];
          const [lon, lat] = places[(ci + ti + k) % Math.max(1, places.length)] ?? [null, null];
          await repo.insertReport(q, {
            taskId,
            count,
            note: `第${k}次进度上报`,
            photos: [],
            place: `${streetName.get(street) ?? street}`,
            lon,
            lat,
            reportedBy: null,
            reportedAt: new Date(`${addDays(c.start, Math.round((span * k) / parts))}T09:00:00+08:00`),
          });
        }
        if (deadline <= REPORTS_UNTIL) {
          const score = fraction >= 1 ? 100 : Math.round(60 + 40 * fraction);
          await repo.setScore(q, {
            taskId,
            before: null,
            after: score,
            evidence: `期满完成 ${total}/${target}${c.unit}`,
            photos: [],
            by: null,
            at: new Date(`${deadline}T18:00:00+08:00`),
          });
        }
      }
    }
  });
}
