import type { CatalogueAspect, CatalogueBody, DeductionShares, Severity } from './catalogue.js';

/** Who is scored: districts, streets, and the line bureaus' handling units. */
export const SCORE_LEVELS = ['district', 'street', 'unit'] as const;
export type ScoreLevel = (typeof SCORE_LEVELS)[number];

const round2 = (x: number) => Math.round(x * 100) / 100;

/** A finding's deduction before shares: per occurrence × occurrences × the severity's multiplier. */
export function deductionOf(
  aspect: Pick<CatalogueAspect, 'perOccurrence' | 'severity'>,
  severity: Severity,
  occurrences: number,
): number {
  return round2(aspect.perOccurrence * occurrences * aspect.severity[severity]);
}

/** The part of a deduction a level bears: a street its street share, a district its own, a unit the bureau's. */
export function shareFor(level: ScoreLevel, shares: DeductionShares): number {
  return level === 'street' ? shares.street : level === 'district' ? shares.district : shares.bureau;
}

export interface CategoryScore {
  code: string;
  /** Points of the category (the sum of its aspects' caps). */
  points: number;
  /** Points lost after caps and floors. */
  lost: number;
  /** What is left, 0–1. */
  ratio: number;
}

export interface CatalogueScore {
  /** 0–100: the categories' ratios under their weights. */
  score: number;
  /** Deductions as found (after shares, before caps). */
  deducted: number;
  /** Points lost after caps and floors. */
  lost: number;
  categories: CategoryScore[];
  /** Aspects whose deductions went past their cap or floor (the rest did not count). */
  capped: string[];
}

/**
 * One assessed party's catalogue score for a month from its deductions per aspect (already its
 * share): each aspect loses at most `cap − floor` points ("扣完为止"), a category keeps the share
 * of its points left, and the score is 100 × the weighted mean of the categories.
 */
export function catalogueScore(body: CatalogueBody, deducted: ReadonlyMap<string, number>): CatalogueScore {
  let weighted = 0;
  let weights = 0;
  let total = 0;
  let totalLost = 0;
  const capped: string[] = [];
  const categories = body.categories.map((c) => {
    let points = 0;
    let lost = 0;
    for (const a of c.aspects) {
      const d = deducted.get(a.code) ?? 0;
      const most = a.cap - a.floor;
      if (d > most) capped.push(a.code);
      points += a.cap;
      lost += Math.min(d, most);
      total += d;
    }
    const ratio = points > 0 ? (points - lost) / points : 1;
    weighted += c.weight * ratio;
    weights += c.weight;
    totalLost += lost;
    return { code: c.code, points, lost: round2(lost), ratio };
  });
  return {
    score: round2(weights > 0 ? (100 * weighted) / weights : 100),
    deducted: round2(total),
    lost: round2(totalLost),
    categories,
    capped,
  };
}

/** How a month's score combines the catalogue with the case loop, and the focus item's rank bonus. */
export interface AssessmentWeights {
  /** Share of the catalogue score (field inspection). */
  catalogue: number;
  /** Share of the case-loop evaluation score (on-time closing, rework, satisfaction …). */
  caseLoop: number;
  /** Bonus by rank on the month's focus category: 1st, 2nd, … (the demo: +2, +1, 0, −0.5, −1). */
  focusBonus: number[];
}

export const DEFAULT_ASSESSMENT_WEIGHTS: AssessmentWeights = {
  catalogue: 0.7,
  caseLoop: 0.3,
  focusBonus: [2, 1, 0, -0.5, -1],
};

/**
 * The month's score: the catalogue and case-loop scores under their weights (a party without case
 * figures is judged on the catalogue alone), plus the focus item's bonus.
 */
export function combinedScore(
  catalogue: number,
  caseLoop: number | null,
  w: Pick<AssessmentWeights, 'catalogue' | 'caseLoop'>,
  bonus = 0,
): number {
  const base =
    caseLoop === null || w.catalogue + w.caseLoop <= 0
      ? catalogue
      : (w.catalogue * catalogue + w.caseLoop * caseLoop) / (w.catalogue + w.caseLoop);
  return round2(base + bonus);
}

/** The focus item's bonus for a rank (1-based); ranks past the list get nothing. */
export function focusBonusFor(rank: number | null, bonuses: readonly number[]): number {
  if (rank === null || rank < 1) return 0;
  return bonuses[rank - 1] ?? 0;
}

export const ASSESSMENT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type AssessmentGrade = (typeof ASSESSMENT_GRADES)[number];

/** Grades and their colours on the bulletin: A ≥ 95 green, B ≥ 90 blue, C ≥ 80 orange, D red. */
export function assessmentGrade(score: number): AssessmentGrade {
  return score >= 95 ? 'A' : score >= 90 ? 'B' : score >= 80 ? 'C' : 'D';
}

export const GRADE_COLOURS: Record<AssessmentGrade, string> = {
  A: '#2e9d5b',
  B: '#2f7bd6',
  C: '#e6a23c',
  D: '#d64545',
};
