import { computeRates, type EvaluationCounts, type EvaluationRates } from './rates.js';
import { rank } from './rank.js';

/** Who is evaluated; the handling unit is a department, the others are people in a role. */
export type SubjectKind = 'inspector' | 'operator' | 'shift_leader' | 'dispatcher' | 'unit';

/** Relative weights of each composite's parts; they need not add up to 100. */
export interface EvaluationWeights {
  inspector: { validReport: number; notMissed: number; onTimeVerify: number; onTimeCheck: number };
  operator: { intakeVolume: number; onTimeVerifyDispatch: number; onTimeCheckDispatch: number };
  shift_leader: { onTimeFiling: number; accurateFiling: number; onTimeClosing: number };
  dispatcher: { dispatchVolume: number; onTimeDispatch: number; accurateDispatch: number };
  unit: {
    disposal: number;
    onTimeDisposal: number;
    notRework: number;
    notOverduePending: number;
    notExtension: number;
  };
}

/** The common defaults of docs/CASE-LOOP.md; a city overrides them in configuration. */
export const DEFAULT_WEIGHTS: EvaluationWeights = {
  inspector: { validReport: 40, notMissed: 20, onTimeVerify: 20, onTimeCheck: 20 },
  operator: { intakeVolume: 25, onTimeVerifyDispatch: 40, onTimeCheckDispatch: 35 },
  shift_leader: { onTimeFiling: 25, accurateFiling: 40, onTimeClosing: 35 },
  dispatcher: { dispatchVolume: 20, onTimeDispatch: 40, accurateDispatch: 40 },
  unit: { disposal: 30, onTimeDisposal: 20, notRework: 20, notOverduePending: 20, notExtension: 10 },
};

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

/** A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below; no score, no grade. */
export function grade(score: number | null): Grade | null {
  if (score === null) return null;
  if (score >= 90) return 'A';
  if (score >= 75) return 'B';
  if (score >= 60) return 'C';
  if (score >= 40) return 'D';
  return 'E';
}

/**
 * Volume score (intake, dispatch): the subject's count relative to the busiest peer in the same
 * group and period, × 100. Volume has no natural target, so the busiest sets the scale; a group in
 * which nobody did anything has no volume score (null), not a 0 for everyone.
 */
export function volumeScore(count: number, peerMax: number): number | null {
  return peerMax > 0 ? (Math.max(0, count) / peerMax) * 100 : null;
}

const complement = (rate: number | null): number | null => (rate === null ? null : 1 - rate);

/** The composite's parts as fractions (volume as a fraction of the peer maximum). */
export function compositeParts(
  kind: SubjectKind,
  rates: EvaluationRates,
  volume: number | null = null,
): Record<string, number | null> {
  const share = volume === null ? null : volume / 100;
  switch (kind) {
    case 'inspector':
      return {
        validReport: rates.validReport,
        notMissed: complement(rates.missedReport),
        onTimeVerify: rates.onTimeVerify,
        onTimeCheck: rates.onTimeCheck,
      };
    case 'operator':
      return {
        intakeVolume: share,
        onTimeVerifyDispatch: rates.onTimeVerifyDispatch,
        onTimeCheckDispatch: rates.onTimeCheckDispatch,
      };
    case 'shift_leader':
      return {
        onTimeFiling: rates.onTimeFiling,
        accurateFiling: rates.accurateFiling,
        onTimeClosing: rates.onTimeClosing,
      };
    case 'dispatcher':
      return {
        dispatchVolume: share,
        onTimeDispatch: rates.onTimeDispatch,
        accurateDispatch: rates.accurateDispatch,
      };
    case 'unit':
      return {
        disposal: rates.disposal,
        onTimeDisposal: rates.onTimeDisposal,
        notRework: complement(rates.rework),
        notOverduePending: complement(rates.overduePending),
        notExtension: complement(rates.extension),
      };
  }
}

/**
 * Weighted score 0–100, rounded to 2 decimals (so grade thresholds and rank ties are exact).
 * A part without data (null rate) drops out and the other weights are scaled up: a new inspector
 * with no checks due is judged on what they did, not given 0 or full marks for checks. Parts are
 * clamped to 0–1 so inconsistent counts cannot push a score past 100.
 */
export function compositeScore(
  kind: SubjectKind,
  rates: EvaluationRates,
  volume: number | null = null,
  weights: EvaluationWeights = DEFAULT_WEIGHTS,
): number | null {
  const parts = compositeParts(kind, rates, volume);
  const w: Readonly<Record<string, number>> = weights[kind];
  let weighted = 0;
  let total = 0;
  for (const [key, value] of Object.entries(parts)) {
    const weight = w[key] ?? 0;
    if (value === null || weight <= 0) continue;
    weighted += weight * Math.min(1, Math.max(0, value));
    total += weight;
  }
  return total > 0 ? Math.round((weighted / total) * 10_000) / 100 : null;
}

export interface SubjectRow<Id> {
  id: Id;
  counts: EvaluationCounts;
}

export interface EvaluatedRow<Id> {
  id: Id;
  counts: EvaluationCounts;
  rates: EvaluationRates;
  /** Volume score 0–100 for operators and dispatchers; null for other kinds or an idle group. */
  volume: number | null;
  score: number | null;
  grade: Grade | null;
  /** Position by score in the group, ties sharing a rank; null without a score. */
  rank: number | null;
}

/** The count a kind's volume score is taken from. */
function volumeCount(kind: SubjectKind, counts: EvaluationCounts): number | null {
  if (kind === 'operator') return counts.intake ?? 0;
  if (kind === 'dispatcher') return counts.dispatched ?? counts.dispatchDue ?? 0;
  return null;
}

/** Rates, scores, grades and ranks of a peer group (same kind, same period), best first. */
export function evaluateGroup<Id>(
  kind: SubjectKind,
  rows: readonly SubjectRow<Id>[],
  weights: EvaluationWeights = DEFAULT_WEIGHTS,
): EvaluatedRow<Id>[] {
  const peerMax = Math.max(0, ...rows.map((r) => volumeCount(kind, r.counts) ?? 0));
  const evaluated = rows.map((row) => {
    const rates = computeRates(row.counts);
    const count = volumeCount(kind, row.counts);
    const volume = count === null ? null : volumeScore(count, peerMax);
    const score = compositeScore(kind, rates, volume, weights);
    return { id: row.id, counts: row.counts, rates, volume, score, grade: grade(score) };
  });
  return rank(evaluated, 'score');
}
