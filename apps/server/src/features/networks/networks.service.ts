import { DomainError } from '@cityloop/domain';
import {
  AGE_BANDS,
  NETWORKS,
  RENEWAL_REASONS,
  RISK_GRADES,
  assessSegment,
  type Material,
  type Network,
  type PressureClass,
} from '@cityloop/domain/infrastructure/networks';
import type {
  AgingReport,
  CandidateList,
  CandidateQuery,
  NetworkAging,
  SegmentFeatureCollection,
  SegmentProperties,
  SegmentQuery,
} from '@cityloop/domain/api';
import type { NetworkGeojsonImportBody, NetworkImportBody, NetworkImportReport } from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import { MAX_IMPORT_ROWS, checkRegister, checkTable, geojsonTable } from './networkImport.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import * as repo from './networks.repository.js';

const km = (m: number) => Math.round(m) / 1000;

/**
 * The pipe networks (管网): segments in a map view, the aging report and the renovation
 * candidates. Every figure comes from `assess`, the one place the renewal rules and the risk score
 * are applied to a stored segment.
 */
export class NetworkService {
  /**
   * Every segment's attributes (no geometry), read once: the register changes only when it is
   * seeded for now; the import (still to come) must call `forget()` on every node through the bus.
   */
  private register: Promise<repo.SegmentRow[]> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The year ages are counted to: the current year in the city. */
  year(): number {
    const y = new Intl.DateTimeFormat('en', { timeZone: this.timeZone, year: 'numeric' }).format(
      this.clock.now(),
    );
    return Number(y);
  }

  /** A stored segment with its age, renewal reasons and risk score, term by term. */
  assess(row: repo.SegmentRow, year: number, thresholdYears: number): SegmentProperties {
    const a = assessSegment(
      {
        network: row.network as Network,
        material: row.material as Material,
        diameterMm: row.diameter_mm,
        installYear: row.install_year,
        pressureClass: row.pressure_class as PressureClass | null,
        failures: row.failures,
      },
      { year, thresholdYears },
    );
    return {
      id: row.id,
      network: row.network as Network,
      kind: row.kind,
      material: row.material,
      diameterMm: row.diameter_mm,
      installYear: row.install_year,
      pressureClass: row.pressure_class,
      depthM: row.depth_m,
      owner: row.owner,
      state: row.state,
      failures: row.failures,
      districtCode: row.district_code,
      lengthM: row.length_m,
      ...a,
    };
  }

  /** Segments of one network in a view (GeoJSON), filtered by material, age, risk grade, scope. */
  async inBox(
    query: SegmentQuery & { thresholdYears?: number },
    _actor: Actor,
  ): Promise<SegmentFeatureCollection> {
    const [minLon, minLat, maxLon, maxLat] = query.bbox.split(',').map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (!(minLon <= maxLon && minLat <= maxLat && maxLat - minLat <= 10 && maxLon - minLon <= 10)) {
      throw new DomainError(
        'validation.failed',
        'bbox must be minLon,minLat,maxLon,maxLat, at most 10° wide',
      );
    }
    const year = this.year();
    const threshold = query.thresholdYears ?? 15;
    const limit = query.limit ?? 5000;
    // Grade and scope are computed, not stored: with those filters the view is read whole.
    const computed = query.grade !== undefined || query.candidate !== undefined;
    const rows = await repo.inBox(
      this.db,
      query.network,
      { minLon, minLat, maxLon, maxLat },
      {
        material: query.material,
        maxInstallYear: query.minAge !== undefined ? year - query.minAge : undefined,
      },
      computed ? 200_000 : limit + 1,
    );
    const features: SegmentFeatureCollection['features'] = [];
    let truncated = false;
    for (const r of rows) {
      const p = this.assess(r, year, threshold);
      if (query.grade !== undefined && p.grade !== query.grade) continue;
      if (query.candidate !== undefined && p.candidate !== query.candidate) continue;
      if (features.length === limit) {
        truncated = true;
        break;
      }
      features.push({ type: 'Feature', id: r.id, properties: p, geometry: r.geometry });
    }
    return { type: 'FeatureCollection', truncated, features };
  }

  /** Drops the cached register (after the segments change). */
  forget(): void {
    this.register = null;
    this.version++;
  }

  /** Counts the register's changes, so what is built from it (the network graph) knows it is stale. */
  version = 0;

  /**
   * Imports a pipe register (Excel or CSV): every row checked first, and nothing written when any
   * row has a problem. Segments get their unit grid and district from where their middle lies.
   */
  async importRegister(
    body: NetworkImportBody,
    actor: Actor,
    gridAt: (lon: number, lat: number) => string | null,
  ): Promise<NetworkImportReport> {
    const checked = await checkRegister(body, (ids) => repo.existing(this.db, ids));
    return this.importChecked(checked, body.dryRun === true, actor, gridAt);
  }

  /**
   * Imports segments from a GeoJSON FeatureCollection of LineStrings, with the register's checks
   * (the properties named as a sheet's columns); nothing is written when any feature has a problem.
   */
  async importGeojson(
    body: NetworkGeojsonImportBody,
    actor: Actor,
    gridAt: (lon: number, lat: number) => string | null,
  ): Promise<NetworkImportReport> {
    if (body.features.length > MAX_IMPORT_ROWS) {
      throw new DomainError('validation.failed', `At most ${MAX_IMPORT_ROWS} features`);
    }
    const checked = await checkTable(geojsonTable(body.features), (ids) => repo.existing(this.db, ids));
    return this.importChecked(checked, body.dryRun === true, actor, gridAt);
  }

  private async importChecked(
    checked: Awaited<ReturnType<typeof checkTable>>,
    dryRun: boolean,
    actor: Actor,
    gridAt: (lon: number, lat: number) => string | null,
  ): Promise<NetworkImportReport> {
    const km = Math.round(checked.segments.reduce((a, s) => a + s.length_m, 0)) / 1000;
    const ok = checked.problems.length === 0 && checked.segments.length > 0;
    if (!ok || dryRun) {
      return {
        ok,
        rows: checked.rows,
        imported: 0,
        km: ok ? km : 0,
        problems: checked.problems.slice(0, 1000),
      };
    }
    const rows: repo.NewSegment[] = checked.segments.map((s) => {
      const c = s.geometry.coordinates;
      const mid = c[Math.floor((c.length - 1) / 2)]!;
      const next = c[Math.floor((c.length - 1) / 2) + 1] ?? mid;
      const gridCode = gridAt((mid[0] + next[0]) / 2, (mid[1] + next[1]) / 2);
      return { ...s, grid_code: gridCode, district_code: gridCode ? gridCode.slice(0, 6) : null };
    });
    await this.db.tx(async (q) => {
      await repo.insert(q, rows);
      await audit(q, actor, {
        action: 'import',
        entity: 'pipe_segments',
        entityId: rows[0]!.id,
        after: { segments: rows.length, km, networks: [...new Set(rows.map((r) => r.network))] },
      });
    });
    this.forget();
    return { ok, rows: checked.rows, imported: rows.length, km, problems: [] };
  }

  /** Every segment of a network in service with its geometry, for the network graph. */
  graphSegments(network: Network): Promise<repo.GraphRow[]> {
    return repo.forGraph(this.db, network);
  }

  async assessed(network: Network | undefined, thresholdYears: number) {
    const year = this.year();
    this.register ??= repo.attributes(this.db, NETWORKS).catch((err: unknown) => {
      this.register = null;
      throw err;
    });
    const all = await this.register;
    const rows = network ? all.filter((r) => r.network === network) : all;
    return { year, items: rows.map((r) => this.assess(r, year, thresholdYears)) };
  }

  /** Km by age band, material and risk grade per network, and the renovation candidates' km. */
  async aging(query: {
    network?: Network | undefined;
    thresholdYears?: number | undefined;
  }): Promise<AgingReport> {
    const thresholdYears = query.thresholdYears ?? 15;
    const { year, items } = await this.assessed(query.network, thresholdYears);
    const networks = (query.network ? [query.network] : [...NETWORKS]).map((network) => {
      const mine = items.filter((s) => s.network === network);
      const sum = (xs: SegmentProperties[]) => xs.reduce((a, s) => a + s.lengthM, 0);
      const materials = [...new Set(mine.map((s) => s.material))].sort();
      const candidates = mine.filter((s) => s.candidate);
      const report: NetworkAging = {
        network,
        segments: mine.length,
        totalKm: km(sum(mine)),
        agingKm: km(sum(mine.filter((s) => s.aging))),
        byAgeBand: AGE_BANDS.map((band) => {
          const b = mine.filter((s) => s.ageBand === band);
          return { band, km: km(sum(b)), segments: b.length };
        }),
        byMaterial: materials
          .map((material) => {
            const m = mine.filter((s) => s.material === material);
            return {
              material,
              km: km(sum(m)),
              agingKm: km(sum(m.filter((s) => s.aging))),
              segments: m.length,
            };
          })
          .sort((a, b) => b.km - a.km),
        byGrade: RISK_GRADES.map((grade) => {
          const g = mine.filter((s) => s.grade === grade);
          return { grade, km: km(sum(g)), segments: g.length };
        }),
        candidates: {
          km: km(sum(candidates)),
          segments: candidates.length,
          byReason: RENEWAL_REASONS.map((reason) => ({
            reason,
            km: km(sum(candidates.filter((s) => s.reasons.includes(reason)))),
          })),
        },
      };
      return report;
    });
    return { year, thresholdYears, networks };
  }

  /** The renovation candidates, riskiest (then oldest) first, with their km per network. */
  async candidates(query: CandidateQuery & { thresholdYears?: number }): Promise<CandidateList> {
    const thresholdYears = query.thresholdYears ?? 15;
    const { year, items } = await this.assessed(query.network, thresholdYears);
    const candidates = items.filter((s) => s.candidate);
    const totals = (query.network ? [query.network] : [...NETWORKS]).map((network) => {
      const mine = candidates.filter((s) => s.network === network);
      return { network, km: km(mine.reduce((a, s) => a + s.lengthM, 0)), segments: mine.length };
    });
    candidates.sort((a, b) => b.score - a.score || a.installYear - b.installYear || a.id.localeCompare(b.id));
    return { year, thresholdYears, totals, items: candidates.slice(0, query.limit ?? 50) };
  }
}
