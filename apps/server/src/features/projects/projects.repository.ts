import type { Queryable } from '../../db/db.js';
import type { DemoProject } from '../../seed/demoProjects.js';

export interface ProjectRow {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  type: string;
  owner: string;
  budget_fen: string | null;
  capacity: number | null;
  capacity_later: number | null;
  capacity_unit: string | null;
  progress_pct: number;
  status: string;
  start_year: number | null;
  end_year: number | null;
}

export interface MilestoneRow {
  project_id: number;
  seq: number;
  name: string;
  name_en: string | null;
  due_date: string;
  done_date: string | null;
}

export async function count(q: Queryable): Promise<number> {
  const r = await q.query<{ n: string }>(`select count(*)::text as n from infra_projects`);
  return Number(r.rows[0]?.n ?? 0);
}

export async function list(q: Queryable, f: { type?: string | undefined; status?: string | undefined }) {
  const projects = await q.query<ProjectRow>(
    `select id, code, name, name_en, type, owner, budget_fen::text as budget_fen, capacity, capacity_later,
            capacity_unit, progress_pct, status, start_year, end_year
       from infra_projects
      where ($1::text is null or type = $1) and ($2::text is null or status = $2)
      order by code`,
    [f.type ?? null, f.status ?? null],
  );
  const milestones = await q.query<MilestoneRow>(
    `select project_id, seq, name, name_en, due_date::text as due_date, done_date::text as done_date
       from infra_project_milestones where project_id = any($1::int[]) order by project_id, seq`,
    [projects.rows.map((p) => p.id)],
  );
  return { projects: projects.rows, milestones: milestones.rows };
}

export async function insertDemo(q: Queryable, projects: readonly DemoProject[]): Promise<void> {
  for (const p of projects) {
    const r = await q.query<{ id: number }>(
      `insert into infra_projects (code, name, name_en, type, owner, budget_fen, capacity, capacity_later,
         capacity_unit, progress_pct, status, start_year, end_year)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        p.code,
        p.name,
        p.nameEn,
        p.type,
        p.owner,
        p.budgetFen,
        p.capacity,
        p.capacityLater,
        p.capacityUnit,
        p.progressPct,
        p.status,
        p.startYear,
        p.endYear,
      ],
    );
    const id = r.rows[0]!.id;
    for (const [i, m] of p.milestones.entries()) {
      await q.query(
        `insert into infra_project_milestones (project_id, seq, name, name_en, due_date, done_date)
         values ($1, $2, $3, $4, $5, $6)`,
        [id, i + 1, m.name, m.nameEn, m.due, m.done],
      );
    }
  }
}

export interface CapacityRow extends ProjectRow {
  throughput: number | null;
  demand_growth_pct: number | null;
}

export async function capacityRows(q: Queryable): Promise<CapacityRow[]> {
  const r = await q.query<CapacityRow>(
    `select id, code, name, name_en, type, owner, budget_fen::text as budget_fen, capacity, capacity_later,
            capacity_unit, progress_pct, status, start_year, end_year, throughput, demand_growth_pct
       from infra_projects where capacity is not null order by code`,
  );
  return r.rows;
}

/** Sets a plant's throughput and growth; the row before, or null when there is no such project. */
export async function setAssumption(
  q: Queryable,
  id: number,
  throughput: number,
  growthPct: number,
): Promise<{ throughput: number | null; demand_growth_pct: number | null } | null> {
  const before = await q.query<{ throughput: number | null; demand_growth_pct: number | null }>(
    `select throughput, demand_growth_pct from infra_projects where id = $1 for update`,
    [id],
  );
  if (!before.rows[0]) return null;
  await q.query(`update infra_projects set throughput = $2, demand_growth_pct = $3 where id = $1`, [
    id,
    throughput,
    growthPct,
  ]);
  return before.rows[0];
}

/** The demo assumptions, for the projects that have none yet. */
export async function seedAssumptions(
  q: Queryable,
  rows: ReadonlyArray<{ code: string; throughput: number; growthPct: number }>,
): Promise<number> {
  let n = 0;
  for (const r of rows) {
    const u = await q.query(
      `update infra_projects set throughput = $2, demand_growth_pct = $3 where code = $1 and throughput is null`,
      [r.code, r.throughput, r.growthPct],
    );
    n += u.rowCount;
  }
  return n;
}
