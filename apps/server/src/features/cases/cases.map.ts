import {
  CASE_MAP_LIMIT,
  type CaseMapPoint,
  type CaseMapQuery,
  type HotspotQuery,
} from '@cityloop/domain/api';
import { FINAL_STATES, ZoneClock } from '@cityloop/domain';
import type { Db } from '../../db/db.js';
import { param } from '../../db/paging.js';
import type { SessionUser } from '../../http/access.js';
import { actingUser, type Actor } from '../../actor.js';
import { caseScopeWhere, queueWhere } from './cases.queries.js';

/**
 * The desk's work on the city map: the cases under the desk's filters and queues as points (open
 * ones unless a queue or state says otherwise), and the month's hotspots — the unit grids with
 * the most reports. Both read the same predicates as the desk's queue (cases.queries.ts), so a
 * figure and its list always agree.
 */
export class CaseMapService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    timeZone: string,
    private readonly now: () => Date,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  async points(f: CaseMapQuery, actor: Actor) {
    const user = actingUser(actor);
    const now = this.now();
    const p: unknown[] = [];
    const where = caseScopeWhere(f, user, onlyOwn(user), p, now);
    if (f.queue) {
      const w = queueWhere(f.queue, user, p, now);
      if (w) where.push(w);
    } else if (!f.state) where.push(`c.state <> all(${param(p, FINAL_STATES)}::text[])`);
    const nowAt = param(p, now);
    const r = await this.db.query<CaseMapPoint & { total: number }>(
      `select c.id, c.code, c.lon, c.lat, c.state, c.kind, c.category, c.urgency,
              coalesce(c.step_due_at < ${nowAt} and c.closed_at is null, false) as overdue,
              count(*) over ()::int as total
         from cases c ${where.length ? `where ${where.join(' and ')}` : ''}
        order by c.id desc limit ${CASE_MAP_LIMIT}`,
      p,
    );
    const total = r.rows[0]?.total ?? 0;
    return {
      items: r.rows.map(({ total: _, ...point }) => point),
      total,
      truncated: total > r.rows.length,
      at: now.toISOString(),
    };
  }

  async hotspots(f: HotspotQuery, actor: Actor) {
    const user = actingUser(actor);
    const now = this.now();
    const first = `${f.month}-01`;
    // The pattern holds a real month; the next month's first day bounds it.
    const [y, m] = f.month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const from = new Date(this.zone.instantOf(first, 0)).toISOString();
    const to = new Date(this.zone.instantOf(next, 0)).toISOString();
    const p: unknown[] = [];
    const where = caseScopeWhere({ ...f, from, to }, user, onlyOwn(user), p, now);
    const top = f.top ?? 20;
    const grids = await this.db.query<{
      grid_code: string;
      street_code: string;
      street_name: string;
      lon: number;
      lat: number;
      count: number;
    }>(
      `select h.*, coalesce(s.name, h.street_code) as street_name
         from (select c.grid_code, min(c.street_code) as street_code, avg(c.lon) as lon, avg(c.lat) as lat,
                      count(*)::int as count
                 from cases c where ${where.join(' and ')}
                group by c.grid_code order by count(*) desc, c.grid_code limit ${param(p, top)}) h
         left join streets s on s.code = h.street_code
        order by h.count desc, h.grid_code`,
      p,
    );
    const codes = grids.rows.map((g) => g.grid_code);
    const q: unknown[] = [];
    const inGrids = [...caseScopeWhere({ ...f, from, to }, user, onlyOwn(user), q, now)];
    inGrids.push(`c.grid_code = any(${param(q, codes)}::text[])`);
    const cats = codes.length
      ? await this.db.query<{
          grid_code: string;
          kind: 'component' | 'event';
          category: string;
          count: number;
        }>(
          `select c.grid_code, c.kind, c.category, count(*)::int as count from cases c
            where ${inGrids.join(' and ')} group by 1, 2, 3 order by 1, 4 desc, 2, 3`,
          q,
        )
      : { rows: [] };
    const byGrid = new Map<string, { kind: 'component' | 'event'; category: string; count: number }[]>();
    for (const r of cats.rows) {
      const list = byGrid.get(r.grid_code) ?? [];
      if (list.length < 3) list.push({ kind: r.kind, category: r.category, count: r.count });
      byGrid.set(r.grid_code, list);
    }
    return {
      month: f.month,
      from,
      to,
      items: grids.rows.map((g) => ({
        gridCode: g.grid_code,
        streetCode: g.street_code,
        streetName: g.street_name,
        lon: Number(g.lon),
        lat: Number(g.lat),
        count: g.count,
        categories: byGrid.get(g.grid_code) ?? [],
      })),
    };
  }
}

/** A citizen's map holds their own reports only (as their list does). */
function onlyOwn(user: SessionUser): boolean {
  return user.roles.every((r) => r === 'citizen');
}
