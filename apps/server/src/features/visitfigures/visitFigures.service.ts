import { ZoneClock, categoryByCode } from '@cityloop/domain';
import type {
  VisitDrillQuery,
  VisitFigureGroup,
  VisitFigureRow,
  VisitFiguresQuery,
  VisitFiguresReport,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import type { CasesOffer } from '../cases/cases.module.js';
import { presentSummary } from '../cases/cases.present.js';
import { periodName, resolvePeriod, type Period } from '../evaluation/evaluation.period.js';
import type { OrgOffer } from '../org/org.module.js';
import * as repo from './visitFigures.repository.js';

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Rates of one row: 回访率 and 满意率 as the evaluation defines them (domain computeRates). */
export function visitRates(c: repo.FigureCounts): VisitFigureRow['rates'] {
  return {
    returnVisit: ratio(c.reached, c.due),
    onTime: ratio(c.onTime, c.due),
    satisfaction: ratio(c.satisfied + c.basicallySatisfied, c.reached),
    repeat: ratio(c.repeats, c.complaints),
  };
}

function emptyCounts(): repo.FigureCounts {
  return {
    due: 0,
    done: 0,
    onTime: 0,
    reached: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    dissatisfied: 0,
    complaints: 0,
    repeats: 0,
  };
}

/** Where a user's figures come from: like the visit lists (a unit its own cases, an area its cases). */
export function figureScope(user: SessionUser): repo.FigureScope {
  const j = user.jurisdiction;
  if (j.level === 'department')
    return { column: 'unit_id', unitId: j.departmentId ?? user.departmentId ?? -1 };
  if (j.level === 'district' && j.code) return { column: 'district_code', code: j.code };
  if (j.level === 'street' && j.code) return { column: 'street_code', code: j.code };
  return null;
}

/**
 * Return-visit figures (回访统计) per period and per district, street, unit or category: visits
 * due, done, on time, reached, the callers' answers, and repeat complaints; the cases behind each
 * figure. The conditions are the evaluation's (visitFigures.pieces.ts), so both pages agree.
 */
export class VisitFiguresService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly cases: CasesOffer,
    private readonly org: OrgOffer,
    timeZone: string,
    private readonly time: Clock,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  private window(p: Period): repo.Window {
    return { ...p, dueUntil: new Date(Math.min(p.to.getTime(), this.time.now().getTime())) };
  }

  async report(query: VisitFiguresQuery, actor: Actor): Promise<VisitFiguresReport> {
    const groupBy: VisitFigureGroup = query.groupBy ?? 'district';
    const scope = figureScope(actingUser(actor));
    const period = resolvePeriod(query, this.zone, this.time.now());
    const rows = await repo.countFigures(this.db, groupBy, this.window(period), scope);
    const names = await repo.keyNames(this.db, groupBy);
    const total = emptyCounts();
    for (const r of rows)
      for (const k of Object.keys(total) as (keyof repo.FigureCounts)[]) total[k] += r.counts[k];
    const named = rows.map((r): VisitFigureRow => {
      const key = r.key ?? 'none';
      const name = this.nameOf(groupBy, key, names);
      return { key, ...name, counts: r.counts, rates: visitRates(r.counts) };
    });
    named.sort(
      (a, b) =>
        b.counts.due - a.counts.due ||
        b.counts.complaints - a.counts.complaints ||
        a.key.localeCompare(b.key),
    );
    return {
      groupBy,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      partial: period.to.getTime() > this.time.now().getTime(),
      total: { key: 'total', name: '合计', nameEn: 'Total', counts: total, rates: visitRates(total) },
      rows: named,
    };
  }

  private nameOf(
    group: VisitFigureGroup,
    key: string,
    names: Map<string, { name: string; nameEn: string | null }>,
  ): { name: string; nameEn: string | null } {
    if (key === 'none') return { name: '未派遣', nameEn: 'Not dispatched' };
    if (group === 'category') {
      const [kind, code] = key.split(':');
      const c = kind === 'component' || kind === 'event' ? categoryByCode(code ?? '', kind) : undefined;
      return { name: c?.name ?? key, nameEn: c?.nameEn ?? null };
    }
    return names.get(key) ?? { name: key, nameEn: null };
  }

  /** What an export of the period is called (`2026-03` …), in the city's zone. */
  periodName(query: VisitFiguresQuery, report: Pick<VisitFiguresReport, 'from' | 'to'>): string {
    return periodName(query, { from: new Date(report.from), to: new Date(report.to) }, this.zone);
  }

  /** The cases behind one figure of one row (or the total), newest first, keyset cursor. */
  async casesBehind(query: VisitDrillQuery, actor: Actor) {
    const scope = figureScope(actingUser(actor));
    const period = resolvePeriod(query, this.zone, this.time.now());
    const page = await repo.casesBehind(
      this.db,
      query.groupBy ?? 'district',
      query.figure,
      query.key,
      this.window(period),
      scope,
      { cursor: query.cursor, limit: query.limit ?? 50 },
    );
    const depts = await this.org.allDepartments();
    const now = this.time.now();
    const rows = await this.cases.byIds(this.db, page.ids);
    return {
      items: rows.map((r) => {
        const countedAt = page.countedAt.get(r.id) ?? [];
        const dept = r.unit_id ? depts.get(r.unit_id) : undefined;
        return {
          ...presentSummary(r, this.cases.clock.light(r, now), dept?.name ?? null, dept?.nameEn ?? null),
          counted: countedAt.length,
          countedAt,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }
}
