import { DomainError } from '@cityloop/domain';
import { degreesAround } from '@cityloop/domain/geo';
import type { Network } from '@cityloop/domain/infrastructure/networks';
import { pickProgramme, renewalCostFen, toKm } from '@cityloop/domain/infrastructure/renovation';
import type {
  ProgrammeCreateBody,
  ProgrammeDetail,
  ProgrammeList,
  ProgrammeListQuery,
  ProgrammeSummary,
  ProgressBody,
  SegmentDetail,
  SegmentHistoryEntry,
} from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import { audit } from '../audit/audit.service.js';
import type { NetworkService } from './networks.service.js';
import * as repo from './renovation.repository.js';

/** Case categories (kind:code) that concern a network's pipes: its manhole covers and its bursts. */
export const PIPE_CATEGORIES: Record<Network, Array<[kind: string, code: string]>> = {
  water: [
    ['component', '0101'],
    ['component', '0127'],
    ['event', '0402'],
  ],
  drainage: [
    ['component', '0102'],
    ['component', '0103'],
    ['component', '0104'],
    ['event', '0404'],
    ['event', '0406'],
  ],
  heating: [
    ['component', '0110'],
    ['event', '0405'],
  ],
  gas: [
    ['component', '0111'],
    ['event', '0403'],
  ],
};

/** Cases and alarms this close to a pipe are counted as at it. */
export const HISTORY_RADIUS_M = 30;

/** Metres from a point to a polyline (local flat projection: fine at a pipe's scale). */
export function metresToLine(
  p: readonly [number, number],
  line: ReadonlyArray<readonly [number, number]>,
): number {
  const k = Math.cos((p[1] * Math.PI) / 180) * 111_320;
  const xy = (c: readonly [number, number]) => [(c[0] - p[0]) * k, (c[1] - p[1]) * 111_320] as const;
  let best = Infinity;
  for (let i = 0; i < line.length; i++) {
    const a = xy(line[i]!);
    const b = xy(line[i + 1] ?? line[i]!);
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a[0] * dx + a[1] * dy) / len2));
    best = Math.min(best, Math.hypot(a[0] + t * dx, a[1] + t * dy));
  }
  return best;
}

/**
 * A pipe segment's page (its attributes, risk and failure history) and the yearly renovation
 * programmes (老旧管网改造) built from the renewal rules, with their progress.
 */
export class RenovationService {
  constructor(
    private readonly db: Db,
    private readonly networks: NetworkService,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** Today in the city, YYYY-MM-DD. */
  today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone }).format(this.clock.now());
  }

  /** One segment: attributes, age, risk term by term, and what failed at it. */
  async segment(id: string): Promise<SegmentDetail> {
    const row = await repo.segmentById(this.db, id);
    if (!row) throw new DomainError('network.segment_not_found', `No pipe segment ${id}`);
    const segment = this.networks.assess(row, this.networks.year(), 15);
    const line = row.geometry.coordinates;
    const lats = line.map((c) => c[1]);
    const lons = line.map((c) => c[0]);
    const { dLat, dLon } = degreesAround(Math.max(...lats), HISTORY_RADIUS_M);
    const box = {
      minLon: Math.min(...lons) - dLon,
      maxLon: Math.max(...lons) + dLon,
      minLat: Math.min(...lats) - dLat,
      maxLat: Math.max(...lats) + dLat,
    };
    const network = row.network as Network;
    const cats = PIPE_CATEGORIES[network];
    const [failures, cases, alarms, programme, names] = await Promise.all([
      repo.failuresOf(this.db, id),
      repo.casesInBox(
        this.db,
        box,
        cats.map(([, c]) => c),
        this.timeZone,
      ),
      repo.alarmsInBox(this.db, box, this.timeZone),
      repo.programmeOf(this.db, id),
      repo.districtNames(this.db),
    ]);
    const history: SegmentHistoryEntry[] = failures.map((f) => ({
      kind: f.kind,
      day: f.day,
      ref: null,
      caseId: null,
      code: null,
      state: null,
      distanceM: null,
    }));
    let nCases = 0;
    let nAlarms = 0;
    for (const c of cases) {
      if (!cats.some(([k, code]) => k === c.kind && code === c.category)) continue;
      const d = metresToLine([c.lon, c.lat], line);
      if (d > HISTORY_RADIUS_M) continue;
      nCases++;
      history.push({
        kind: 'case',
        day: c.day,
        ref: c.code,
        caseId: Number(c.id),
        code: `${c.kind}:${c.category}`,
        state: c.state,
        distanceM: Math.round(d),
      });
    }
    for (const a of alarms) {
      const d = metresToLine([a.lon, a.lat], line);
      if (d > HISTORY_RADIUS_M) continue;
      nAlarms++;
      history.push({
        kind: 'alarm',
        day: a.day,
        ref: a.device_id,
        caseId: null,
        code: a.metric,
        state: a.state,
        distanceM: Math.round(d),
      });
    }
    history.sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
    const count = (k: string) => failures.filter((f) => f.kind === k).length;
    return {
      segment,
      geometry: row.geometry,
      history,
      counts: {
        bursts: count('burst'),
        leaks: count('leak'),
        repairs: count('repair'),
        cases: nCases,
        alarms: nAlarms,
      },
      radiusM: HISTORY_RADIUS_M,
      districtName: row.district_code ? (names.get(row.district_code)?.name ?? null) : null,
      districtNameEn: row.district_code ? (names.get(row.district_code)?.nameEn ?? null) : null,
      costFen: renewalCostFen(network, row.diameter_mm, row.length_m),
      programme: programme
        ? { id: programme.id, year: programme.year, name: programme.name, doneDay: programme.done_day }
        : null,
    };
  }

  private summarise(p: repo.ProgrammeRow, segs: repo.ProgrammeSegmentRow[]): ProgrammeSummary {
    const planned = segs.reduce((a, s) => a + s.length_m, 0);
    const done = segs.filter((s) => s.done_day !== null);
    const doneM = done.reduce((a, s) => a + s.length_m, 0);
    return {
      id: p.id,
      year: p.year,
      network: p.network as Network,
      name: p.name,
      materials: p.materials,
      targetKm: toKm(p.target_m),
      plannedKm: toKm(planned),
      segments: segs.length,
      costFen: segs.reduce((a, s) => a + Number(s.cost_fen), 0),
      doneKm: toKm(doneM),
      doneSegments: done.length,
      progressPct: planned > 0 ? Math.round((doneM / planned) * 1000) / 10 : 0,
    };
  }

  /** The programmes of a year (or all), with planned, done and cost totals. */
  async list(query: ProgrammeListQuery): Promise<ProgrammeList> {
    const ps = await repo.programmes(this.db, query);
    const segs = await repo.programmeSegments(
      this.db,
      ps.map((p) => p.id),
    );
    const items = ps.map((p) =>
      this.summarise(
        p,
        segs.filter((s) => s.programme_id === p.id),
      ),
    );
    const sum = (f: (x: ProgrammeSummary) => number) => items.reduce((a, x) => a + f(x), 0);
    return {
      items,
      totals: {
        targetKm: Math.round(sum((x) => x.targetKm) * 1000) / 1000,
        plannedKm: Math.round(sum((x) => x.plannedKm) * 1000) / 1000,
        doneKm: Math.round(sum((x) => x.doneKm) * 1000) / 1000,
        costFen: sum((x) => x.costFen),
      },
    };
  }

  /** One programme: its segments, km done per month and per district. */
  async detail(id: number): Promise<ProgrammeDetail> {
    const [p] = await repo.programmes(this.db, { id });
    if (!p) throw new DomainError('not_found', `No renovation programme ${id}`);
    const segs = await repo.programmeSegments(this.db, [id]);
    const names = await repo.districtNames(this.db);
    const { items: assessed } = await this.networks.assessed(p.network as Network, 15);
    const byId = new Map(assessed.map((s) => [s.id, s]));
    const months = new Map<string, number>();
    for (const s of segs) {
      if (s.done_day)
        months.set(s.done_day.slice(0, 7), (months.get(s.done_day.slice(0, 7)) ?? 0) + s.length_m);
    }
    let cumulative = 0;
    const byMonth = [...months.keys()].sort().map((month) => {
      cumulative += months.get(month)!;
      return { month, km: toKm(months.get(month)!), cumulativeKm: toKm(cumulative) };
    });
    const districts = new Map<string | null, { planned: number; done: number; n: number }>();
    const items: ProgrammeDetail['items'] = [];
    for (const s of segs) {
      const a = byId.get(s.segment_id);
      const district = a?.districtCode ?? null;
      const d = districts.get(district) ?? { planned: 0, done: 0, n: 0 };
      d.planned += s.length_m;
      d.n++;
      if (s.done_day) d.done += s.length_m;
      districts.set(district, d);
      items.push({
        id: s.segment_id,
        material: a?.material ?? '',
        diameterMm: a?.diameterMm ?? 0,
        installYear: a?.installYear ?? 0,
        lengthM: s.length_m,
        score: a?.score ?? 0,
        grade: a?.grade ?? 'low',
        reasons: a?.reasons ?? [],
        districtCode: district,
        costFen: Number(s.cost_fen),
        doneDay: s.done_day,
      });
    }
    items.sort((a, b) => b.score - a.score || a.installYear - b.installYear || a.id.localeCompare(b.id));
    return {
      ...this.summarise(p, segs),
      byMonth,
      byDistrict: [...districts.entries()]
        .map(([districtCode, d]) => ({
          districtCode,
          districtName: districtCode ? (names.get(districtCode)?.name ?? null) : null,
          districtNameEn: districtCode ? (names.get(districtCode)?.nameEn ?? null) : null,
          plannedKm: toKm(d.planned),
          doneKm: toKm(d.done),
          segments: d.n,
        }))
        .sort((a, b) => b.plannedKm - a.plannedKm),
      items,
    };
  }

  /**
   * A new programme: the network's renewal candidates (of the materials given) not yet in any
   * programme, riskiest and oldest first, until the target km is reached.
   */
  async create(
    body: ProgrammeCreateBody,
    actor: Actor | null,
    done?: (index: number, count: number) => string | null,
  ) {
    const { items } = await this.networks.assessed(body.network, 15);
    const id = await this.db.tx(async (q) => {
      const taken = await repo.takenSegments(q);
      const picked = pickProgramme(items, {
        network: body.network,
        targetKm: body.targetKm,
        materials: body.materials,
        taken,
      });
      if (picked.length === 0) {
        throw new DomainError('conflict', 'No renewal candidate of this network is left to pick');
      }
      const name = body.name ?? null;
      const pid = await repo.insertProgramme(
        q,
        {
          year: body.year,
          network: body.network,
          name,
          materials: body.materials ?? [],
          target_m: body.targetKm * 1000,
        },
        picked.map((s, i) => ({
          segment_id: s.id,
          length_m: s.lengthM,
          cost_fen: renewalCostFen(body.network, s.diameterMm, s.lengthM),
          done_day: done?.(i, picked.length) ?? null,
        })),
      );
      if (actor) {
        await audit(q, actor, {
          action: 'create',
          entity: 'renovation_programme',
          entityId: String(pid),
          after: { ...body, segments: picked.length },
        });
      }
      return pid;
    });
    return this.detail(id);
  }

  /** Reports segments of a programme renewed on a day. */
  async progress(id: number, body: ProgressBody, actor: Actor): Promise<ProgrammeDetail> {
    if (body.day > this.today())
      throw new DomainError('validation.failed', 'A renewal cannot be reported in the future');
    const [p] = await repo.programmes(this.db, { id });
    if (!p) throw new DomainError('not_found', `No renovation programme ${id}`);
    await this.db.tx(async (q) => {
      const marked = await repo.markDone(q, id, body.segmentIds, body.day);
      if (marked.length !== body.segmentIds.length) {
        const missing = body.segmentIds.filter((s) => !marked.includes(s));
        throw new DomainError(
          'validation.failed',
          `Not in programme ${id}: ${missing.slice(0, 5).join(', ')}`,
        );
      }
      await audit(q, actor, {
        action: 'update',
        entity: 'renovation_programme',
        entityId: String(id),
        after: { day: body.day, segments: marked },
      });
    });
    return this.detail(id);
  }
}
