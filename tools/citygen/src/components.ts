import { categoriesOfKind, componentCodeOf } from '@cityloop/domain';
import { departmentsHandling } from './departments.js';
import { round7 } from './lattice.js';
import { Rng } from './rng.js';
import type { CityModel, ComponentRecord, ComponentState } from './types.js';

/** Relative abundance on city streets as `category:weight`; categories not listed are rare (0.1). */
const ABUNDANCE = new Map(
  `
  0101:3 0102:3 0103:3 0104:4 0105:2 0106:1.5 0107:2 0108:1 0109:1 0110:1.5
  0111:1.5 0112:0.5 0113:1 0114:0.3 0115:0.6 0116:0.8 0117:1.5 0118:5 0120:0.8 0126:0.4
  0127:0.3 0203:0.6 0205:0.03 0206:0.02 0207:0.01 0208:0.02 0209:1.5 0210:0.6 0211:1 0212:0.4
  0213:0.8 0305:3 0307:1.2 0302:0.3 0306:0.3 0401:0.05 0402:6 0403:0.8 0405:0.8 0406:0.05
  0407:0.6 0408:0.4 0410:0.03 0502:0.05 0503:0.05 0601:0.02 0603:0.05 0604:0.05
`
    .split(/\s+/)
    .filter((pair) => pair !== '')
    .map((pair): [string, number] => {
      const [code = '', weight = ''] = pair.split(':');
      return [code, Number(weight)];
    }),
);

/** Surveyed to ±0.5 m (manholes), ±1 m (poles and signs) or ±10 m (the rest). */
function baseAccuracy(category: string): ComponentRecord['accuracyClass'] {
  if ((category >= '0101' && category <= '0114') || category === '0127') return 'A';
  if (['0116', '0117', '0118', '0119', '0120', '0209', '0210', '0213'].includes(category)) return 'B';
  return 'C';
}

const STATES: readonly (readonly [ComponentState, number])[] = [
  ['完好', 0.9],
  ['破损', 0.05],
  ['丢失', 0.01],
  ['占用', 0.02],
  ['废弃', 0.02],
];

const STATE_NOTES: Readonly<Record<ComponentState, readonly string[]>> = {
  完好: [''],
  破损: ['巡查发现破损，待修复', '表面开裂', '部分缺损'],
  丢失: ['部件缺失，已设临时围挡', '普查时未找到'],
  占用: ['被摊点占用', '被车辆遮挡'],
  废弃: ['已停用，待拆除', '权属单位申请报废'],
};

const DAY_MS = 86_400_000;
/** The component census (部件普查) ran over the summer of 2023; changes are recorded until mid-2025. */
const CENSUS_FROM = Date.UTC(2023, 3, 1);
const CENSUS_DAYS = 183;
const CHANGES_UNTIL = Date.UTC(2025, 5, 30);

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Keeps positions this share of a cell away from its edges, so rounding never leaves the grid. */
const MARGIN = 0.05;

/**
 * Component (部件) census records for every unit grid of the city, ~`perGrid` per grid.
 * Deterministic in (city, seed, perGrid).
 */
export function generateComponents(
  city: CityModel,
  options: { seed?: number; perGrid?: number } = {},
): ComponentRecord[] {
  const rng = new Rng(options.seed ?? city.seed).fork('components');
  const perGrid = options.perGrid ?? 4;
  const categories = categoriesOfKind('component');
  const weights = categories.map((c) => [c, ABUNDANCE.get(c.code) ?? 0.1] as const);
  const communityName = new Map(city.communities.map((c) => [c.code, c.name]));
  const sequence = new Map<string, number>();
  const perCommunity = new Map<string, number>();
  const maintainers = new Map<string, { code: string; authority: string; name: string }>();
  const records: ComponentRecord[] = [];

  for (const grid of city.grids) {
    const count = Math.floor(rng.range(0.5, 1.5) * perGrid + rng.next());
    for (let n = 0; n < count; n++) {
      const category = rng.weighted(weights);
      const seqKey = `${grid.districtCode}${category.code}`;
      const seq = (sequence.get(seqKey) ?? 0) + 1;
      sequence.set(seqKey, seq);
      const localKey = `${grid.communityCode}${category.code}`;
      const localNo = (perCommunity.get(localKey) ?? 0) + 1;
      perCommunity.set(localKey, localNo);

      let maintainer = maintainers.get(seqKey);
      if (maintainer === undefined) {
        const dept = departmentsHandling(city.departments, 'component', category.code, grid.districtCode)[0];
        if (dept === undefined) throw new Error(`citygen: nobody maintains component ${category.code}`);
        maintainer = { code: dept.code, authority: dept.authority, name: dept.name };
        maintainers.set(seqKey, maintainer);
      }

      const state = rng.weighted(STATES);
      const census = CENSUS_FROM + rng.int(0, CENSUS_DAYS) * DAY_MS;
      const changed = state === '完好' && rng.chance(0.8) ? census : rng.range(census, CHANGES_UNTIL);
      const accuracy = baseAccuracy(category.code);
      const sw = grid.ring[0];
      const ne = grid.ring[2];
      if (sw === undefined || ne === undefined) throw new Error(`citygen: grid ${grid.code} has no ring`);
      const [w, s] = sw;
      const [e, north] = ne;
      const lon = w + (e - w) * rng.range(MARGIN, 1 - MARGIN);
      const lat = s + (north - s) * rng.range(MARGIN, 1 - MARGIN);

      records.push({
        code: componentCodeOf(grid.districtCode, category.code, seq),
        category: category.code,
        name: `${communityName.get(grid.communityCode) ?? ''}${category.name}${localNo}号`,
        competentDept: maintainer.authority,
        owner: maintainer.name,
        maintainerDeptCode: maintainer.code,
        gridCode: grid.code,
        state,
        censusDate: isoDate(census),
        changeDate: isoDate(Math.floor(changed / DAY_MS) * DAY_MS),
        source: 'census',
        accuracyClass: accuracy === 'A' && rng.chance(0.1) ? 'B' : accuracy,
        position: [round7(lon), round7(lat)],
        note: rng.pick(STATE_NOTES[state]),
      });
    }
  }
  return records;
}
