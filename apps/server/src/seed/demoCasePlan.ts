import type { Urgency } from '@cityloop/domain';
import type { SessionUser } from '../http/access.js';
import {
  Rng,
  type Caller,
  type CasePlan,
  type DemoCaseDeps,
  type Stall,
  type StoryEnv,
} from './demoCaseModel.js';

const DAY = 86_400_000;

/**
 * Categories the demo city's inspectors and callers report, with weights and what they say.
 * `trivial` ones an inspector may fix on the spot (自行处置).
 */
const CATEGORIES: readonly {
  kind: 'component' | 'event';
  code: string;
  weight: number;
  says: readonly string[];
  trivial?: boolean;
}[] = [
  {
    kind: 'event',
    code: '0102',
    weight: 12,
    says: ['路边有暴露垃圾', '垃圾袋堆放在人行道上'],
    trivial: true,
  },
  { kind: 'event', code: '0103', weight: 5, says: ['积存垃圾渣土未清运', '建筑垃圾堆积'] },
  { kind: 'event', code: '0104', weight: 6, says: ['路面污渍严重', '道路不洁，有泥土'] },
  { kind: 'event', code: '0201', weight: 8, says: ['墙面张贴非法小广告', '电线杆上有小广告'], trivial: true },
  { kind: 'event', code: '0505', weight: 4, says: ['机动车占用人行道停放', '车辆乱停堵塞消防通道'] },
  { kind: 'event', code: '0506', weight: 5, says: ['共享单车乱停放', '非机动车占道停放'], trivial: true },
  { kind: 'event', code: '0504', weight: 6, says: ['商户店外经营占道', '门店摆放商品出店'] },
  { kind: 'event', code: '0501', weight: 4, says: ['流动摊贩占道经营', '无照游商聚集'] },
  { kind: 'event', code: '0507', weight: 5, says: ['乱堆物料占用人行道', '杂物堆放影响通行'] },
  { kind: 'event', code: '0110', weight: 3, says: ['路面坑洼破损', '人行道砖松动破损'] },
  { kind: 'event', code: '0406', weight: 2, says: ['雨后道路积水严重', '路口积水影响通行'] },
  { kind: 'event', code: '0404', weight: 2, says: ['下水道堵塞冒水', '排水口堵塞'] },
  { kind: 'event', code: '0101', weight: 2, says: ['私搭乱建棚屋', '楼顶违章搭建'] },
  { kind: 'event', code: '0302', weight: 2, says: ['工地扬尘污染', '工地未覆盖防尘网'] },
  { kind: 'event', code: '0510', weight: 2, says: ['夜间露天烧烤', '占道露天烧烤油烟大'] },
  { kind: 'event', code: '0108', weight: 2, says: ['废弃沙发丢弃路边', '废弃家具堆放'] },
  { kind: 'event', code: '0107', weight: 1, says: ['废弃车辆长期占用车位', '僵尸车长期停放'] },
  { kind: 'component', code: '0101', weight: 2, says: ['上水井盖破损', '井盖松动有异响'] },
  { kind: 'component', code: '0102', weight: 2, says: ['污水井盖缺失', '污水井盖破损下沉'] },
  { kind: 'component', code: '0103', weight: 2, says: ['雨水井盖破损', '雨水井盖移位'] },
  { kind: 'component', code: '0104', weight: 2, says: ['雨水箅子堵塞', '雨水箅子缺失'] },
  { kind: 'component', code: '0118', weight: 4, says: ['路灯不亮', '路灯灯杆倾斜'] },
  { kind: 'component', code: '0305', weight: 4, says: ['垃圾箱破损', '垃圾箱满溢'] },
  { kind: 'component', code: '0402', weight: 3, says: ['行道树枯死', '行道树倒伏'] },
  { kind: 'component', code: '0211', weight: 2, says: ['交通护栏损坏', '护栏倒伏'] },
  { kind: 'component', code: '0209', weight: 1, says: ['交通标志牌歪斜', '标志牌被遮挡'] },
  { kind: 'component', code: '0213', weight: 1, says: ['路名牌缺失', '路名牌字迹模糊'] },
  { kind: 'component', code: '0301', weight: 1, says: ['公共厕所设施损坏', '公厕卫生差'] },
  { kind: 'component', code: '0408', weight: 1, says: ['绿地护栏损坏', '绿地护栏缺失'] },
  { kind: 'component', code: '0203', weight: 1, says: ['公交站亭玻璃破碎', '公交站亭顶棚破损'] },
];

/** Stalls for the recent backlog, and how old a stalled case may be (a desk step never waits weeks). */
const STALLS: readonly (readonly [Stall, number, number])[] = [
  // [stall, weight, max age in days]
  ['accept', 8, 1.5],
  ['verify', 8, 1.5],
  ['file', 8, 2],
  ['dispatch', 8, 2],
  ['district', 5, 3],
  ['start', 10, 7],
  ['done', 25, 21],
  ['approve', 8, 5],
  ['resume', 5, 21],
  ['to_check', 6, 4],
  ['check', 6, 4],
  ['close', 6, 3],
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱'];

interface GridPick {
  code: string;
  supervision: string | null;
  box: [number, number, number, number];
  centroid: [number, number];
}

/**
 * Every case's report of the demo year: when, by whom, where, what, and where recent ones stop;
 * sorted by time. Deterministic for a seed, a `now` and the same demo city.
 */
export async function planYear(
  ctx: DemoCaseDeps,
  env: StoryEnv,
  opts: { count: number; seed: number; now: Date; citizen: SessionUser },
): Promise<CasePlan[]> {
  const { count, seed, now, citizen } = opts;
  const grids = (
    await ctx.db.query<{
      code: string;
      supervision_grid_code: string | null;
      min_lon: number;
      min_lat: number;
      max_lon: number;
      max_lat: number;
      centroid_lon: number;
      centroid_lat: number;
    }>(
      `select code, supervision_grid_code, min_lon, min_lat, max_lon, max_lat, centroid_lon, centroid_lat
       from unit_grids where valid_to is null order by code`,
    )
  ).rows.map((g): GridPick => ({
    code: g.code,
    supervision: g.supervision_grid_code,
    box: [g.min_lon, g.min_lat, g.max_lon, g.max_lat],
    centroid: [g.centroid_lon, g.centroid_lat],
  }));
  const streets = [...env.inspectorsByStreet.keys()];
  const byStreet = new Map(streets.map((s) => [s, grids.filter((g) => g.code.startsWith(s))]));
  const inspectors = [...env.inspectorsByStreet.values()].flat().sort((a, b) => a.id - b.id);
  const ownGrids = new Map(
    inspectors.map((u) => [
      u.id,
      grids.filter((g) => g.supervision && u.supervisionGridCodes.includes(g.supervision)),
    ]),
  );
  const cal = ctx.calendar.calendar;
  const start = now.getTime() - 365 * DAY;
  // Small demo sets crowd the last fortnight a little so that every queue gets recent work.
  const recentShare = Math.min(0.3, Math.max(0, 60 / count - 14 / 365));
  const root = new Rng(seed);
  const categories = CATEGORIES.map((c) => [c, c.weight] as const);

  const plans: CasePlan[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
    const source = r.weighted([
      ['inspector', 72],
      ['hotline', 22],
      ['web', 6],
    ] as const);
    const reporterInspector = r.pick(inspectors);
    const reporter =
      source === 'inspector' ? reporterInspector : source === 'hotline' ? env.hotline : citizen;
    const recent = r.chance(recentShare);
    const day0 = recent ? now.getTime() - 14 * DAY : start;
    let at = new Date(day0 + r.next() * (now.getTime() - day0));
    // Inspectors patrol in working time; callers ring from 7:00 to 22:00.
    if (source === 'inspector') at = cal.addDuration(at, { value: r.range(0, 30), unit: 'working_minutes' });
    else {
      const local = (at.getUTCHours() + 8) % 24;
      if (local < 7 || local >= 22) at = new Date(at.getTime() + r.range(9, 15) * 3_600_000);
    }
    if (at.getTime() > now.getTime()) at = new Date(now.getTime() - r.range(1, 120) * 60_000);
    const cat = r.weighted(categories);
    const grid =
      source === 'inspector' && r.chance(0.85)
        ? r.pick(ownGrids.get(reporter.id) ?? [])
        : r.pick(
            byStreet.get(source === 'inspector' ? reporterInspector.jurisdiction.code! : r.pick(streets)) ??
              [],
          );
    const [lon, lat] = pointIn(ctx, grid, r);
    const info = ctx.grids.get(grid.code);
    const drawn: Urgency = r.weighted([
      ['normal', 85],
      ['urgent', 12],
      ['critical', 3],
    ] as const);
    // A citizen reports; the bureau decides how urgent it is (reportProvenance).
    const urgency: Urgency = source === 'web' ? 'normal' : drawn;
    const address = `${info.street.name}${info.community.name}`;
    const says = r.pick(cat.says);
    const caller = source === 'inspector' ? null : makeCaller(r);
    plans.push({
      key: `demo-${seed}-${i}`,
      at,
      source,
      reporter,
      kind: cat.kind,
      category: cat.code,
      gridCode: grid.code,
      streetCode: grid.code.slice(0, 9),
      lon,
      lat,
      urgency,
      description: caller ? `市民反映：${address}附近${says}` : `${address}：${says}`,
      address: `${address}附近`,
      caller,
      photos: source === 'hotline' ? [] : [r.pick(env.photos.before)],
      trivial: cat.trivial === true && source === 'inspector',
      stall: null,
      force: {},
      r,
    });
  }
  plans.sort((a, b) => a.at.getTime() - b.at.getTime());
  assignStalls(plans, now, root);
  // A verify task needs a public report: the stalled one comes from a citizen instead.
  for (const p of plans) {
    if (p.stall !== 'verify' || p.source !== 'inspector') continue;
    p.source = 'web';
    p.reporter = citizen;
    p.urgency = 'normal';
    p.caller = makeCaller(p.r);
    p.trivial = false;
    p.description = `市民反映：${p.description}`;
  }
  // The hotline's visit queue: some recent callers who want a reply are not called back yet (their
  // own stream, so the rest of the year stays as it was).
  const visits = new Rng(seed ^ 0x7157);
  for (const p of plans) {
    const ageDays = (now.getTime() - p.at.getTime()) / DAY;
    if (p.stall === null && p.caller?.wantsReply && ageDays > 1 && ageDays < 12 && visits.chance(0.5))
      p.stall = 'visit';
  }
  return plans;
}

function makeCaller(r: Rng): Caller {
  return {
    name: `${r.pick(SURNAMES)}${r.pick(['先生', '女士'])}`,
    phone: `1${r.pick(['38', '39', '58', '86', '35'])}${String(Math.floor(r.next() * 1e8)).padStart(8, '0')}`,
    nature: r.pick(['request', 'request', 'complaint']),
    wantsReply: r.chance(0.6),
  };
}

/**
 * The recent backlog: the newest cases stop at every step in turn (so even a small demo set fills
 * every queue), older recent ones by chance, each only while that is plausible for its age.
 */
function assignStalls(plans: CasePlan[], now: Date, r: Rng) {
  const guaranteed = STALLS.length * 2;
  for (let k = 0; k < plans.length; k++) {
    const p = plans[plans.length - 1 - k]!;
    const ageDays = (now.getTime() - p.at.getTime()) / DAY;
    let stall: Stall | null = null;
    if (k < guaranteed) stall = STALLS[k % STALLS.length]![0];
    else if (ageDays < 21 && r.chance(0.45 * (1 - ageDays / 21) + 0.1)) {
      const s = r.weighted(STALLS.map(([name, w, maxAge]) => [name, ageDays <= maxAge ? w : 0] as const));
      stall = STALLS.find(([name, , maxAge]) => name === s && ageDays <= maxAge) ? s : null;
    }
    if (stall === null) continue;
    if (ageDays > 21) break;
    p.stall = stall;
    if (stall === 'district') p.force.twoLevel = true;
    if (stall === 'approve') p.force.extension = true;
    if (stall === 'resume') p.force.suspension = true;
  }
}

/** A point inside the grid, away from its edges; its centroid when the box corner misses. */
function pointIn(ctx: DemoCaseDeps, g: GridPick, r: Rng): [number, number] {
  const [w, s, e, n] = g.box;
  for (let k = 0; k < 4; k++) {
    const lon = g.centroid[0] + (r.next() - 0.5) * 0.5 * (e - w);
    const lat = g.centroid[1] + (r.next() - 0.5) * 0.5 * (n - s);
    if (ctx.grids.codeAt(lon, lat) === g.code) return [lon, lat];
  }
  return g.centroid;
}
