import type { Actor } from '../../actor.js';
import type { Feature, Polygon, MultiPolygon, Position } from 'geojson';
import area from '@turf/area';
import intersect from '@turf/intersect';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { DomainError, isValidGridCode } from '@cityloop/domain';
import { ImportJobs, type ImportJob } from '../imports/importJobs.js';
import type { ImportReport } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import { bboxOf } from './gridIndex.js';
import * as repo from './grids.repository.js';
import type { GridService } from './grids.service.js';

type Problem = ImportReport['problems'][number];
// Overlaps smaller than this (m²) are digitising noise along shared edges, not real overlaps.
const OVERLAP_TOLERANCE_M2 = 1;
// A community whose grids leave more than this share of it uncovered has a gap.
const GAP_TOLERANCE = 0.01;
const BATCH = 500;

export interface ParsedGrid extends repo.GridInsert {
  index: number;
}

export interface ImportInput {
  type?: string;
  features?: unknown[];
}

function ringOf(geometry: unknown): Position[] | null {
  const g = geometry as Polygon | MultiPolygon | null | undefined;
  if (!g || typeof g !== 'object') return null;
  if (g.type === 'Polygon') return g.coordinates?.[0] ?? null;
  if (g.type === 'MultiPolygon' && g.coordinates?.length === 1) return g.coordinates[0]?.[0] ?? null;
  return null;
}

function validRing(ring: Position[]): boolean {
  if (ring.length < 4) return false;
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2) return false;
    const [x, y] = p;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
      return false;
    if (x < -180 || x > 180 || y < -90 || y > 90) return false;
  }
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1];
}

/**
 * Checks a GeoJSON FeatureCollection of unit grids (properties.code, optional responsibleBody and
 * supervisionGridCode) against the city: codes, duplicates, geometry, overlaps between imported
 * grids, grids outside their community, and gaps (communities not fully covered).
 */
export async function validateGridImport(
  db: Db,
  input: ImportInput,
): Promise<{ report: ImportReport; grids: ParsedGrid[] }> {
  const problems: Problem[] = [];
  const features = Array.isArray(input.features) ? (input.features as Feature[]) : null;
  if (input.type !== 'FeatureCollection' || !features) {
    throw new DomainError('validation.failed', 'Expected a GeoJSON FeatureCollection of unit grids');
  }
  const seen = new Map<string, number>();
  const grids: ParsedGrid[] = [];
  features.forEach((f, index) => {
    const props = (f?.properties ?? {}) as Record<string, unknown>;
    const code =
      typeof props.code === 'string'
        ? props.code
        : typeof props.code === 'number'
          ? String(props.code)
          : null;
    if (!code || !isValidGridCode(code)) {
      problems.push({
        kind: 'bad_code',
        code,
        index,
        message: `Feature ${index}: "${code ?? ''}" is not a 15-digit unit grid code`,
        params: { feature: index, value: code ?? '' },
      });
      return;
    }
    if (seen.has(code)) {
      problems.push({
        kind: 'duplicate_code',
        code,
        index,
        message: `Code ${code} appears again (first at feature ${seen.get(code)})`,
        params: { feature: index, first: seen.get(code) ?? -1 },
      });
      return;
    }
    seen.set(code, index);
    const ring = ringOf(f?.geometry);
    if (!ring || !validRing(ring)) {
      problems.push({
        kind: 'bad_geometry',
        code,
        index,
        message: `Grid ${code}: geometry must be one closed polygon ring in WGS-84`,
        params: { feature: index },
      });
      return;
    }
    const polygon: Position[][] = [ring];
    const bbox = bboxOf(ring);
    grids.push({
      index,
      code,
      communityCode: code.slice(0, 12),
      supervisionGridCode: typeof props.supervisionGridCode === 'string' ? props.supervisionGridCode : null,
      responsibleBody: typeof props.responsibleBody === 'string' ? props.responsibleBody : null,
      polygon,
      bbox,
      centroid: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2],
      areaM2: area({ type: 'Polygon', coordinates: polygon }),
    });
  });

  // Overlaps among the imported grids: box candidates, then the exact intersection area.
  if (grids.length > 1) {
    const tree = new Flatbush(grids.length);
    for (const g of grids) tree.add(...g.bbox);
    tree.finish();
    grids.forEach((g, i) => {
      for (const j of tree.search(...g.bbox)) {
        if (j <= i) continue;
        const other = grids[j]!;
        const inter = intersect({
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: g.polygon } },
            { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: other.polygon } },
          ],
        });
        if (inter && area(inter) > OVERLAP_TOLERANCE_M2) {
          problems.push({
            kind: 'overlap',
            code: other.code,
            index: other.index,
            message: `Grid ${other.code} overlaps grid ${g.code} by ${Math.round(area(inter))} m²`,
            params: { feature: other.index, other: g.code, m2: Math.round(area(inter)) },
          });
        }
      }
    });
  }

  // Communities: must exist; a grid's centre must lie inside its community; communities covered.
  const knownSupervision = await repo.existingSupervisionGrids(db, [
    ...new Set(grids.flatMap((g) => (g.supervisionGridCode ? [g.supervisionGridCode] : []))),
  ]);
  for (const g of grids) {
    if (g.supervisionGridCode && !knownSupervision.has(g.supervisionGridCode)) {
      problems.push({
        kind: 'unknown_supervision_grid',
        code: g.code,
        index: g.index,
        message: `Grid ${g.code}: supervision grid ${g.supervisionGridCode} does not exist`,
        params: { feature: g.index, supervisionGrid: g.supervisionGridCode },
      });
    }
  }

  const communityCodes = [...new Set(grids.map((g) => g.communityCode))];
  const geoms = await repo.communityGeometries(db, communityCodes);
  const covered = new Map<string, number>();
  for (const g of grids) {
    if (!geoms.has(g.communityCode)) {
      problems.push({
        kind: 'unknown_community',
        code: g.code,
        index: g.index,
        message: `Grid ${g.code}: community ${g.communityCode} does not exist; create it first`,
        params: { feature: g.index, community: g.communityCode },
      });
      continue;
    }
    const cg = geoms.get(g.communityCode) as Polygon | MultiPolygon | null;
    if (cg && !booleanPointInPolygon(g.centroid, cg)) {
      problems.push({
        kind: 'outside_community',
        code: g.code,
        index: g.index,
        message: `Grid ${g.code} lies outside its community ${g.communityCode}`,
        params: { feature: g.index, community: g.communityCode },
      });
    }
    covered.set(g.communityCode, (covered.get(g.communityCode) ?? 0) + g.areaM2);
  }
  for (const [c, sum] of covered) {
    const cg = geoms.get(c) as Polygon | MultiPolygon | null;
    if (!cg) continue;
    const total = area(cg);
    if (total > 0 && sum < total * (1 - GAP_TOLERANCE)) {
      problems.push({
        kind: 'gap',
        code: c,
        index: -1,
        message: `Community ${c}: its grids cover ${Math.round((sum / total) * 100)}% of it; ${Math.round(total - sum)} m² have no grid`,
        params: { percent: Math.round((sum / total) * 100), m2: Math.round(total - sum) },
      });
    }
  }
  if (features.length === 0) {
    problems.push({
      kind: 'no_features',
      code: null,
      index: -1,
      message: 'The FeatureCollection holds no features',
    });
  }
  const badIndexes = new Set(problems.filter((p) => p.index >= 0).map((p) => p.index));
  return {
    report: {
      ok: problems.length === 0,
      total: features.length,
      valid: features.length - badIndexes.size,
      problems,
    },
    grids,
  };
}

/** Runs grid imports as jobs: all grids in one transaction, so a failure leaves nothing half-imported. */
export class GridImportService {
  private readonly jobs: ImportJobs;
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly grids: GridService,
  ) {
    this.jobs = new ImportJobs(db, 'unit_grids');
  }

  start(input: ImportInput, actor: Actor): Promise<ImportJob> {
    return this.jobs.start(actor, {
      validate: async () => {
        const { report, grids } = await validateGridImport(this.db, input);
        return { report, items: grids };
      },
      write: async (grids, job) => {
        await this.db.tx(async (q) => {
          for (let i = 0; i < grids.length; i += BATCH) {
            await repo.upsertGrids(q, grids.slice(i, i + BATCH));
            job.processed = Math.min(grids.length, i + BATCH);
          }
          await audit(q, actor, {
            action: 'import',
            entity: 'unit_grid',
            entityId: null,
            after: { count: grids.length, job: job.id },
          });
        });
        // This node answers from the new grids at once; the others reload when the event reaches them.
        await this.grids.reload();
        await this.bus.publish({ type: 'grids.imported', data: { count: grids.length } });
      },
    });
  }

  get(id: number): ImportJob {
    return this.jobs.get(id);
  }
}
