import { describe, expect, it } from 'vitest';
import {
  aspectIndex,
  validateCatalogue,
  versionFor,
  previousMonth,
  type CatalogueBody,
} from './catalogue.js';
import { demoCatalogue } from './demoCatalogue.js';
import {
  assessmentGrade,
  catalogueScore,
  combinedScore,
  deductionOf,
  focusBonusFor,
  shareFor,
} from './scoring.js';

const aspect = (code: string, cap: number, perOccurrence = 2) => ({
  code,
  name: code,
  nameEn: code,
  target: '',
  standard: '',
  cap,
  perOccurrence,
  severity: { minor: 0.5, normal: 1, serious: 2 },
  floor: 0,
  placeKinds: ['road' as const],
  shares: { bureau: 0.2, district: 0, street: 0.8 },
  caseCategory: '0104',
});

const two: CatalogueBody = {
  categories: [
    { code: 'A', name: 'A', nameEn: 'A', weight: 3, aspects: [aspect('A.1', 10), aspect('A.2', 10)] },
    { code: 'B', name: 'B', nameEn: 'B', weight: 1, aspects: [aspect('B.1', 5)] },
  ],
};

describe('the demo catalogue', () => {
  it('has 15 categories and 78 aspects, weights summing to 100, and passes validation', () => {
    const c = demoCatalogue();
    expect(c.categories).toHaveLength(15);
    expect(aspectIndex(c).size).toBe(78);
    expect(c.categories.reduce((s, x) => s + x.weight, 0)).toBe(100);
    expect(() => validateCatalogue(c)).not.toThrow();
  });

  it('refuses shares that do not sum to 1 and duplicate codes', () => {
    const bad = demoCatalogue();
    bad.categories[0]!.aspects[0]!.shares = { bureau: 0.5, district: 0.5, street: 0.5 };
    bad.categories[1]!.code = bad.categories[0]!.code;
    expect(() => validateCatalogue(bad)).toThrow(/sum to 1.*|duplicate/);
  });
});

describe('deductions', () => {
  it('multiplies the per-occurrence deduction by occurrences and severity', () => {
    expect(deductionOf(aspect('x', 10, 2), 'normal', 1)).toBe(2);
    expect(deductionOf(aspect('x', 10, 2), 'serious', 3)).toBe(12);
    expect(deductionOf(aspect('x', 10, 1.5), 'minor', 1)).toBe(0.75);
  });

  it('splits a deduction between the line bureau, the district and the street', () => {
    const shares = { bureau: 0.3, district: 0.2, street: 0.5 };
    expect(shareFor('street', shares)).toBe(0.5);
    expect(shareFor('district', shares)).toBe(0.2);
    expect(shareFor('unit', shares)).toBe(0.3);
  });
});

describe('the catalogue score', () => {
  it('is 100 without deductions', () => {
    expect(catalogueScore(two, new Map()).score).toBe(100);
  });

  it('weights the categories by the points left in each', () => {
    // A loses 4 of 20 (0.8 left, weight 3); B keeps all (weight 1): (3 × 0.8 + 1) / 4 = 85 %
    expect(catalogueScore(two, new Map([['A.1', 4]])).score).toBe(85);
  });

  it('never takes an aspect past its cap, nor below its floor (扣完为止)', () => {
    const s = catalogueScore(two, new Map([['A.1', 25]]));
    // A.1 loses 10 at most: A keeps 10 of 20
    expect(s.categories[0]!.lost).toBe(10);
    expect(s.score).toBe(62.5);
    expect(s.capped).toEqual(['A.1']);
    expect(s.deducted).toBe(25);
    const floored: CatalogueBody = {
      categories: [{ ...two.categories[0]!, aspects: [{ ...aspect('F', 10), floor: 4 }] }],
    };
    expect(catalogueScore(floored, new Map([['F', 9]])).score).toBe(40);
  });
});

describe('the month score', () => {
  it('combines the catalogue and the case loop under their weights, plus the focus bonus', () => {
    expect(combinedScore(90, 80, { catalogue: 0.7, caseLoop: 0.3 })).toBe(87);
    expect(combinedScore(90, null, { catalogue: 0.7, caseLoop: 0.3 })).toBe(90);
    expect(combinedScore(90, 80, { catalogue: 0.7, caseLoop: 0.3 }, 2)).toBe(89);
  });

  it('gives the focus item bonus by rank (1st +2 … 5th −1, later ranks nothing)', () => {
    const b = [2, 1, 0, -0.5, -1];
    expect([1, 2, 3, 4, 5, 6].map((r) => focusBonusFor(r, b))).toEqual([2, 1, 0, -0.5, -1, 0]);
    expect(focusBonusFor(null, b)).toBe(0);
  });

  it('grades A ≥ 95, B ≥ 90, C ≥ 80, D below', () => {
    expect([99, 95, 94.99, 90, 80, 79.9].map(assessmentGrade)).toEqual(['A', 'A', 'B', 'B', 'C', 'D']);
  });
});

describe('catalogue versions at month boundaries', () => {
  const versions = [
    { version: 'v1', effectiveFrom: '2026-01-01' },
    { version: 'v2', effectiveFrom: '2026-07-01' },
  ];
  it('scores a month with the version in force on its first day', () => {
    expect(versionFor('2026-06', versions)?.version).toBe('v1');
    expect(versionFor('2026-07', versions)?.version).toBe('v2');
    expect(versionFor('2027-01', versions)?.version).toBe('v2');
    expect(versionFor('2025-12', versions)).toBeNull();
  });
  it('knows the month before January is last December', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });
});
