import type { Actor } from '../../actor.js';
import type { EntityNamer } from '../audit/audit.log.js';
import { DomainError, jurisdictionCoversArea, type Jurisdiction } from '@cityloop/domain';
import type { DepartmentInput } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import * as repo from './org.repository.js';

export interface DepartmentRecord {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  districtCode: string | null;
  componentCategories: string[];
  eventCategories: string[];
  areaCodes: string[];
  authority: string | null;
  active: boolean;
}

type NamedTable = 'districts' | 'streets' | 'communities' | 'supervision_grids';

/** The area code prefix a jurisdiction may see; null for the whole city. */
export function areaPrefix(j: Jurisdiction): string | null {
  return j.level === 'district' || j.level === 'street' ? j.code : null;
}

function assertInJurisdiction(j: Jurisdiction, code: string) {
  if (j.level !== 'city' && !jurisdictionCoversArea(j, code)) {
    throw new DomainError('auth.out_of_jurisdiction', `${code} is outside your jurisdiction`);
  }
}

/** Districts, streets, communities, supervision grids and departments: the city's organisation. */
export class OrgService {
  private deptCache: Promise<Map<number, DepartmentRecord>> | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'org.changed') this.deptCache = null;
    });
  }

  /** Every department by id, cached until the organisation changes (dispatch hot path). */
  allDepartments(): Promise<Map<number, DepartmentRecord>> {
    this.deptCache ??= repo
      .listDepartments(this.db, { areaPrefix: null, pageSize: 100_000 })
      .then((p) => new Map((p.items as DepartmentRecord[]).map((d) => [d.id, d])));
    return this.deptCache;
  }

  districts = () => repo.listDistricts(this.db);
  streets = (a: repo.ListArgs & { districtCode?: string | undefined }) => repo.listStreets(this.db, a);
  communities = (a: repo.ListArgs & { streetCode?: string | undefined }) => repo.listCommunities(this.db, a);
  supervisionGrids = (a: repo.ListArgs & { streetCode?: string | undefined }) =>
    repo.listSupervisionGrids(this.db, a);
  unitGrids = (a: repo.ListArgs & { communityCode?: string | undefined }) => repo.listUnitGrids(this.db, a);
  departments = (a: repo.ListArgs & { category?: string | undefined }) => repo.listDepartments(this.db, a);

  /** The organisation's things as the audit log names them: departments by id, areas by code. */
  auditNamer(table: 'departments' | NamedTable): EntityNamer {
    return {
      names: async (keys) =>
        new Map(
          (await repo.namesOf(this.db, table, keys)).map((r) => [r.key, { name: r.name, nameEn: r.nameEn }]),
        ),
    };
  }

  async department(id: number) {
    const d = await repo.getDepartment(this.db, id);
    if (!d) throw new DomainError('not_found', `Department ${id} does not exist`);
    return d;
  }

  async rename(table: NamedTable, code: string, name: string, actor: Actor) {
    assertInJurisdiction(actor.user!.jurisdiction, code);
    await this.db.tx(async (q) => {
      const before = await repo.getNamed(q, table, code);
      if (!before) throw new DomainError('not_found', `${table} ${code} does not exist`);
      await repo.rename(q, table, code, name);
      await audit(q, actor, {
        action: 'update',
        entity: table,
        entityId: code,
        before,
        after: { code, name },
      });
    });
    await this.changed(code);
    return { code, name };
  }

  async createStreet(code: string, name: string, actor: Actor) {
    assertInJurisdiction(actor.user!.jurisdiction, code);
    await this.create(
      'streets',
      code,
      async (q) => {
        if (!(await repo.getNamed(q, 'districts', code.slice(0, 6))))
          throw new DomainError('validation.failed', `District ${code.slice(0, 6)} does not exist`);
        await repo.insertStreet(q, code, name);
      },
      { code, name },
      actor,
    );
    return { code, name };
  }

  async createCommunity(code: string, name: string, actor: Actor) {
    assertInJurisdiction(actor.user!.jurisdiction, code);
    await this.create(
      'communities',
      code,
      async (q) => {
        if (!(await repo.getNamed(q, 'streets', code.slice(0, 9))))
          throw new DomainError('validation.failed', `Street ${code.slice(0, 9)} does not exist`);
        await repo.insertCommunity(q, code, name);
      },
      { code, name },
      actor,
    );
    return { code, name };
  }

  async createSupervisionGrid(code: string, name: string, streetCode: string, actor: Actor) {
    assertInJurisdiction(actor.user!.jurisdiction, streetCode);
    await this.create(
      'supervision_grids',
      code,
      async (q) => {
        if (!(await repo.getNamed(q, 'streets', streetCode)))
          throw new DomainError('validation.failed', `Street ${streetCode} does not exist`);
        await repo.insertSupervisionGrid(q, code, name, streetCode);
      },
      { code, name, streetCode },
      actor,
    );
    return { code, name, streetCode };
  }

  async saveDepartment(id: number | null, d: DepartmentInput, actor: Actor) {
    const saved = await this.db.tx(async (q) => {
      const before = id === null ? null : await repo.getDepartment(q, id);
      if (id !== null && !before) throw new DomainError('not_found', `Department ${id} does not exist`);
      try {
        const newId = id ?? (await repo.insertDepartment(q, d));
        if (id !== null) await repo.updateDepartment(q, id, d);
        await audit(q, actor, {
          action: id === null ? 'create' : 'update',
          entity: 'departments',
          entityId: newId,
          before,
          after: d,
        });
        return newId;
      } catch (err) {
        throw uniqueViolation(err, `Department code ${d.code} is taken`);
      }
    });
    await this.changed(null);
    return this.department(saved);
  }

  private async create(
    table: NamedTable,
    code: string,
    insert: (q: Parameters<Parameters<Db['tx']>[0]>[0]) => Promise<void>,
    after: unknown,
    actor: Actor,
  ) {
    await this.db.tx(async (q) => {
      if (await repo.getNamed(q, table, code)) throw new DomainError('conflict', `${code} exists already`);
      await insert(q);
      await audit(q, actor, { action: 'create', entity: table, entityId: code, after });
    });
    await this.changed(code);
  }

  private async changed(code: string | null) {
    // This node sees the change at once; other nodes when the event reaches them.
    this.deptCache = null;
    await this.bus.publish({ type: 'org.changed', data: { code } });
  }
}

/** Turns a unique-constraint violation into a 409 with a readable message. */
export function uniqueViolation(err: unknown, message: string): unknown {
  if (err && typeof err === 'object' && 'code' in err && (err as { code: unknown }).code === '23505') {
    return new DomainError('conflict', message);
  }
  return err;
}
