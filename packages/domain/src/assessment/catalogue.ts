import { DomainError } from '../errors.js';

/**
 * The assessment catalogue (精细化管理考核细则): categories with a weight → aspects (inspection
 * items) with a cap in points, a deduction per occurrence, severity multipliers, a floor ("扣完为止":
 * an aspect never scores below it), the kinds of place it applies to and who bears a deduction.
 * A catalogue is versioned: a month is scored with the version in force on its first day.
 */

/** The kinds of place an aspect applies to (what an inspection samples). */
export const PLACE_KINDS = [
  'road',
  'back_street',
  'compound',
  'market',
  'public_toilet',
  'transfer_station',
  'park',
  'construction_site',
  'square',
  'waterway',
  'utility_station',
] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const SEVERITIES = ['minor', 'normal', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Who bears a deduction: the line bureau (a handling unit), the district, the street; sums to 1. */
export interface DeductionShares {
  bureau: number;
  district: number;
  street: number;
}

export interface CatalogueAspect {
  code: string;
  name: string;
  nameEn: string;
  /** What the city aims at (目标). */
  target: string;
  /** What "good" looks like on site (标准). */
  standard: string;
  /** Points of the aspect: the most it can lose in a month for one assessed party. */
  cap: number;
  /** Points deducted per occurrence at normal severity. */
  perOccurrence: number;
  severity: Record<Severity, number>;
  /** The aspect's score never goes below this (0: "扣完为止"). */
  floor: number;
  placeKinds: PlaceKind[];
  shares: DeductionShares;
  /** The case-loop event category a finding that needs fixing is reported under. */
  caseCategory: string;
}

export interface CatalogueCategory {
  code: string;
  name: string;
  nameEn: string;
  /** Relative weight of the category in the catalogue score (the demo's sum to 100). */
  weight: number;
  aspects: CatalogueAspect[];
}

export interface CatalogueBody {
  categories: CatalogueCategory[];
}

/** A month as its first day, `YYYY-MM-01`; a month key is `YYYY-MM`. */
export const MONTH_RE = /^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$/;

export function monthStart(month: string): string {
  if (!MONTH_RE.test(month)) throw new DomainError('validation.failed', `Bad month ${month} (YYYY-MM)`);
  return `${month}-01`;
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The version in force in a month: the newest whose first month is not after it; null when the
 * month is older than every version.
 */
export function versionFor<V extends { effectiveFrom: string }>(
  month: string,
  versions: readonly V[],
): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom.slice(0, 7) > month) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom) best = v;
  }
  return best;
}

/** Every aspect of a catalogue by its code, with its category. */
export function aspectIndex(
  body: CatalogueBody,
): Map<string, { aspect: CatalogueAspect; category: CatalogueCategory }> {
  const m = new Map<string, { aspect: CatalogueAspect; category: CatalogueCategory }>();
  for (const category of body.categories)
    for (const aspect of category.aspects) m.set(aspect.code, { aspect, category });
  return m;
}

/** Refuses a catalogue that cannot be scored: duplicate codes, shares not summing to 1, bad numbers. */
export function validateCatalogue(body: CatalogueBody): void {
  const problems: string[] = [];
  const codes = new Set<string>();
  if (body.categories.length === 0) problems.push('no categories');
  for (const c of body.categories) {
    if (codes.has(c.code)) problems.push(`duplicate code ${c.code}`);
    codes.add(c.code);
    if (!(c.weight > 0)) problems.push(`category ${c.code}: weight must be above 0`);
    if (c.aspects.length === 0) problems.push(`category ${c.code}: no aspects`);
    for (const a of c.aspects) {
      if (codes.has(a.code)) problems.push(`duplicate code ${a.code}`);
      codes.add(a.code);
      if (!(a.cap > 0)) problems.push(`aspect ${a.code}: cap must be above 0`);
      if (!(a.perOccurrence > 0)) problems.push(`aspect ${a.code}: deduction must be above 0`);
      if (!(a.floor >= 0 && a.floor < a.cap)) problems.push(`aspect ${a.code}: floor must be 0 … cap`);
      for (const s of SEVERITIES)
        if (!(a.severity[s] > 0)) problems.push(`aspect ${a.code}: ${s} multiplier must be above 0`);
      const sum = a.shares.bureau + a.shares.district + a.shares.street;
      if (Math.abs(sum - 1) > 1e-6 || Object.values(a.shares).some((x) => x < 0))
        problems.push(`aspect ${a.code}: shares must be ≥ 0 and sum to 1`);
      if (a.placeKinds.length === 0) problems.push(`aspect ${a.code}: no place kinds`);
    }
  }
  if (problems.length) throw new DomainError('validation.failed', problems.slice(0, 10).join('; '));
}
