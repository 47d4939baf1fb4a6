import {
  DomainError,
  periodMonths,
  previousPeriod,
  rollUp,
  versionFor,
  type ScoreLevel,
} from '@cityloop/domain';
import type { RollupResponse, ScoresResponse } from '@cityloop/domain/api';
import type { AssessmentCore } from './assessment.core.js';
import { scores } from './assessment.scores.js';

/**
 * The months of a period that can be scored: begun (not after this month) and with a catalogue in
 * force. Each is the month's own ranking (a closed month its frozen one), without its change.
 */
async function scoredMonths(c: AssessmentCore, period: string, level: ScoreLevel): Promise<ScoresResponse[]> {
  const p = periodMonths(period);
  if (!p) throw new DomainError('validation.failed', `${period} is not a quarter (YYYY-Qn) or a year`);
  const current = c.monthOf(c.clock.now());
  const versions = await c.versions();
  const out: ScoresResponse[] = [];
  for (const month of p.months)
    if (month <= current && versionFor(month, versions)) out.push(await scores(c, month, level, false));
  return out;
}

/**
 * A quarter's or a year's ranking: every party's mean monthly score over the period's scored
 * months, ranked and graded, with the change from the period before. Published once every month
 * of the period has ended and been closed.
 */
export async function rollup(c: AssessmentCore, period: string, level: ScoreLevel): Promise<RollupResponse> {
  const kind = periodMonths(period)?.kind;
  const months = await scoredMonths(c, period, level);
  if (!kind || months.length === 0)
    throw new DomainError('not_found', `No month of ${period} has been scored yet`);
  const before = previousPeriod(period);
  const previous = rollUp(
    (await scoredMonths(c, before, level)).map((m) => ({ month: m.month, rows: m.rows })),
  );
  const last = new Map(previous.map((r) => [r.id, r]));
  const rows = rollUp(months.map((m) => ({ month: m.month, rows: m.rows }))).map((r) => ({
    ...r,
    previousScore: last.get(r.id)?.score ?? null,
    previousRank: last.get(r.id)?.rank ?? null,
  }));
  const all = periodMonths(period)!.months.length;
  return {
    period,
    kind,
    level,
    previousPeriod: before,
    months: months.map((m) => ({ month: m.month, version: m.version, closed: m.closed, partial: m.partial })),
    published: months.length === all && months.every((m) => m.closed),
    rows,
  };
}
