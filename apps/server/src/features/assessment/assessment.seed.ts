import { DEMO_CATALOGUE_VERSION, aspectIndex, deductionOf, demoCatalogue } from '@cityloop/domain';
import { createRng } from '@cityloop/domain/rng';
import type { Db, Queryable } from '../../db/db.js';
import * as frepo from './assessment.findings.repository.js';
import * as repo from './assessment.repository.js';

/** The demo catalogue is in force from this month on (every month of the demo year is scored with it). */
export const DEMO_CATALOGUE_FROM = '2025-01-01';

const INSPECTION_GROUPS = ['一', '二', '三', '四', '五', '六', '七'];
const DISTRICT_GROUPS: readonly [string, string, string][] = [
  ['370602', '芝罘区督查组', 'Zhifu supervision group'],
  ['370613', '莱山区督查组', 'Laishan supervision group'],
  ['370611', '福山区督查组', 'Fushan supervision group'],
  ['370612', '牟平区督查组', 'Muping supervision group'],
];

/** The catalogue, when the city has none yet (a demo or not: the bureau starts from the demo's). */
export async function seedCatalogue(db: Db): Promise<void> {
  if ((await repo.catalogues(db)).length > 0) return;
  await repo.insertCatalogue(db, {
    version: DEMO_CATALOGUE_VERSION,
    effectiveFrom: DEMO_CATALOGUE_FROM,
    body: demoCatalogue(),
    note: '精细化管理考核细则（示例）：15类78项',
    userId: null,
  });
}

/**
 * The demo city's 7 inspection groups (the 21 demo inspectors, three to a group, each group
 * patrolling its members' streets daily) and 5 supervision groups (one per district and one
 * city-wide that samples places unannounced each month), led by the supervisor; three
 * demonstration sites.
 */
export async function seedDemoGroups(db: Db): Promise<void> {
  if ((await repo.groups(db)).length > 0) return;
  const names = ['inspector', ...Array.from({ length: 20 }, (_, i) => `inspector.${i + 1}`), 'supervisor'];
  const ids = await repo.usersByName(db, names);
  const supervisor = ids.get('supervisor');
  const streetsOf = async (q: Queryable, usernames: string[]) => {
    const r = await q.query<{ code: string }>(
      `select distinct jurisdiction_code as code from users where username = any($1::text[]) and jurisdiction_code is not null`,
      [usernames],
    );
    return r.rows.map((x) => x.code).sort();
  };
  await db.tx(async (q) => {
    for (const [n, numeral] of INSPECTION_GROUPS.entries()) {
      // Three to a group in the demo city (21 inspectors); a smaller city shares its inspectors round.
      const present = names.slice(0, -1).filter((u) => ids.has(u));
      const mine = present.filter((_u, i) => i % INSPECTION_GROUPS.length === n);
      const usernames = mine.length || !present.length ? mine : [present[n % present.length]!];
      const members = usernames.map((u) => ids.get(u)!);
      const areas = await streetsOf(q, usernames);
      const id = await repo.insertGroup(q, {
        code: `XC${n + 1}`,
        kind: 'inspection',
        name: `第${numeral}巡查组`,
        nameEn: `Inspection group ${n + 1}`,
        areaCodes: areas,
      });
      if (id === null) continue;
      await repo.addMembers(q, id, members, members[0]);
      await repo.insertPlan(q, id, {
        cadence: 'daily',
        title: '日常巡查：主次干道、背街小巷、农贸市场周边',
        titleEn: 'Daily patrol: main roads, back streets, around markets',
        announced: true,
        placeKinds: ['road', 'back_street', 'market', 'public_toilet', 'compound'],
        areaCodes: areas,
        weekday: null,
        samples: null,
      });
    }
    for (const [n, [district, name, nameEn]] of [
      ...DISTRICT_GROUPS,
      ['', '市级暗访督查组', 'City unannounced supervision group'] as const,
    ].entries()) {
      const id = await repo.insertGroup(q, {
        code: `DC${n + 1}`,
        kind: 'supervision',
        name,
        nameEn,
        areaCodes: district ? [district] : [],
      });
      if (id === null) continue;
      if (supervisor !== undefined) await repo.addMembers(q, id, [supervisor], supervisor);
      if (district)
        await repo.insertPlan(q, id, {
          cadence: 'weekly',
          title: '每周督查：上周问题整改复查、重点区域抽查',
          titleEn: 'Weekly supervision: re-inspect last week’s fixes, spot checks',
          announced: true,
          placeKinds: ['road', 'market', 'construction_site', 'transfer_station', 'public_toilet'],
          areaCodes: [district],
          weekday: n + 1,
          samples: null,
        });
      else
        await repo.insertPlan(q, id, {
          cadence: 'monthly',
          title: '月度抽查：道路、小区、市场、公厕、转运站（暗查）',
          titleEn: 'Monthly sampling: roads, compounds, markets, toilets, transfer stations (unannounced)',
          announced: false,
          placeKinds: ['road', 'compound', 'market', 'public_toilet', 'transfer_station'],
          areaCodes: [],
          weekday: null,
          samples: 40,
        });
    }
    const points = await repo.streetPoints(q, 3);
    const SITES: [string, string, string][] = [
      ['南大街精细化管理示范路', 'Nan Dajie demonstration road', 'road'],
      ['毓璜顶示范小区', 'Yuhuangding demonstration compound', 'compound'],
      ['只楚农贸市场示范点', 'Zhichu market demonstration site', 'market'],
    ];
    for (const [n, p] of points.entries()) {
      const [name, nameEn, kind] = SITES[n]!;
      await repo.insertSite(q, {
        name,
        name_en: nameEn,
        place_kind: kind,
        street_code: p.street_code,
        lon: p.lon,
        lat: p.lat,
        registered_on: '2026-03-01',
      });
    }
  });
}

/**
 * The demo's last two months of findings (no cases: those months' problems were fixed long ago),
 * so the first start's ranking, bulletin and demonstration sites show something. Written as the
 * service would, with the deductions the month keeps; only with the demo's year of cases.
 */
export async function seedDemoFindings(db: Db, now: Date, monthOf: (at: Date) => string): Promise<void> {
  const existing = await db.query<{ n: number }>(`select count(*)::int as n from assessment_findings`);
  if (existing.rows[0]!.n > 0) return;
  const catalogue = (await repo.catalogues(db))[0];
  const recorder = (await repo.usersByName(db, ['inspector'])).get('inspector');
  if (!catalogue || recorder === undefined) return;
  const grids = await db.query<{ code: string; lon: number; lat: number; street_code: string }>(
    `select g.code, g.centroid_lon as lon, g.centroid_lat as lat, c.street_code
     from unit_grids g join communities c on c.code = g.community_code order by g.code`,
  );
  const units = (await db.query<{ id: number }>(`select id from departments where active order by id`)).rows;
  const sites = await repo.sites(db);
  if (!grids.rows.length) return;
  const rng = createRng(21);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const aspects = [...aspectIndex(catalogue.body).values()];
  const severities = ['minor', 'normal', 'normal', 'normal', 'serious'] as const;
  const DAY = 86_400_000;
  await db.tx(async (q) => {
    for (let n = 0; n < 160; n++) {
      const foundAt = new Date(
        now.getTime() - (3 + Math.floor(rng() * 55)) * DAY - Math.floor(rng() * 8) * 3_600_000,
      );
      const month = monthOf(foundAt);
      // Some streets are kept worse than others: the ranking has a shape.
      const grid = grids.rows[Math.floor(rng() ** 1.7 * grids.rows.length)]!;
      const { aspect, category } = pick(aspects);
      const severity = pick(severities);
      const occurrences = rng() < 0.8 ? 1 : 2;
      const deduction = deductionOf(aspect, severity, occurrences);
      const unitId = units.length ? pick(units).id : null;
      const site = sites.length && rng() < 0.1 ? pick(sites) : null;
      const row: frepo.FindingInsert = {
        clientId: `demo-${n}`,
        month: `${month}-01`,
        catalogueId: catalogue.id,
        categoryCode: category.code,
        aspectCode: aspect.code,
        groupId: null,
        siteId: site?.id ?? null,
        placeKind: aspect.placeKinds[0]!,
        placeName: null,
        lon: site?.lon ?? grid.lon,
        lat: site?.lat ?? grid.lat,
        gridCode: grid.code,
        districtCode: grid.code.slice(0, 6),
        streetCode: site?.street_code ?? grid.street_code,
        unitId,
        severity,
        occurrences,
        deduction,
        shares: aspect.shares,
        note: null,
        photoId: null,
        needsFix: false,
        caseId: null,
        foundAt,
        recordedBy: recorder,
        recordedAt: foundAt,
      };
      if ((await frepo.insertFinding(q, row)) === null) continue;
      const borne: {
        level: 'district' | 'street' | 'unit';
        subject: string;
        aspect: string;
        amount: number;
      }[] = [
        {
          level: 'street',
          subject: row.streetCode,
          aspect: aspect.code,
          amount: deduction * aspect.shares.street,
        },
        {
          level: 'district',
          subject: row.districtCode,
          aspect: aspect.code,
          amount: deduction * aspect.shares.district,
        },
      ];
      if (unitId !== null)
        borne.push({
          level: 'unit',
          subject: String(unitId),
          aspect: aspect.code,
          amount: deduction * aspect.shares.bureau,
        });
      await frepo.applyDeductions(
        q,
        month,
        borne.filter((b) => b.amount > 0),
        1,
      );
    }
  });
}
