import type { Actor } from '../../actor.js';
import { degreesAround, metresBetween } from '@cityloop/domain';
import { DomainError, ZoneClock, categoryByCode } from '@cityloop/domain';
import type {
  AccuracyClass,
  ComponentCaseEntry,
  ComponentDetail,
  ComponentFeatureCollection,
  ComponentHistory,
  ComponentListQuery,
  ComponentPage,
  ComponentMapQuery,
  ComponentNearby,
  ComponentNearbyQuery,
  ComponentPatch,
  ComponentState,
  ComponentSummary,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import * as repo from './components.repository.js';

/**
 * Where the case loop plugs in: given a component code, the cases about that component, newest
 * first. The cases feature registers it through `setCaseHistorySource` at wiring time.
 */
export type ComponentCaseHistorySource = (componentCode: string) => Promise<ComponentCaseEntry[]>;

/** The fields a person can change, as they are compared for the history. */
type Tracked = Pick<
  repo.ComponentFields,
  | 'state'
  | 'maintainerDeptId'
  | 'owner'
  | 'competentDept'
  | 'note'
  | 'lon'
  | 'lat'
  | 'gridCode'
  | 'accuracyClass'
>;

/** Field → [before, after] for every field that differs. */
export function diffFields<T extends object>(before: T | null, after: T): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    const old: unknown = before ? (before as Record<string, unknown>)[key] : null;
    if (before === null || old !== value) changes[key] = [before === null ? null : old, value];
  }
  return changes;
}

export function fieldsOf(row: repo.ComponentRow): repo.ComponentFields {
  return {
    code: row.code,
    category: row.category,
    name: row.name,
    competentDept: row.competent_dept,
    owner: row.owner,
    maintainerDeptId: row.maintainer_dept_id,
    gridCode: row.grid_code,
    state: row.state,
    censusDate: row.census_date,
    changeDate: row.change_date,
    source: row.source,
    accuracyClass: row.accuracy_class,
    lon: row.lon,
    lat: row.lat,
    note: row.note,
  };
}

const tracked = (f: repo.ComponentFields): Tracked => ({
  state: f.state,
  maintainerDeptId: f.maintainerDeptId,
  owner: f.owner,
  competentDept: f.competentDept,
  note: f.note,
  lon: f.lon,
  lat: f.lat,
  gridCode: f.gridCode,
  accuracyClass: f.accuracyClass,
});

/** The component registry (部件): map layer, tables, nearby search, edits with history. */
export class ComponentService {
  private caseHistory: ComponentCaseHistorySource | null = null;
  private readonly clock: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly grids: GridsOffer,
    timeZone: string,
  ) {
    this.clock = new ZoneClock(timeZone);
  }

  /** Called once by the cases feature so a component's history lists the cases about it. */
  setCaseHistorySource(source: ComponentCaseHistorySource): void {
    this.caseHistory = source;
  }

  /** Today in the city, for change dates. */
  today(): string {
    return this.clock.dateKeyOf(Date.now());
  }

  /** Components in a box as GeoJSON points, for the map layer. */
  async inBox(query: ComponentMapQuery): Promise<ComponentFeatureCollection> {
    const [minLon, minLat, maxLon, maxLat] = query.bbox.split(',').map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (!(minLon <= maxLon && minLat <= maxLat)) {
      throw new DomainError('validation.failed', 'bbox must be minLon,minLat,maxLon,maxLat');
    }
    const limit = query.limit ?? 5000;
    const rows = await repo.inBox(
      this.db,
      { minLon, minLat, maxLon, maxLat },
      { category: query.category, state: query.state },
      limit + 1,
    );
    return {
      type: 'FeatureCollection',
      truncated: rows.length > limit,
      features: rows.slice(0, limit).map((r) => ({
        type: 'Feature',
        id: r.code,
        properties: { code: r.code, category: r.category, name: r.name, state: r.state },
        geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      })),
    };
  }

  /**
   * A page of the component table: by keyset after `after` (`page` then only numbers it, as the
   * client counts), or, for old clients that send a page number alone, by that number.
   */
  async list(query: ComponentListQuery): Promise<ComponentPage> {
    const pageSize = query.pageSize ?? 20;
    const page = query.page ?? 1;
    const skip = query.after ? 0 : (page - 1) * pageSize;
    const r = await repo.list(this.db, query, pageSize, skip);
    return { items: r.items.map(summary), total: r.total, page, pageSize, next: r.next };
  }

  /** The instances nearest a point within `radius` metres, nearest first (the report form's picker). */
  async nearby(query: ComponentNearbyQuery): Promise<ComponentNearby[]> {
    const radius = query.radius ?? 50;
    const here: [number, number] = [query.lon, query.lat];
    const { dLat, dLon } = degreesAround(query.lat, radius);
    // The box around the circle; a few candidates, measured exactly below.
    const rows = await repo.inBox(
      this.db,
      {
        minLon: query.lon - dLon,
        minLat: query.lat - dLat,
        maxLon: query.lon + dLon,
        maxLat: query.lat + dLat,
      },
      { category: query.category },
      50_000,
    );
    return rows
      .map((r) => ({ ...summary(r), distanceM: metresBetween(here, [r.lon, r.lat]) }))
      .filter((c) => c.distanceM <= radius)
      .sort((a, b) => a.distanceM - b.distanceM || a.code.localeCompare(b.code))
      .slice(0, query.limit ?? 20)
      .map((c) => ({ ...c, distanceM: Math.round(c.distanceM * 10) / 10 }));
  }

  async get(code: string): Promise<ComponentDetail> {
    const row = await repo.get(this.db, code);
    if (!row) throw new DomainError('not_found', `Component ${code} does not exist`);
    return detail(row);
  }

  /**
   * Changes state, maintainer, owner, competent department, note or position. A new position
   * must lie in a unit grid of the component's own district (its code names the district); the
   * grid is looked up again. Audited, and appended to the component's history.
   */
  async update(code: string, patch: ComponentPatch, actor: Actor): Promise<ComponentDetail> {
    let gridCode = '';
    await this.db.tx(async (q) => {
      const before = (await repo.getForUpdate(q, [code])).get(code);
      if (!before) throw new DomainError('not_found', `Component ${code} does not exist`);
      if (patch.version !== undefined && patch.version !== before.version) {
        throw new DomainError(
          'conflict',
          `Component ${code} was changed meanwhile (version ${before.version}, not ${patch.version}); reload it`,
        );
      }
      const old = fieldsOf(before);
      const next: repo.ComponentFields = { ...old };
      if (patch.state !== undefined) next.state = patch.state;
      if (patch.owner !== undefined) next.owner = patch.owner;
      if (patch.competentDept !== undefined) next.competentDept = patch.competentDept;
      if (patch.note !== undefined) next.note = patch.note;
      if (patch.accuracyClass !== undefined) next.accuracyClass = patch.accuracyClass;
      if (patch.maintainerDeptId !== undefined) {
        if (patch.maintainerDeptId !== null && !(await repo.departmentById(q, patch.maintainerDeptId))) {
          throw new DomainError('validation.failed', `Department ${patch.maintainerDeptId} does not exist`);
        }
        next.maintainerDeptId = patch.maintainerDeptId;
      }
      if (patch.position) {
        const [lon, lat] = patch.position;
        next.lon = lon;
        next.lat = lat;
        next.gridCode = this.gridFor(code, lon, lat);
      }
      const changes = diffFields(tracked(old), tracked(next));
      gridCode = next.gridCode;
      if (Object.keys(changes).length === 0) return;
      next.changeDate = this.today();
      await repo.update(q, next);
      await repo.appendEvents(q, [
        {
          code,
          action: 'updated',
          userId: actor.user?.id ?? null,
          username: actor.user?.username ?? 'system',
          changes,
          requestId: actor.requestId,
        },
      ]);
      await audit(q, actor, {
        action: 'update',
        entity: 'component',
        entityId: code,
        before: tracked(old),
        after: tracked(next),
      });
    });
    await this.bus.publish({ type: 'component.updated', scope: { areaCode: gridCode }, data: { code } });
    return this.get(code);
  }

  /** The grid a component at this point belongs to; refuses points outside its district. */
  gridFor(code: string, lon: number, lat: number): string {
    const grid = this.grids.codeAt(lon, lat);
    if (!grid) {
      throw new DomainError(
        'validation.failed',
        `Position ${lon}, ${lat} lies outside every unit grid of the city`,
        { lon, lat },
      );
    }
    if (grid.slice(0, 6) !== code.slice(0, 6)) {
      throw new DomainError(
        'validation.failed',
        `Position ${lon}, ${lat} lies in district ${grid.slice(0, 6)}, but component ${code} is coded in district ${code.slice(0, 6)}`,
        { lon, lat, gridCode: grid },
      );
    }
    return grid;
  }

  /** The component's own changes and, once the case loop registers its source, the cases about it. */
  async history(code: string): Promise<ComponentHistory> {
    if (!(await repo.exists(this.db, code))) {
      throw new DomainError('not_found', `Component ${code} does not exist`);
    }
    const [events, cases] = await Promise.all([
      repo.events(this.db, code),
      this.caseHistory ? this.caseHistory(code) : Promise.resolve([]),
    ]);
    return { code, events, cases };
  }
}

function categoryName(code: string): string {
  return categoryByCode(code, 'component')?.name ?? code;
}

function summary(r: repo.ComponentRow): ComponentSummary {
  return {
    code: r.code,
    category: r.category,
    categoryName: categoryName(r.category),
    name: r.name,
    state: r.state as ComponentState,
    gridCode: r.grid_code,
    maintainerDeptId: r.maintainer_dept_id,
    maintainerDeptName: r.maintainer_name,
    position: [r.lon, r.lat],
    changeDate: r.change_date,
  };
}

function detail(r: repo.ComponentRow): ComponentDetail {
  const category = categoryByCode(r.category, 'component');
  return {
    code: r.code,
    category: r.category,
    categoryName: category?.name ?? r.category,
    majorName: category?.majorName ?? '',
    name: r.name,
    competentDept: r.competent_dept,
    owner: r.owner,
    maintainer:
      r.maintainer_dept_id !== null
        ? { id: r.maintainer_dept_id, code: r.maintainer_code ?? '', name: r.maintainer_name ?? '' }
        : null,
    gridCode: r.grid_code,
    state: r.state as ComponentState,
    censusDate: r.census_date,
    changeDate: r.change_date,
    source: r.source,
    accuracyClass: r.accuracy_class as AccuracyClass,
    position: [r.lon, r.lat],
    note: r.note,
    version: r.version,
    updatedAt: r.updated_at,
  };
}
