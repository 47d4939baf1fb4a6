import type { ProjectList, ProjectListQuery, ProjectView } from '@cityloop/domain/api';
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
}
