import { DomainError } from '@cityloop/domain';
import { PROJECTION_YEARS, projectDemand, shortfallYear } from '@cityloop/domain/infrastructure/capacity';
import type {
  CapacityAssumptionBody,
  CapacityReport,
  ProjectList,
  ProjectListQuery,
  ProjectView,
} from '@cityloop/domain/api';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import * as repo from './projects.repository.js';

/** Major infrastructure projects (基础设施项目): plants with capacity, budget, progress and milestones. */
export class ProjectService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** Today in the city, as YYYY-MM-DD. */
  private today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone }).format(this.clock.now());
  }

  async list(query: ProjectListQuery, _actor: Actor): Promise<ProjectList> {
    const { projects, milestones } = await repo.list(this.db, query);
    const today = this.today();
    const items = projects.map((p): ProjectView => ({
      id: p.id,
      code: p.code,
      name: p.name,
      nameEn: p.name_en,
      type: p.type as ProjectView['type'],
      owner: p.owner,
      budgetFen: p.budget_fen === null ? null : Number(p.budget_fen),
      capacity: p.capacity,
      capacityLater: p.capacity_later,
      capacityUnit: p.capacity_unit as ProjectView['capacityUnit'],
      progressPct: p.progress_pct,
      status: p.status as ProjectView['status'],
      startYear: p.start_year,
      endYear: p.end_year,
      milestones: milestones
        .filter((m) => m.project_id === p.id)
        .map((m) => ({
          seq: m.seq,
          name: m.name,
          nameEn: m.name_en,
          dueDate: m.due_date,
          doneDate: m.done_date,
          late: m.done_date === null && m.due_date < today,
        })),
    }));
    return { items };
  }

  /** The city's current year. */
  private year(): number {
    return Number(this.today().slice(0, 4));
  }

  /** Each plant's capacity against today's throughput grown over 15 years, and the year it runs short. */
  async capacity(): Promise<CapacityReport> {
    const baseYear = this.year();
    const rows = await repo.capacityRows(this.db);
    return {
      baseYear,
      years: PROJECTION_YEARS,
      items: rows.map((p) => {
        const projection =
          p.throughput === null ? [] : projectDemand(p.throughput, p.demand_growth_pct ?? 0, baseYear);
        return {
          id: p.id,
          code: p.code,
          name: p.name,
          nameEn: p.name_en,
          type: p.type as ProjectView['type'],
          status: p.status as ProjectView['status'],
          capacityUnit: p.capacity_unit as ProjectView['capacityUnit'],
          capacity: p.capacity,
          capacityLater: p.capacity_later,
          throughput: p.throughput,
          growthPct: p.demand_growth_pct,
          utilisationPct:
            p.throughput !== null && p.capacity ? Math.round((p.throughput / p.capacity) * 1000) / 10 : null,
          projection,
          shortYear: shortfallYear(projection, p.capacity),
          shortYearLater: shortfallYear(projection, p.capacity_later),
        };
      }),
    };
  }

  /** The admin sets a plant's throughput today and the yearly growth of its demand. */
  async setAssumption(id: number, body: CapacityAssumptionBody, actor: Actor): Promise<CapacityReport> {
    await this.db.tx(async (q) => {
      const before = await repo.setAssumption(q, id, body.throughput, body.growthPct);
      if (!before) throw new DomainError('not_found', `No project ${id}`);
      await audit(q, actor, {
        action: 'update',
        entity: 'infra_project',
        entityId: String(id),
        before: { throughput: before.throughput, growthPct: before.demand_growth_pct },
        after: body,
      });
    });
    return this.capacity();
  }
}
