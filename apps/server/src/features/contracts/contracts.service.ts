import {
  DomainError,
  SERVICE_CATEGORIES,
  ZoneClock,
  serviceCovers,
  type ContractService as Service,
} from '@cityloop/domain';
import type { Contract, ContractList, NewContract } from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import { audit } from '../audit/audit.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { OrgOffer } from '../org/org.module.js';
import * as repo from './contracts.repository.js';
import { SectionIndex, resolveSection, type Layers } from './contracts.sections.js';

/** The bureau's roles that see every contract; anyone else (a contractor's staff) sees their own. */
const BUREAU_ROLES = new Set(['leader', 'supervisor', 'dispatcher', 'admin']);

/** Months a contract's period spans, counted by calendar month (its monthly payment divides by them). */
export function monthsOf(start: string, end: string): number {
  const [y1, m1] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  const [y2, m2] = [Number(end.slice(0, 4)), Number(end.slice(5, 7))];
  return Math.max(1, (y2 - y1) * 12 + (m2 - m1) + 1);
}

export interface ContractDeps {
  org: OrgOffer;
  grids: GridsOffer;
  /** The base map's layers (outlines and named roads) the sections are chosen from. */
  layers: () => Promise<Layers>;
}

/**
 * Market-run services (市场化运作): the contracts, their sections, and which contractor answers for
 * a case's place and category. A contractor's project team is a department (a handling unit), so
 * the case loop dispatches to it and the evaluation scores it like any unit.
 */
export class ContractService {
  private readonly zone: ZoneClock;
  private contracts = new Map<number, repo.ContractRow>();
  private sections: repo.SectionRow[] = [];
  private index = new SectionIndex([]);

  constructor(
    private readonly db: Db,
    private readonly d: ContractDeps,
    timeZone: string,
    private readonly clock: Clock,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  /** Reads the contracts and their sections into memory (the dispatch path asks synchronously). */
  async reload(): Promise<void> {
    const [rows, sections] = await Promise.all([
      repo.listContracts(this.db, null),
      repo.sectionsOf(this.db, null),
    ]);
    this.contracts = new Map(rows.map((r) => [r.id, r]));
    this.sections = sections;
    this.index = new SectionIndex(sections);
  }

  async count(): Promise<number> {
    return repo.countContracts(this.db);
  }

  today(): string {
    return this.zone.dateKeyOf(this.clock.now().getTime());
  }

  /**
   * The contractors' units answering for a case: contracts in force today whose service covers
   * the case's category and whose sections cover its grid.
   */
  unitsFor(c: { kind: 'component' | 'event'; category: string; grid_code: string }): number[] {
    const today = this.today();
    return this.index
      .contractsAt(c.grid_code)
      .map((id) => this.contracts.get(id))
      .filter(
        (k): k is repo.ContractRow =>
          !!k && k.start_date <= today && today <= k.end_date && serviceCovers(k.service, c.kind, c.category),
      )
      .map((k) => k.department_id);
  }

  /** The department whose contracts a user may see: null for the bureau (all of them). */
  ownDepartment(user: SessionUser): number | null {
    if (user.roles.some((r) => BUREAU_ROLES.has(r))) return null;
    // A contractor's staff: their project team's contracts only (-1: none).
    return user.jurisdiction.departmentId ?? user.departmentId ?? -1;
  }

  /** A contract the actor may see, or 404 / 403. */
  async contractFor(id: number, actor: Actor): Promise<repo.ContractRow> {
    const c = this.contracts.get(id) ?? (await repo.getContract(this.db, id));
    if (!c) throw new DomainError('contract.not_found', `Contract ${id} does not exist`);
    const own = this.ownDepartment(actingUser(actor));
    if (own !== null && c.department_id !== own)
      throw new DomainError('auth.out_of_jurisdiction', `Contract ${c.code} is another contractor's`);
    return c;
  }

  /** Every contract in force in a month, or those of the given ids. */
  inForce(month: string, ids?: readonly number[]): repo.ContractRow[] {
    return [...this.contracts.values()].filter(
      (c) => (!ids || ids.includes(c.id)) && c.start_date <= `${month}-31` && c.end_date >= `${month}-01`,
    );
  }

  async list(actor: Actor): Promise<ContractList> {
    const own = this.ownDepartment(actingUser(actor));
    const rows = [...this.contracts.values()]
      .filter((c) => own === null || c.department_id === own)
      .sort((a, b) => a.code.localeCompare(b.code));
    return { items: rows.map((c) => this.present(c)) };
  }

  async get(id: number, actor: Actor): Promise<Contract> {
    return this.present(await this.contractFor(id, actor));
  }

  present(c: repo.ContractRow): Contract {
    const today = this.today();
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      nameEn: c.name_en,
      service: c.service,
      contractor: c.contractor,
      contractorEn: c.contractor_en,
      departmentId: c.department_id,
      districtCode: c.district_code,
      standard: c.standard,
      standardEn: c.standard_en,
      valueYuan: c.value_yuan,
      monthlyYuan: Math.round((c.value_yuan / monthsOf(c.start_date, c.end_date)) * 100) / 100,
      startDate: c.start_date,
      endDate: c.end_date,
      paymentTerms: c.payment_terms,
      paymentTermsEn: c.payment_terms_en,
      rules: c.rules,
      status: today < c.start_date ? 'planned' : today > c.end_date ? 'ended' : 'active',
      sections: this.sections
        .filter((s) => s.contract_id === c.id)
        .map((s) => ({
          kind: s.kind,
          ref: s.ref,
          name: s.name,
          nameEn: s.name_en,
          lines: s.lines,
          gridCount: s.codes.filter((x) => x.length === 15).length,
        })),
    };
  }

  /**
   * Registers a contract: its sections resolved to the grids they cover, and its contractor's
   * project team as a handling unit for the service's categories (in the contract's district).
   */
  async create(body: NewContract, actor: Actor): Promise<Contract> {
    if (body.startDate > body.endDate)
      throw new DomainError('validation.failed', 'A contract ends on or after the day it starts');
    if ([...this.contracts.values()].some((c) => c.code === body.code))
      throw new DomainError('conflict', `Contract ${body.code} exists already`);
    const layers = await this.d.layers();
    if (
      body.districtCode &&
      !layers.districts?.features?.some((f) => f.properties.code === body.districtCode)
    )
      throw new DomainError('validation.failed', `No district ${body.districtCode}`);
    const sections = body.sections.map((s) => resolveSection(s, layers, this.d.grids));
    const cats = SERVICE_CATEGORIES[body.service as Service];
    const team = (await this.d.org.saveDepartment(
      null,
      {
        code: `ct-${body.code}`.toLowerCase(),
        name: `${body.contractor}（${body.name}项目部）`.slice(0, 100),
        nameEn: `${body.contractorEn} (${body.nameEn} team)`.slice(0, 100),
        kind: 'contractor',
        districtCode: body.districtCode,
        componentCategories: cats.component,
        eventCategories: cats.event,
        areaCodes: [],
        authority: body.name,
      },
      actor,
    )) as { id: number };
    const id = await this.db.tx(async (q) => {
      const newId = await repo.insertContract(
        q,
        {
          code: body.code,
          name: body.name,
          name_en: body.nameEn,
          service: body.service,
          contractor: body.contractor,
          contractor_en: body.contractorEn,
          department_id: team.id,
          district_code: body.districtCode,
          standard: body.standard,
          standard_en: body.standardEn,
          value_yuan: body.valueYuan,
          start_date: body.startDate,
          end_date: body.endDate,
          payment_terms: body.paymentTerms,
          payment_terms_en: body.paymentTermsEn,
          rules: body.rules,
        },
        sections,
      );
      const { sections: _drawn, ...rest } = body;
      await audit(q, actor, {
        action: 'create',
        entity: 'contract',
        entityId: newId,
        after: {
          ...rest,
          departmentId: team.id,
          sections: sections.map((s) => ({ kind: s.kind, ref: s.ref, grids: s.codes.length })),
        },
      });
      return newId;
    });
    await this.reload();
    return this.present(this.contracts.get(id)!);
  }
}
