import {
  categoryByCode,
  computeRates,
  type CategoryKind,
  type CountKey,
  type EvaluationCounts,
} from '@cityloop/domain';
import type {
  CockpitItem,
  CockpitTile,
  CockpitTileContext,
  CockpitUnit,
  EvaluationReport,
  EvaluationRow,
} from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { Offers } from '../../modules/module.js';

/** The offers the cockpit reads when their modules are in the node (all optional). */
export type CockpitDeps = Partial<
  Pick<
    Offers,
    | 'cases'
    | 'evaluation'
    | 'assessment'
    | 'hotline'
    | 'visitFigures'
    | 'devices'
    | 'utilities'
    | 'alarms'
    | 'emergency'
    | 'networks'
    | 'projects'
    | 'sanitation'
  >
>;

export interface TileInput extends CockpitTileContext {
  actor: Actor;
}

/** Which tiles each module gives (the catalogue the wall is laid out from; a missing module says so). */
export const TILE_KEYS: Record<string, readonly { key: string; unit: CockpitUnit }[]> = {
  evaluation: [
    { key: 'cases.received', unit: 'count' },
    { key: 'cases.valid', unit: 'count' },
    { key: 'cases.filed', unit: 'count' },
    { key: 'cases.closed', unit: 'count' },
    { key: 'cases.closingRate', unit: 'rate' },
    { key: 'cases.onTimeRate', unit: 'rate' },
    { key: 'cases.rework', unit: 'count' },
    { key: 'cases.extensions', unit: 'count' },
    { key: 'cases.overdue', unit: 'count' },
    { key: 'rank.districts', unit: 'score' },
    { key: 'rank.units', unit: 'score' },
  ],
  cases: [
    { key: 'cases.sources', unit: 'count' },
    { key: 'cases.categories', unit: 'count' },
  ],
  assessment: [
    { key: 'assessment.districts', unit: 'score' },
    { key: 'assessment.units', unit: 'score' },
  ],
  hotline: [{ key: 'hotline.volume', unit: 'count' }],
  visitFigures: [
    { key: 'visits.returnVisit', unit: 'rate' },
    { key: 'visits.satisfaction', unit: 'rate' },
  ],
  utilities: [
    { key: 'utilities.online', unit: 'rate' },
    { key: 'utilities.waterOutput', unit: 'm3h' },
    { key: 'utilities.waterPressure', unit: 'mpa' },
    { key: 'utilities.heatingSupply', unit: 'celsius' },
    { key: 'utilities.ponding', unit: 'count' },
  ],
  alarms: [
    { key: 'alarms.active', unit: 'count' },
    { key: 'alarms.raised', unit: 'count' },
  ],
  emergency: [
    { key: 'emergency.level', unit: 'level' },
    { key: 'emergency.tasks', unit: 'count' },
  ],
  networks: [{ key: 'networks.renovation', unit: 'km' }],
  projects: [{ key: 'projects.milestones', unit: 'count' }],
  sanitation: [{ key: 'sanitation.coverage', unit: 'rate' }],
  committee: [{ key: 'committee.campaigns', unit: 'count' }],
  contracts: [{ key: 'contracts.performance', unit: 'score' }],
};

/** Device types by sector (行业) for the online rate. */
export const SECTORS: Record<string, readonly string[]> = {
  water: ['water_plant', 'booster_station', 'pressure_point'],
  heating: ['heat_station'],
  gas: ['gas_regulator'],
  drainage: ['drainage_station', 'rain_gauge', 'waterlogging_gauge'],
  sanitation: ['sweeper', 'washer', 'garbage_truck'],
  lighting: ['streetlight_cabinet'],
};
export const SECTOR_NAMES: Record<string, [string, string]> = {
  water: ['供水', 'Water'],
  heating: ['供热', 'Heating'],
  gas: ['燃气', 'Gas'],
  drainage: ['排水', 'Drainage'],
  sanitation: ['环卫', 'Sanitation'],
  lighting: ['照明', 'Lighting'],
  other: ['其他', 'Other'],
};

const SOURCE_NAMES: Record<string, [string, string]> = {
  inspector: ['监督员', 'Inspectors'],
  hotline: ['热线', 'Hotline'],
  web: ['门户', 'Portal'],
  open311: ['Open311', 'Open311'],
  video: ['视频', 'Video'],
  sensor: ['传感器', 'Sensors'],
  leader: ['领导交办', 'Leaders'],
  media: ['媒体', 'Media'],
  assessment: ['考核', 'Assessment'],
};
const SEVERITY_NAMES: Record<string, [string, string]> = {
  critical: ['紧急', 'Critical'],
  major: ['重要', 'Major'],
  minor: ['次要', 'Minor'],
  warning: ['提示', 'Warning'],
};
const HAZARD_NAMES: Record<string, [string, string]> = {
  rainstorm: ['防汛', 'Rainstorm'],
  typhoon: ['防台', 'Typhoon'],
  snow: ['清雪', 'Snow and ice'],
};
const NETWORK_NAMES: Record<string, [string, string]> = {
  water: ['供水管网', 'Water mains'],
  drainage: ['排水管网', 'Drainage'],
  sewer: ['污水管网', 'Sewers'],
  gas: ['燃气管网', 'Gas mains'],
  heating: ['供热管网', 'Heating'],
};

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b));

export function tile(
  key: string,
  module: string,
  unit: CockpitUnit,
  ctx: { from: Date; to: Date },
  o: {
    value: number | null;
    previous?: number | null;
    lastYear?: number | null;
    items?: CockpitItem[];
    drill?: string | null;
    live?: boolean;
  },
): CockpitTile {
  const previous = o.previous ?? null;
  const lastYear = o.lastYear ?? null;
  return {
    key,
    module,
    status: 'ok',
    unit,
    live: o.live ?? false,
    from: ctx.from.toISOString(),
    to: ctx.to.toISOString(),
    value: o.value,
    previous,
    lastYear,
    change: diff(o.value, previous),
    changeLastYear: diff(o.value, lastYear),
    items: o.items ?? [],
    drill: o.drill ?? null,
  };
}

export function missingTile(
  key: string,
  module: string,
  unit: CockpitUnit,
  ctx: TileInput,
  message: string,
): CockpitTile {
  return {
    ...tile(key, module, unit, ctx, { value: null }),
    status: 'missing',
    message,
  };
}

// ---- evaluation: the city's case figures and the rankings ------------------------------------

/** The city's counts: the sum of the districts' rows (every case lies in one district). */
export function cityCounts(report: EvaluationReport): Record<CountKey, number> {
  const total = {} as Record<CountKey, number>;
  for (const r of report.rows)
    for (const [k, v] of Object.entries(r.counts) as [CountKey, number][]) total[k] = (total[k] ?? 0) + v;
  return total;
}

/** The city's rates from its counts, under the evaluation's own options (as its trend does). */
export function cityRates(report: EvaluationReport) {
  const counts = cityCounts(report);
  const o = report.options;
  const input: EvaluationCounts =
    o.excludeSuspended && o.includePending ? counts : { ...counts, suspended: 0 };
  return computeRates(input);
}

const COUNT_TILES: Array<[string, CountKey]> = [
  ['cases.received', 'reported'],
  ['cases.valid', 'valid'],
  ['cases.filed', 'filed'],
  ['cases.closed', 'closed'],
  ['cases.rework', 'rework'],
  ['cases.extensions', 'extensions'],
  ['cases.overdue', 'overduePending'],
];
const RATE_TILES: Array<[string, 'closing' | 'onTimeDisposal', CountKey]> = [
  ['cases.closingRate', 'closing', 'closed'],
  ['cases.onTimeRate', 'onTimeDisposal', 'disposedOnTime'],
];

function byId(rows: EvaluationRow[]) {
  return new Map(rows.map((r) => [r.id, r]));
}

export async function evaluationTiles(
  ev: NonNullable<CockpitDeps['evaluation']>,
  c: TileInput,
): Promise<CockpitTile[]> {
  const q = (date: string) => ({ period: c.period, date });
  const [cur, prev, ly, units] = await Promise.all([
    ev.evaluateCity('districts', q(c.date)),
    ev.evaluateCity('districts', q(c.previousDate)),
    ev.evaluateCity('districts', q(c.lastYearDate)),
    ev.evaluateCity('units', q(c.date)),
  ]);
  const [cc, pc, lc] = [cityCounts(cur), cityCounts(prev), cityCounts(ly)];
  const [cr, pr, lr] = [cityRates(cur), cityRates(prev), cityRates(ly)];
  const pRows = byId(prev.rows);
  const lRows = byId(ly.rows);
  const districtItems = (value: (r: EvaluationRow) => number | null): CockpitItem[] =>
    cur.rows.map((r) => ({
      key: r.id,
      name: r.name,
      nameEn: null,
      value: value(r),
      previous: pRows.has(r.id) ? value(pRows.get(r.id)!) : null,
      lastYear: lRows.has(r.id) ? value(lRows.get(r.id)!) : null,
    }));
  const out: CockpitTile[] = [];
  for (const [key, count] of COUNT_TILES)
    out.push(
      tile(key, 'evaluation', 'count', c, {
        value: cc[count] ?? 0,
        previous: pc[count] ?? 0,
        lastYear: lc[count] ?? 0,
        items: districtItems((r) => r.counts[count]),
        drill: `cases:${count}`,
      }),
    );
  for (const [key, rate, count] of RATE_TILES)
    out.push(
      tile(key, 'evaluation', 'rate', c, {
        value: cr[rate],
        previous: pr[rate],
        lastYear: lr[rate],
        items: districtItems((r) => r.rates[rate]),
        drill: `cases:${count}`,
      }),
    );
  const ranked = (rows: EvaluationRow[], prevRows: Map<string, EvaluationRow>): CockpitItem[] =>
    [...rows]
      .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name))
      .map((r) => ({
        key: r.id,
        name: r.name,
        nameEn: null,
        value: r.score,
        previous: prevRows.get(r.id)?.score ?? null,
        rank: r.rank,
        extra: {
          grade: r.grade,
          overdue: r.counts.overduePending,
          closing: r.rates.closing,
          onTime: r.rates.onTimeDisposal,
          received: r.counts.reported,
        },
      }));
  const avg = (rows: EvaluationRow[]) => {
    const s = rows.filter((r) => r.score !== null);
    return s.length ? round(s.reduce((a, r) => a + (r.score ?? 0), 0) / s.length, 2) : null;
  };
  out.push(
    tile('rank.districts', 'evaluation', 'score', c, {
      value: avg(cur.rows),
      previous: avg(prev.rows),
      lastYear: avg(ly.rows),
      items: ranked(cur.rows, pRows),
      drill: 'cases:overduePending',
    }),
  );
  out.push(
    tile('rank.units', 'evaluation', 'score', c, {
      value: avg(units.rows),
      items: ranked(units.rows, new Map()),
      drill: 'unitCases:overduePending',
    }),
  );
  return out;
}

// ---- cases: source mix and top categories ------------------------------------------------------

export async function casesTiles(
  cases: NonNullable<CockpitDeps['cases']>,
  c: TileInput,
  bounds: BoundsOf,
): Promise<CockpitTile[]> {
  const [cur, prev, ly] = await Promise.all([
    cases.figures.mix(c.from, c.to),
    cases.figures.mix(...bounds(c.previousDate)),
    cases.figures.mix(...bounds(c.lastYearDate)),
  ]);
  const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  const sources = [...new Set([...Object.keys(SOURCE_NAMES), ...Object.keys(cur.bySource)])];
  const sourceItems = sources
    .map((s) => ({
      key: s,
      name: SOURCE_NAMES[s]?.[0] ?? s,
      nameEn: SOURCE_NAMES[s]?.[1] ?? s,
      value: cur.bySource[s] ?? 0,
      previous: prev.bySource[s] ?? 0,
      lastYear: ly.bySource[s] ?? 0,
    }))
    .filter((i) => i.value > 0 || i.previous > 0);
  const catName = (kind: string, code: string): [string, string | null] => {
    const cat = categoryByCode(code, kind as CategoryKind);
    return [cat?.name ?? code, cat?.nameEn ?? null];
  };
  const prevCat = new Map(prev.byCategory.map((x) => [`${x.kind}:${x.category}`, x.count]));
  return [
    tile('cases.sources', 'cases', 'count', c, {
      value: sum(cur.bySource),
      previous: sum(prev.bySource),
      lastYear: sum(ly.bySource),
      items: sourceItems,
    }),
    tile('cases.categories', 'cases', 'count', c, {
      value: cur.byCategory.reduce((a, x) => a + x.count, 0),
      items: cur.byCategory.map((x) => {
        const [name, nameEn] = catName(x.kind, x.category);
        return {
          key: `${x.kind}:${x.category}`,
          name,
          nameEn,
          value: x.count,
          previous: prevCat.get(`${x.kind}:${x.category}`) ?? 0,
        };
      }),
    }),
  ];
}

export type BoundsOf = (date: string) => [Date, Date];

// ---- assessment ----------------------------------------------------------------------------------

export async function assessmentTiles(
  a: NonNullable<CockpitDeps['assessment']>,
  c: TileInput,
): Promise<CockpitTile[]> {
  const month = c.date.slice(0, 7);
  const out: CockpitTile[] = [];
  for (const [key, level] of [
    ['assessment.districts', 'district'],
    ['assessment.units', 'unit'],
  ] as const) {
    const s = await a.scores(month, level);
    const avg = (xs: Array<number | null>) => {
      const v = xs.filter((x): x is number => x !== null);
      return v.length ? round(v.reduce((p, x) => p + x, 0) / v.length, 2) : null;
    };
    out.push(
      tile(key, 'assessment', 'score', c, {
        value: avg(s.rows.map((r) => r.score)),
        previous: avg(s.rows.map((r) => r.previousScore)),
        items: [...s.rows]
          .sort((x, y) => x.rank - y.rank)
          .map((r) => ({
            key: r.id,
            name: r.name,
            nameEn: r.nameEn,
            value: r.score,
            previous: r.previousScore,
            rank: r.rank,
            extra: { grade: r.grade, lost: r.lost },
          })),
      }),
    );
  }
  return out;
}

// ---- hotline and return visits ------------------------------------------------------------------

export async function hotlineTiles(
  h: NonNullable<CockpitDeps['hotline']>,
  cases: CockpitDeps['cases'],
  c: TileInput,
  bounds: BoundsOf,
): Promise<CockpitTile[]> {
  const volume = async (from: Date, to: Date) => {
    const [calls, mix] = await Promise.all([
      h.figures.calls(from, to),
      cases ? cases.figures.mix(from, to, 1) : null,
    ]);
    return { calls, cases: mix?.bySource.hotline ?? 0 };
  };
  const [cur, prev, ly] = await Promise.all([
    volume(c.from, c.to),
    volume(...bounds(c.previousDate)),
    volume(...bounds(c.lastYearDate)),
  ]);
  const total = (v: typeof cur) => v.cases + v.calls.inquiry + v.calls.suggestion + v.calls.thanks;
  const item = (key: 'inquiry' | 'suggestion' | 'thanks', name: string, nameEn: string): CockpitItem => ({
    key,
    name,
    nameEn,
    value: cur.calls[key],
    previous: prev.calls[key],
    lastYear: ly.calls[key],
  });
  return [
    tile('hotline.volume', 'hotline', 'count', c, {
      value: total(cur),
      previous: total(prev),
      lastYear: total(ly),
      items: [
        {
          key: 'cases',
          name: '立案诉求',
          nameEn: 'Cases',
          value: cur.cases,
          previous: prev.cases,
          lastYear: ly.cases,
        },
        item('inquiry', '咨询', 'Inquiries'),
        item('suggestion', '建议', 'Suggestions'),
        item('thanks', '感谢', 'Thanks'),
      ],
    }),
  ];
}

export async function visitTiles(
  v: NonNullable<CockpitDeps['visitFigures']>,
  c: TileInput,
): Promise<CockpitTile[]> {
  const q = (date: string) => ({ period: c.period, date, groupBy: 'district' as const });
  const [cur, prev, ly] = await Promise.all([
    v.report(q(c.date), c.actor),
    v.report(q(c.previousDate), c.actor),
    v.report(q(c.lastYearDate), c.actor),
  ]);
  return (['returnVisit', 'satisfaction'] as const).map((rate) =>
    tile(`visits.${rate}`, 'visitFigures', 'rate', c, {
      value: cur.total.rates[rate],
      previous: prev.total.rates[rate],
      lastYear: ly.total.rates[rate],
      items: cur.rows.map((r) => ({
        key: r.key,
        name: r.name,
        nameEn: r.nameEn,
        value: r.rates[rate],
        extra: { due: r.counts.due, reached: r.counts.reached },
      })),
    }),
  );
}

// ---- utilities, alarms, emergency (readings of now) ----------------------------------------------

export async function utilityTiles(
  u: NonNullable<CockpitDeps['utilities']>,
  devices: CockpitDeps['devices'],
  c: TileInput,
): Promise<CockpitTile[]> {
  const now = { from: c.now, to: c.now };
  const types = devices ? devices.allProfiles().map((p) => p.type) : Object.values(SECTORS).flat();
  const overviews = new Map<string, Awaited<ReturnType<typeof u.overview>>>();
  for (const t of types) {
    try {
      overviews.set(t, await u.overview(t, undefined));
    } catch {
      // a type this node does not know
    }
  }
  const sectorOf = (t: string) => Object.keys(SECTORS).find((s) => SECTORS[s]!.includes(t)) ?? 'other';
  const sectors = new Map<string, { online: number; offline: number; unknown: number }>();
  for (const [t, o] of overviews) {
    const s = sectors.get(sectorOf(t)) ?? { online: 0, offline: 0, unknown: 0 };
    s.online += o.counts.online;
    s.offline += o.counts.offline;
    s.unknown += o.counts.unknown;
    sectors.set(sectorOf(t), s);
  }
  const rate = (s: { online: number; offline: number; unknown: number }) => {
    const n = s.online + s.offline + s.unknown;
    return n ? round(s.online / n) : null;
  };
  const all = { online: 0, offline: 0, unknown: 0 };
  for (const s of sectors.values()) {
    all.online += s.online;
    all.offline += s.offline;
    all.unknown += s.unknown;
  }
  const total = (type: string, metric: string) => overviews.get(type)?.totals[metric];
  const stat = (
    type: string,
    metric: string,
    name: string,
    nameEn: string,
    key = `${type}.${metric}`,
  ): CockpitItem => {
    const t = total(type, metric);
    return {
      key,
      name,
      nameEn,
      value: t ? round(t.avg, 3) : null,
      extra: t ? { min: round(t.min, 3), max: round(t.max, 3), sum: round(t.sum, 3), n: t.n } : { n: 0 },
    };
  };
  const outflow = total('water_plant', 'outflow');
  const pressure = total('pressure_point', 'pressure');
  const supply = total('heat_station', 'secondary_supply_temp');
  const ponding = overviews.get('waterlogging_gauge');
  const pondingItems: CockpitItem[] = (ponding?.devices ?? [])
    .filter((d) => (d.values.depth ?? 0) >= 15)
    .sort((a, b) => (b.values.depth ?? 0) - (a.values.depth ?? 0))
    .map((d) => ({
      key: d.id,
      name: d.name,
      nameEn: null,
      value: d.values.depth ?? null,
      extra: { lon: d.lon, lat: d.lat, worstAlarm: d.worstAlarm },
    }));
  return [
    tile('utilities.online', 'utilities', 'rate', now, {
      live: true,
      value: rate(all),
      items: [...sectors].map(([s, counts]) => ({
        key: s,
        name: SECTOR_NAMES[s]?.[0] ?? s,
        nameEn: SECTOR_NAMES[s]?.[1] ?? s,
        value: rate(counts),
        extra: { ...counts },
      })),
      drill: 'devices',
    }),
    tile('utilities.waterOutput', 'utilities', 'm3h', now, {
      live: true,
      value: outflow ? round(outflow.sum, 1) : null,
      items: [stat('water_plant', 'outflow', '出厂流量（平均）', 'Plant outflow (mean)')],
      drill: 'devices:water',
    }),
    tile('utilities.waterPressure', 'utilities', 'mpa', now, {
      live: true,
      value: pressure ? round(pressure.avg, 3) : null,
      items: [
        stat('pressure_point', 'pressure', '管网压力', 'Network pressure'),
        stat('water_plant', 'outlet_pressure', '出厂压力', 'Outlet pressure'),
      ],
      drill: 'devices:water',
    }),
    tile('utilities.heatingSupply', 'utilities', 'celsius', now, {
      live: true,
      value: supply ? round(supply.avg, 1) : null,
      items: [
        stat('heat_station', 'primary_supply_temp', '一次供水温度', 'Primary supply'),
        stat('heat_station', 'primary_return_temp', '一次回水温度', 'Primary return'),
        stat('heat_station', 'secondary_supply_temp', '二次供水温度', 'Secondary supply'),
        stat('heat_station', 'secondary_return_temp', '二次回水温度', 'Secondary return'),
      ],
      drill: 'devices:heating',
    }),
    tile('utilities.ponding', 'utilities', 'count', now, {
      live: true,
      value: ponding ? pondingItems.length : null,
      items: pondingItems,
      drill: 'devices:drainage',
    }),
  ];
}

export async function alarmTiles(
  a: NonNullable<CockpitDeps['alarms']>,
  c: TileInput,
  bounds: BoundsOf,
): Promise<CockpitTile[]> {
  const [active, cur, prev, ly] = await Promise.all([
    a.figures.active(),
    a.figures.raised(c.from, c.to),
    a.figures.raised(...bounds(c.previousDate)),
    a.figures.raised(...bounds(c.lastYearDate)),
  ]);
  const sev = Object.keys(SEVERITY_NAMES);
  const sum = (m: Record<string, number>) => Object.values(m).reduce((x, y) => x + y, 0);
  return [
    tile(
      'alarms.active',
      'alarms',
      'count',
      { from: c.now, to: c.now },
      {
        live: true,
        value: active.length,
        items: sev.map((s) => ({
          key: s,
          name: SEVERITY_NAMES[s]![0],
          nameEn: SEVERITY_NAMES[s]![1],
          value: active.filter((x) => x.severity === s).length,
        })),
        drill: 'alarms',
      },
    ),
    tile('alarms.raised', 'alarms', 'count', c, {
      value: sum(cur),
      previous: sum(prev),
      lastYear: sum(ly),
      items: sev.map((s) => ({
        key: s,
        name: SEVERITY_NAMES[s]![0],
        nameEn: SEVERITY_NAMES[s]![1],
        value: cur[s] ?? 0,
        previous: prev[s] ?? 0,
        lastYear: ly[s] ?? 0,
      })),
    }),
  ];
}

/** The emergency level as a number: none 0, IV 1 … I 4. */
export const LEVEL_VALUE: Record<string, number> = { IV: 1, III: 2, II: 3, I: 4 };

export async function emergencyTiles(
  e: NonNullable<CockpitDeps['emergency']>,
  c: TileInput,
): Promise<CockpitTile[]> {
  const now = { from: c.now, to: c.now };
  const [state, tasks] = await Promise.all([e.state(), e.tasks(c.actor, {})]);
  const hazards = (['rainstorm', 'typhoon', 'snow'] as const).map((h) => {
    const r = state[h].response;
    return {
      key: h,
      name: HAZARD_NAMES[h]![0],
      nameEn: HAZARD_NAMES[h]![1],
      value: r && r.state === 'active' ? (LEVEL_VALUE[r.level] ?? 0) : 0,
      extra: { level: r && r.state === 'active' ? r.level : null, since: r?.startedAt ?? null },
    };
  });
  const open = tasks.filter((t) => t.state !== 'done');
  return [
    tile('emergency.level', 'emergency', 'level', now, {
      live: true,
      value: Math.max(0, ...hazards.map((h) => h.value)),
      items: [
        ...hazards,
        ...state.warnings.map((w) => ({
          key: `warning:${w.id}`,
          name: `${w.type}`,
          nameEn: null,
          value: null,
          extra: { type: w.type, colour: w.colour, hazard: w.hazard },
        })),
      ],
      drill: 'emergency',
    }),
    tile('emergency.tasks', 'emergency', 'count', now, {
      live: true,
      value: open.length,
      items: open.map((t) => ({
        key: String(t.id),
        name: t.title,
        nameEn: t.titleEn,
        value: null,
        extra: { department: t.departmentName, state: t.state, hazard: t.hazard, deviceId: t.deviceId },
      })),
      drill: 'emergency',
    }),
  ];
}

// ---- infrastructure: renovation and projects ------------------------------------------------------

export async function networkTiles(
  n: NonNullable<CockpitDeps['networks']>,
  c: TileInput,
): Promise<CockpitTile[]> {
  const aging = await n.aging({});
  const km = aging.networks.reduce((a, x) => a + x.candidates.km, 0);
  return [
    tile(
      'networks.renovation',
      'networks',
      'km',
      { from: c.now, to: c.now },
      {
        live: true,
        value: round(km, 3),
        items: aging.networks.map((x) => ({
          key: x.network,
          name: NETWORK_NAMES[x.network]?.[0] ?? x.network,
          nameEn: NETWORK_NAMES[x.network]?.[1] ?? x.network,
          value: round(x.candidates.km, 3),
          extra: {
            totalKm: round(x.totalKm, 3),
            agingKm: round(x.agingKm, 3),
            segments: x.candidates.segments,
          },
        })),
        drill: 'infrastructure',
      },
    ),
  ];
}

export async function projectTiles(
  p: NonNullable<CockpitDeps['projects']>,
  c: TileInput,
  bounds: BoundsOf,
): Promise<CockpitTile[]> {
  const list = await p.list({}, c.actor);
  const done = (from: Date, to: Date) => {
    const [f, t] = [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)];
    return list.items
      .flatMap((x) => x.milestones)
      .filter((m) => m.doneDate !== null && m.doneDate >= f && m.doneDate < t).length;
  };
  // Days in the city's zone: a period's bounds are its first midnight, so shift by 12 h to name the day.
  const day = (d: Date) => new Date(d.getTime() + 12 * 3_600_000);
  const count = (from: Date, to: Date) => done(day(from), day(to));
  return [
    tile('projects.milestones', 'projects', 'count', c, {
      value: count(c.from, c.to),
      previous: count(...bounds(c.previousDate)),
      lastYear: count(...bounds(c.lastYearDate)),
      items: list.items.map((x) => ({
        key: String(x.id),
        name: x.name,
        nameEn: x.nameEn,
        value: x.progressPct,
        extra: {
          status: x.status,
          late: x.milestones.filter((m) => m.late).length,
          done: x.milestones.filter((m) => m.doneDate !== null).length,
          milestones: x.milestones.length,
        },
      })),
      drill: 'projects',
    }),
  ];
}

export async function sanitationTiles(
  s: NonNullable<CockpitDeps['sanitation']>,
  c: TileInput,
): Promise<CockpitTile[]> {
  const day = (key: string) => s.coverage(key, c.actor);
  const [cur, prev, ly] = await Promise.all([day(c.date), day(c.previousDate), day(c.lastYearDate)]);
  return [
    tile('sanitation.coverage', 'sanitation', 'rate', c, {
      value: round(cur.totals.share),
      previous: round(prev.totals.share),
      lastYear: round(ly.totals.share),
      items: [
        { key: 'covered', name: '已覆盖', nameEn: 'Covered', value: cur.totals.covered },
        { key: 'partial', name: '部分覆盖', nameEn: 'Partly', value: cur.totals.partial },
        { key: 'missed', name: '漏扫', nameEn: 'Missed', value: cur.totals.missed },
      ],
      drill: 'sanitation',
    }),
  ];
}
