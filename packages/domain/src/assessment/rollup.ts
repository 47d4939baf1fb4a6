import { rank } from '../evaluation/rank.js';
import { GRADE_COLOURS, assessmentGrade, type AssessmentGrade } from './scoring.js';

/**
 * Quarterly and annual roll-ups of the monthly assessment: a period is `YYYY-Qn` or `YYYY`; a
 * party's period score is the mean of its monthly scores over the months of the period that have
 * been scored (each month weighs the same, so a year is also the mean of its full quarters); the
 * period ranks, grades and colours like a month, and its change is against the period before.
 */
export type RollupKind = 'quarter' | 'year';

export const ROLLUP_PERIOD_PATTERN = '^(19|2[0-9])[0-9]{2}(-Q[1-4])?$';

/** The kind and the twelve or three months (YYYY-MM) of a period; null when it is not one. */
export function periodMonths(period: string): { kind: RollupKind; months: string[] } | null {
  const m = /^((?:19|2[0-9])[0-9]{2})(?:-Q([1-4]))?$/.exec(period);
  if (!m) return null;
  const year = m[1]!;
  const first = m[2] ? (Number(m[2]) - 1) * 3 + 1 : 1;
  const count = m[2] ? 3 : 12;
  return {
    kind: m[2] ? 'quarter' : 'year',
    months: Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`),
  };
}

/** The period before: the quarter before (Q1 → the last year's Q4) or the year before. */
export function previousPeriod(period: string): string {
  const [y, q] = period.split('-Q') as [string, string | undefined];
  if (q === undefined) return String(Number(y) - 1);
  return q === '1' ? `${Number(y) - 1}-Q4` : `${y}-Q${Number(q) - 1}`;
}

/** The quarter a month (YYYY-MM) falls in. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

export interface MonthlyResult {
  id: string;
  name: string;
  nameEn: string | null;
  score: number;
  rank: number;
  findings: number;
}

export interface RolledUp {
  id: string;
  name: string;
  nameEn: string | null;
  score: number;
  rank: number;
  grade: AssessmentGrade;
  colour: string;
  findings: number;
  /** The months the party was scored in, in the period's order, each with its score and rank. */
  months: { month: string; score: number | null; rank: number | null }[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Rolls the months' rankings of one level up into the period's: mean score, rank, grade. */
export function rollUp(months: readonly { month: string; rows: readonly MonthlyResult[] }[]): RolledUp[] {
  const parties = new Map<
    string,
    { id: string; name: string; nameEn: string | null; sum: number; n: number; findings: number }
  >();
  const byMonth = months.map((m) => new Map(m.rows.map((r) => [r.id, r])));
  for (const m of months)
    for (const r of m.rows) {
      const p = parties.get(r.id) ?? { id: r.id, name: r.name, nameEn: r.nameEn, sum: 0, n: 0, findings: 0 };
      p.sum += r.score;
      p.n += 1;
      p.findings += r.findings;
      parties.set(r.id, p);
    }
  const rows = [...parties.values()].map((p) => {
    const score = round2(p.sum / p.n);
    const grade = assessmentGrade(score);
    return {
      id: p.id,
      name: p.name,
      nameEn: p.nameEn,
      score,
      grade,
      colour: GRADE_COLOURS[grade],
      findings: p.findings,
      months: months.map((m, i) => {
        const r = byMonth[i]!.get(p.id);
        return { month: m.month, score: r?.score ?? null, rank: r?.rank ?? null };
      }),
    };
  });
  return rank(rows, 'score').map((r) => ({ ...r, rank: r.rank ?? rows.length }));
}
