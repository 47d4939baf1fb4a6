import type { Actor } from '../../actor.js';
import gcoord from 'gcoord';
import { placeNameEn } from '@cityloop/citygen';
import { DomainError } from '@cityloop/domain';
import type { GridInfo, GridPatch } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import { GridIndex, type IndexedGrid } from './gridIndex.js';
import * as repo from './grids.repository.js';

interface LoadedGrid extends IndexedGrid {
  row: repo.GridRow;
}

type Crs = 'wgs84' | 'gcj02' | 'bd09';

/** Converts a point given in a Chinese map datum to WGS-84, the datum we store. */
export function toWgs84(lon: number, lat: number, crs: Crs = 'wgs84'): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  const [x, y] = gcoord.transform([lon, lat], from, gcoord.WGS84) as [number, number];
  return [x, y];
}

/** A WGS-84 point in the caller's coordinate system (answers given back in the crs asked in). */
export function fromWgs84(lon: number, lat: number, crs: Crs = 'wgs84'): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const to = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, to) as [number, number];
  return [x, y];
}

/** The unit grids of the city, held in memory for point lookups and map drawing. */
export class GridService {
  private index = new GridIndex<LoadedGrid>([]);
  private byCode = new Map<string, LoadedGrid>();
  private names = new Map<string, { name: string; parent: string | null }>();
  private supervisionNames = new Map<string, string>();
  // Each grid's answer, built once per load: the hot path of intake and the map serves from here.
  private infoByCode = new Map<string, GridInfo>();
  private jsonByCode = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {
    // Every node reloads when any node changes grids (the bus spans nodes in PostgreSQL mode).
    bus.subscribe((e) => {
      if (e.type === 'grid.updated' || e.type === 'grids.imported' || e.type === 'org.changed')
        void this.reload();
    });
  }

  async reload(): Promise<void> {
    const [rows, names] = await Promise.all([repo.loadAllGrids(this.db), repo.loadNames(this.db)]);
    const loaded: LoadedGrid[] = rows.map((row) => ({
      code: row.code,
      polygon: row.polygon,
      bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
      row,
    }));
    this.index = new GridIndex(loaded);
    this.byCode = new Map(loaded.map((g) => [g.code, g]));
    this.names = new Map(
      [...names.district, ...names.street, ...names.community].map((n) => [
        n.code,
        { name: n.name, parent: n.parent },
      ]),
    );
    this.supervisionNames = new Map(names.supervision.map((n) => [n.code, n.name]));
    this.infoByCode = new Map(loaded.map((g) => [g.code, this.info(g.row)]));
    this.jsonByCode = new Map([...this.infoByCode].map(([code, info]) => [code, JSON.stringify(info)]));
  }

  get size(): number {
    return this.byCode.size;
  }

  /** Code of the grid containing a WGS-84 point, or null: the hot path of intake. */
  /**
   * The grid import's template: the grids of the city's smallest community as they are stored,
   * one Feature per grid with the properties the import reads. Imported unchanged it validates
   * (a community imported whole leaves no gap), so a person can start from a file that works.
   */
  importTemplate() {
    const byCommunity = new Map<string, repo.GridRow[]>();
    for (const g of this.byCode.values()) {
      const list = byCommunity.get(g.row.community_code) ?? [];
      list.push(g.row);
      byCommunity.set(g.row.community_code, list);
    }
    const smallest = [...byCommunity.values()].sort((a, b) => a.length - b.length)[0] ?? [];
    return {
      type: 'FeatureCollection' as const,
      features: smallest.map((g) => ({
        type: 'Feature' as const,
        properties: {
          code: g.code,
          supervisionGridCode: g.supervision_grid_code,
          responsibleBody: g.responsible_body,
        },
        geometry: { type: 'Polygon' as const, coordinates: g.polygon },
      })),
    };
  }

  codeAt(lon: number, lat: number): string | null {
    return this.index.at(lon, lat)?.code ?? null;
  }

  at(lon: number, lat: number, crs: Crs = 'wgs84'): GridInfo {
    return this.infoByCode.get(this.requireCodeAt(lon, lat, crs))!;
  }

  /** The same answer as at(), already serialised (it is the same for every caller). */
  atJson(lon: number, lat: number, crs: Crs = 'wgs84'): string {
    return this.jsonByCode.get(this.requireCodeAt(lon, lat, crs))!;
  }

  private requireCodeAt(lon: number, lat: number, crs: Crs): string {
    const [x, y] = toWgs84(lon, lat, crs);
    const g = this.index.at(x, y);
    if (!g) {
      throw new DomainError('grid.not_found', `No unit grid contains lon ${lon}, lat ${lat} (${crs})`, {
        lon,
        lat,
      });
    }
    return g.code;
  }

  get(code: string): GridInfo {
    const info = this.infoByCode.get(code);
    if (!info) throw new DomainError('not_found', `Unit grid ${code} does not exist`);
    return info;
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** Grids meeting a box, as GeoJSON for the map. */
  inBox(box: [number, number, number, number], limit: number) {
    const grids = this.index.inBox(box[0], box[1], box[2], box[3], limit);
    return {
      type: 'FeatureCollection' as const,
      truncated: grids.length >= limit,
      features: grids.map((g) => ({
        type: 'Feature' as const,
        id: g.code,
        properties: {
          code: g.code,
          communityCode: g.row.community_code,
          supervisionGridCode: g.row.supervision_grid_code,
          responsibleBody: g.row.responsible_body,
        },
        geometry: { type: 'Polygon' as const, coordinates: g.polygon },
      })),
    };
  }

  /** Codes of every grid in a supervision grid (for inspectors' task routing). */
  codesInSupervisionGrid(code: string): string[] {
    return [...this.byCode.values()].filter((g) => g.row.supervision_grid_code === code).map((g) => g.code);
  }

  supervisionGridOf(code: string): string | null {
    return this.byCode.get(code)?.row.supervision_grid_code ?? null;
  }

  async update(code: string, patch: GridPatch, actor: Actor): Promise<GridInfo> {
    await this.db.tx(async (q) => {
      const before = await repo.getGridForUpdate(q, code);
      if (!before) throw new DomainError('not_found', `Unit grid ${code} does not exist`);
      const next = {
        responsibleBody:
          patch.responsibleBody !== undefined ? patch.responsibleBody : before.responsible_body,
        supervisionGridCode:
          patch.supervisionGridCode !== undefined ? patch.supervisionGridCode : before.supervision_grid_code,
      };
      if (next.supervisionGridCode && !(await repo.supervisionGridExists(q, next.supervisionGridCode))) {
        throw new DomainError(
          'validation.failed',
          `Supervision grid ${next.supervisionGridCode} does not exist`,
        );
      }
      await repo.updateGrid(q, code, next);
      await audit(q, actor, {
        action: 'update',
        entity: 'unit_grid',
        entityId: code,
        before: {
          responsibleBody: before.responsible_body,
          supervisionGridCode: before.supervision_grid_code,
        },
        after: next,
      });
    });
    await this.reload();
    await this.bus.publish({ type: 'grid.updated', scope: { areaCode: code }, data: { code } });
    return this.get(code);
  }

  /** English names by Chinese, made once: ten thousand grids share a few hundred areas. */
  private readonly english = new Map<string, string>();

  /** An area's code and name, with its English name for the English interface (芝罘区 → Zhifu District). */
  private codeName(code: string, name: string) {
    let nameEn = this.english.get(name);
    if (nameEn === undefined) {
      nameEn = placeNameEn(name);
      this.english.set(name, nameEn);
    }
    return { code, name, nameEn };
  }

  private info(row: repo.GridRow): GridInfo {
    const community = this.names.get(row.community_code);
    const streetCode = row.community_code.slice(0, 9);
    const districtCode = row.community_code.slice(0, 6);
    const street = this.names.get(streetCode);
    const district = this.names.get(districtCode);
    return {
      code: row.code,
      community: this.codeName(row.community_code, community?.name ?? ''),
      street: this.codeName(streetCode, street?.name ?? ''),
      district: this.codeName(districtCode, district?.name ?? ''),
      // Where no responsible body is named, the territorial street is responsible.
      responsibleBody: row.responsible_body ?? `${street?.name ?? streetCode}办事处`,
      supervisionGrid: row.supervision_grid_code
        ? {
            code: row.supervision_grid_code,
            name: this.supervisionNames.get(row.supervision_grid_code) ?? '',
          }
        : null,
      areaM2: row.area_m2,
      centroid: [row.centroid_lon, row.centroid_lat],
      polygon: row.polygon as [number, number][][],
      version: row.version,
    };
  }
}
