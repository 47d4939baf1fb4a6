import type { Db } from '../db/db.js';
import * as repo from '../features/committee/committee.registers.repository.js';
import { STREETS, STREET_PLACES } from './demoCommittee.js';

/**
 * The committee's registers in the demo city (issue 23, from the bureau's 2022 report,
 * `../shared/domain/bureau-report-2022.zh.txt`): the 11 joint problem areas of 合管 as commitments,
 * the bureau's 644 cadres in 25 communities with 54 contact points (双管双责), and the city's 20
 * approved beer plazas. The areas, names, contacts and dates are made up for the demo. Deterministic.
 */

interface DemoCommitment {
  title: string;
  titleEn: string;
  street: string;
  place: string;
  placeEn: string;
  lead: string;
  partners: string[];
  measures: string;
  measuresEn: string;
  /** on_track, late, overdue or done as of December 2026. */
  plan: 'on_track' | 'late' | 'overdue' | 'done';
}

const c = (
  title: string,
  titleEn: string,
  street: string,
  place: string,
  placeEn: string,
  lead: string,
  partners: string[],
  measures: string,
  measuresEn: string,
  plan: DemoCommitment['plan'],
): DemoCommitment => ({ title, titleEn, street, place, placeEn, lead, partners, measures, measuresEn, plan });

export const DEMO_COMMITMENTS: DemoCommitment[] = [
  c(
    '幸福片区违法建设整治',
    'Illegal construction in the Xingfu area',
    '370602003',
    '幸福片区',
    'Xingfu area',
    'zhifu-planning',
    ['enforcement-zhifu', 'street-370602003'],
    '逐户核查、限期自拆、依法强拆',
    'Check every house, set a deadline to remove, then remove by law',
    'done',
  ),
  c(
    '只楚老旧小区外立面及楼道整治',
    'Façades and stairwells of old compounds in Zhichu',
    '370602009',
    '只楚老旧小区',
    'Zhichu old compounds',
    'zhifu-housing',
    ['zhifu-property', 'street-370602009'],
    '清理楼道堆物、修缮外立面、补齐照明',
    'Clear stairwells, repair façades, restore lighting',
    'late',
  ),
  c(
    '火车站周边交通秩序整治',
    'Traffic order around the railway station',
    '370602002',
    '火车站广场周边',
    'Around the railway station square',
    'zhifu-transport',
    ['traffic', 'zhifu-police'],
    '规范出租车停靠、取缔非法营运、施划停车泊位',
    'Taxi bays, an end to illegal cabs, parking bays marked',
    'on_track',
  ),
  c(
    '西沙旺餐饮油烟扰民治理',
    'Restaurant fumes in Xishawang',
    '370602009',
    '西沙旺餐饮街',
    'Xishawang food street',
    'zhifu-environment',
    ['zhifu-market', 'enforcement-zhifu'],
    '安装油烟净化设施、定期清洗、夜间巡查',
    'Fume cleaners fitted, cleaned on a schedule, night patrols',
    'overdue',
  ),
  c(
    '南大街占道经营整治',
    'Street trading on Nan Dajie',
    '370602001',
    '南大街沿线',
    'Along Nan Dajie',
    'enforcement-zhifu',
    ['zhifu-market', 'zhifu-police', 'street-370602001'],
    '设置疏导点、错时执法、商户门前三包',
    'Set trading spots, staggered patrols, frontage duties for shops',
    'on_track',
  ),
  c(
    '渣土车抛撒及带泥上路治理',
    'Muck trucks spilling and tracking mud',
    '370602006',
    '芝罘岛进出道路',
    'Roads to Zhifu Island',
    'zhifu-transport',
    ['enforcement-zhifu', 'zhifu-police', 'zhifu-housing'],
    '工地出入口冲洗、车辆密闭、联合夜查',
    'Wheel washing at site gates, sealed trucks, joint night checks',
    'late',
  ),
  c(
    '东山片区道路反复开挖治理',
    'Roads dug up again and again in Dongshan',
    '370602002',
    '东山片区道路',
    'Dongshan area roads',
    'zhifu-housing',
    ['municipal', 'water', 'gas', 'telecom'],
    '管线统筹、联合审批、一次开挖',
    'Utilities planned together, approved together, dug once',
    'done',
  ),
  c(
    '世回尧农贸市场周边环境整治',
    'Surroundings of the Shihuiyao farmers’ market',
    '370602007',
    '世回尧农贸市场周边',
    'Around the Shihuiyao farmers’ market',
    'zhifu-market',
    ['sanitation-zhifu', 'street-370602007'],
    '退路进市、垃圾日产日清、划线经营',
    'Traders moved indoors, waste cleared daily, trading lines marked',
    'on_track',
  ),
  c(
    '白石河道沿线垃圾倾倒整治',
    'Rubbish dumped along the Baishi river',
    '370602010',
    '白石河道沿线',
    'Along the Baishi river',
    'zhifu-environment',
    ['water-affairs', 'sanitation-zhifu', 'street-370602010'],
    '清理存量垃圾、设置监控、巡河保洁',
    'Clear the old rubbish, cameras, river patrols',
    'late',
  ),
  c(
    '奇山建筑工地夜间施工噪声治理',
    'Night-time building noise in Qishan',
    '370602004',
    '奇山片区在建工地',
    'Qishan building sites',
    'zhifu-environment',
    ['zhifu-housing', 'enforcement-zhifu'],
    '夜间施工审批、噪声监测、违规处罚',
    'Night-work permits, noise monitoring, fines',
    'on_track',
  ),
  c(
    '向阳老城区僵尸车清理',
    'Abandoned cars in Xiangyang’s old town',
    '370602008',
    '向阳老城区',
    'Xiangyang old town',
    'zhifu-police',
    ['traffic', 'enforcement-zhifu', 'street-370602008'],
    '张贴告知、限期挪移、依法拖移',
    'Notices, a deadline to move, towed by law',
    'overdue',
  ),
];

/** Start and deadline of a commitment by its plan, and how many of its 3 milestones are done. */
const PLANS = {
  done: { start: '2026-01-05', deadline: '2026-10-31', done: 3 },
  overdue: { start: '2026-01-05', deadline: '2026-10-31', done: 2 },
  late: { start: '2026-03-02', deadline: '2027-03-01', done: 1 },
  on_track: { start: '2026-08-01', deadline: '2027-06-30', done: 1 },
} as const;

const MILESTONES: Array<[string, string]> = [
  ['摸底排查、制定方案', 'Survey and plan'],
  ['集中整治', 'Concentrated rectification'],
  ['验收销号', 'Acceptance and closing'],
];

function addDays(key: string, days: number): string {
  const d = new Date(`${key}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const span = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** The 25 liaison communities (code, name, English name, centre), 3 in each of five streets, 2 in the others. */
export const LIAISON_COMMUNITIES: Array<[string, string, string, number, number]> = [
  ['370602001001', '凤凰社区', 'Fenghuang', 121.36041, 37.51093],
  ['370602001002', '环山社区', 'Huanshan', 121.37062, 37.51093],
  ['370602001003', '华府社区', 'Huafu', 121.35996, 37.52227],
  ['370602002001', '奇山社区', 'Qishan', 121.38083, 37.51057],
  ['370602002002', '建设社区', 'Jianshe', 121.39104, 37.51057],
  ['370602002003', '大海阳社区', 'Dahaiyang', 121.38083, 37.52173],
  ['370602003001', '新华社区', 'Xinhua', 121.36132, 37.53307],
  ['370602003002', '秋实社区', 'Qiushi', 121.36132, 37.54351],
  ['370602003003', '花园社区', 'Huayuan', 121.36293, 37.55632],
  ['370602004001', '海岸社区', 'Haian', 121.37243, 37.53379],
  ['370602004002', '崇文社区', 'Chongwen', 121.38196, 37.53379],
  ['370602004003', '安居社区', 'Anju', 121.39172, 37.53379],
  ['370602005001', '金城社区', 'Jincheng', 121.37289, 37.54459],
  ['370602005002', '康宁社区', 'Kangning', 121.37404, 37.55568],
  ['370602005003', '广仁社区', 'Guangren', 121.38627, 37.54315],
  ['370602006001', '绿洲社区', 'Lüzhou', 121.4017, 37.50877],
  ['370602006002', '源泉社区', 'Yuanquan', 121.4017, 37.51507],
  ['370602007001', '永安社区', 'Yong’an', 121.42779, 37.50877],
  ['370602007002', '港湾社区', 'Gangwan', 121.42779, 37.51507],
  ['370602008001', '庆安社区', 'Qing’an', 121.40306, 37.52785],
  ['370602008002', '盛世社区', 'Shengshi', 121.39989, 37.53487],
  ['370602009001', '三官庙社区', 'Sanguanmiao', 121.41872, 37.52821],
  ['370602009002', '西沙旺社区', 'Xishawang', 121.41509, 37.53541],
  ['370602010001', '毓秀社区', 'Yuxiu', 121.43392, 37.52929],
  ['370602010002', '西南社区', 'Xinan', 121.44549, 37.52929],
];

/** The bureau's cadres: 644 in all, 26 in each of the first 19 communities and 25 in the last 6. */
export const LIAISON_CADRES = 644;
/** Contact points: 3 in each of the first 4 communities, 2 in the other 21 (54). */
const pointsIn = (i: number) => (i < 4 ? 3 : 2);
const cadresIn = (i: number) => (i < 19 ? 26 : 25);

const POINT_KINDS: Array<[string, string, string, string]> = [
  ['党群服务中心联络点', 'Community Service Centre', '周二、周四 9:00–11:30', 'Tue, Thu 9:00–11:30'],
  ['网格服务站', 'Grid Service Station', '周三 14:30–17:00', 'Wed 14:30–17:00'],
  ['城管驿站', 'City-Management Post', '每日 8:00–18:00', 'Daily 8:00–18:00'],
];

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '海燕',
  '志强',
  '晓东',
  '立新',
  '红梅',
  '文博',
  '子涵',
  '国庆',
  '春雨',
  '振宇',
];

/** The city's 20 approved beer plazas (name, English name, street, operator). */
export const BEER_PLAZAS: Array<[string, string, string, string]> = [
  ['滨海广场啤酒广场', 'Binhai Square Beer Plaza', '370602001', '烟台滨海文旅有限公司'],
  ['南大街啤酒广场', 'Nan Dajie Beer Plaza', '370602001', '芝罘南街餐饮管理有限公司'],
  ['大海阳啤酒广场', 'Dahaiyang Beer Plaza', '370602002', '大海阳商贸有限公司'],
  ['奇山啤酒花园', 'Qishan Beer Garden', '370602002', '奇山酒业有限公司'],
  ['幸福十二村啤酒广场', 'Xingfu No. 12 Village Beer Plaza', '370602003', '幸福商业管理有限公司'],
  ['秋实啤酒街', 'Qiushi Beer Street', '370602003', '秋实餐饮有限公司'],
  ['海岸路啤酒广场', 'Haian Road Beer Plaza', '370602004', '烟台海岸餐饮有限公司'],
  ['崇文啤酒花园', 'Chongwen Beer Garden', '370602004', '崇文文化餐饮有限公司'],
  ['黄务啤酒广场', 'Huangwu Beer Plaza', '370602005', '黄务商贸有限公司'],
  ['金城啤酒节广场', 'Jincheng Beer Festival Square', '370602005', '金城会展服务有限公司'],
  ['芝罘岛渔港啤酒广场', 'Zhifu Island Fishing Port Beer Plaza', '370602006', '芝罘岛渔业发展有限公司'],
  ['源泉啤酒花园', 'Yuanquan Beer Garden', '370602006', '源泉餐饮管理有限公司'],
  ['世回尧啤酒广场', 'Shihuiyao Beer Plaza', '370602007', '世回尧商业有限公司'],
  ['港湾啤酒广场', 'Gangwan Beer Plaza', '370602007', '港湾文旅有限公司'],
  ['向阳啤酒广场', 'Xiangyang Beer Plaza', '370602008', '向阳餐饮有限公司'],
  ['朝阳街啤酒广场', 'Chaoyang Street Beer Plaza', '370602008', '朝阳街历史街区运营有限公司'],
  ['只楚啤酒广场', 'Zhichu Beer Plaza', '370602009', '只楚商贸有限公司'],
  ['西沙旺啤酒花园', 'Xishawang Beer Garden', '370602009', '西沙旺餐饮有限公司'],
  ['白石啤酒广场', 'Baishi Beer Plaza', '370602010', '白石商业管理有限公司'],
  ['毓璜顶啤酒广场', 'Yuhuangding Beer Plaza', '370602010', '毓璜顶文旅有限公司'],
];

/** Permit ends: 12 seasonal (to October, expired by December), 4 through the year, 4 into next year. */
const PERMIT_ENDS = ['2026-10-31', '2026-10-31', '2026-10-31', '2026-12-31', '2027-04-30'];

const SITE_CONDITIONS =
  '限定摊位范围，不得占用盲道和消防通道；23:00 后不得外放音乐；每日收市后清扫，垃圾分类交运；油烟经净化后排放';
const SITE_CONDITIONS_EN =
  'Stay within the marked area, keep tactile paving and fire lanes clear; no music outdoors after 23:00; sweep up and hand over sorted waste at closing; fumes through a cleaner';

export async function seedDemoCommitteeRegisters(db: Db): Promise<void> {
  if ((await repo.countCommitments(db)) > 0) return;
  const members = await db.query<{ id: number; code: string; kind: string; department_id: number }>(
    `select m.id, d.code, m.member_kind as kind, m.department_id
       from committee_members m join departments d on d.id = m.department_id order by m.seq`,
  );
  const memberId = new Map(members.rows.map((m) => [m.code, m.id]));
  const bureau = members.rows.filter((m) => m.kind === 'bureau').map((m) => m.department_id);
  if (bureau.length === 0) return;
  const streetName = new Map(STREETS.map(([code, name]) => [code, name]));
  await db.tx(async (q) => {
    for (const [i, x] of DEMO_COMMITMENTS.entries()) {
      const lead = memberId.get(x.lead);
      if (lead === undefined) continue;
      const plan = PLANS[x.plan];
      const places = STREET_PLACES[x.street] ?? [[121.4, 37.53]];
      const [lon, lat] = places[i % places.length]!;
      const id = await repo.insertCommitment(q, {
        code: `CN-2026-${String(i + 1).padStart(2, '0')}`,
        title: x.title,
        title_en: x.titleEn,
        street_code: x.street,
        place: `${streetName.get(x.street) ?? ''}·${x.place}`,
        place_en: x.placeEn,
        lon,
        lat,
        member_id: lead,
        partner_ids: x.partners.map((p) => memberId.get(p)).filter((p): p is number => p !== undefined),
        measures: x.measures,
        measures_en: x.measuresEn,
        start_date: plan.start,
        deadline: plan.deadline,
        seq: i,
      });
      const days = span(plan.start, plan.deadline);
      for (const [k, [title, titleEn]] of MILESTONES.entries()) {
        const due = k === 2 ? plan.deadline : addDays(plan.start, Math.round((days * (k + 1)) / 3));
        await repo.insertMilestone(q, {
          commitment_id: id,
          title,
          title_en: titleEn,
          due,
          done_on: k < plan.done ? addDays(due, -3) : null,
        });
      }
    }

    let cadre = 0;
    for (const [i, [code, name, nameEn, lon, lat]] of LIAISON_COMMUNITIES.entries()) {
      const communityId = await repo.insertCommunity(q, {
        code,
        name,
        name_en: nameEn,
        street_code: code.slice(0, 9),
        lon,
        lat,
        seq: i,
      });
      const points: number[] = [];
      for (let k = 0; k < pointsIn(i); k++) {
        const [kind, kindEn, hours, hoursEn] = POINT_KINDS[k]!;
        points.push(
          await repo.insertPoint(q, {
            community_id: communityId,
            name: `${name}${kind}`,
            name_en: `${nameEn} ${kindEn}`,
            address: `${streetName.get(code.slice(0, 9)) ?? ''}${name}${k + 1}号楼底商`,
            lon: Number((lon + 0.0015 * (k - 1)).toFixed(5)),
            lat: Number((lat + 0.001 * ((k % 2) * 2 - 1)).toFixed(5)),
            hours,
            hours_en: hoursEn,
          }),
        );
      }
      const rows = [];
      for (let k = 0; k < cadresIn(i); k++, cadre++) {
        rows.push({
          name: `${SURNAMES[(cadre * 7) % SURNAMES.length]}${GIVEN[(cadre * 11 + i) % GIVEN.length]}`,
          phone: `135${String(35_000_000 + ((cadre * 7919) % 10_000_000)).padStart(8, '0')}`,
          departmentId: bureau[cadre % bureau.length]!,
          communityId,
          pointId: points[k % points.length]!,
        });
      }
      await repo.insertCadres(q, rows);
    }

    for (const [i, [name, nameEn, street, operator]] of BEER_PLAZAS.entries()) {
      const places = STREET_PLACES[street] ?? [[121.4, 37.53]];
      const [lon, lat] = places[(i * 3) % places.length]!;
      await repo.insertSite(q, {
        code: `SP-${String(i + 1).padStart(3, '0')}`,
        kind: 'beer_plaza',
        name,
        nameEn,
        operatorName: operator,
        streetCode: street,
        address: `${streetName.get(street) ?? ''}${name.replace(/啤酒(广场|花园|街|节广场)$/, '')}`,
        lon,
        lat,
        opens: i % 2 ? '17:00' : '16:30',
        closes: i % 3 ? '23:30' : '00:30',
        conditions: SITE_CONDITIONS,
        conditionsEn: SITE_CONDITIONS_EN,
        permitNo: `芝城临审〔2026〕${String(101 + i)}号`,
        validFrom: '2026-05-01',
        validTo: PERMIT_ENDS[i % PERMIT_ENDS.length]!,
      });
    }
  });
}
