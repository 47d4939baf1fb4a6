import type { Queryable } from '../../db/db.js';

export interface CaseMix {
  /** Cases reported in the period per source (inspector, hotline, web, open311, sensor …). */
  bySource: Record<string, number>;
  /** Cases reported in the period per category (kind:code), most first. */
  byCategory: Array<{ kind: string; category: string; count: number }>;
}

/**
 * What the cockpit reads of the loop beside the evaluation: where the period's reports came from
 * and what they were about (cases reported in [from, to), by `reported_at`).
 */
export class CaseFigures {
  constructor(private readonly db: Queryable) {}

  async mix(from: Date, to: Date, top = 10): Promise<CaseMix> {
    const [sources, categories] = await Promise.all([
      this.db.query<{ source: string; n: string }>(
        `select source, count(*) n from cases where reported_at >= $1 and reported_at < $2 group by source`,
        [from, to],
      ),
      this.db.query<{ kind: string; category: string; n: string }>(
        `select kind, category, count(*) n from cases where reported_at >= $1 and reported_at < $2
          group by kind, category order by count(*) desc, kind, category limit $3`,
        [from, to, top],
      ),
    ]);
    return {
      bySource: Object.fromEntries(sources.rows.map((r) => [r.source, Number(r.n)])),
      byCategory: categories.rows.map((r) => ({ kind: r.kind, category: r.category, count: Number(r.n) })),
    };
  }
}
