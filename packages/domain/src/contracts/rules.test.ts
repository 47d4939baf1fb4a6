import { describe, expect, it } from 'vitest';
import { deductionFor, scoreMonth, selfInspectionsDue, serviceCovers, type ContractRules } from './rules.js';

const rules: ContractRules = {
  passScore: 90,
  yuanPerPoint: 2000,
  pointsPerComplaint: 2,
  findingWeight: 1,
  capYuan: 30000,
};
const none = {
  caseScore: null,
  disposalDue: 0,
  disposedOnTime: 0,
  overdue: 0,
  rework: 0,
  complaints: 0,
  findingPoints: 0,
  findings: 0,
};

describe('contract month', () => {
  it('a month without cases or findings scores 100 and costs nothing', () => {
    expect(scoreMonth(none, rules)).toEqual({ score: 100, uncappedYuan: 0, deductionYuan: 0, capped: false });
  });
  it('each point below the pass score costs the rule’s yuan', () => {
    const r = scoreMonth({ ...none, caseScore: 88, complaints: 1 }, rules);
    expect(r.score).toBe(86);
    expect(r.deductionYuan).toBe(8000);
  });
  it('the deduction never exceeds the cap, whatever the score', () => {
    for (const s of [0, 10, 50, 74.99]) {
      const r = deductionFor(s, rules);
      expect(r.deductionYuan).toBeLessThanOrEqual(rules.capYuan);
    }
    expect(deductionFor(0, rules)).toMatchObject({ deductionYuan: 30000, capped: true });
  });
  it('the score stays within 0–100', () => {
    expect(scoreMonth({ ...none, caseScore: 10, complaints: 50 }, rules).score).toBe(0);
  });
  it('street cleaning answers for dirty roads, not exposed garbage', () => {
    expect(serviceCovers('street_cleaning', 'event', '0104')).toBe(true);
    expect(serviceCovers('street_cleaning', 'event', '0102')).toBe(false);
  });
});

describe('self-inspections (自查)', () => {
  const asked: ContractRules = { ...rules, selfInspectionDays: 8, pointsPerMissedDay: 0.5 };
  it('are due in proportion while the month runs, all of them once it is over', () => {
    expect(selfInspectionsDue(asked, 8, 31)).toBe(2);
    expect(selfInspectionsDue(asked, 31, 31)).toBe(8);
    expect(selfInspectionsDue(asked, 0, 30)).toBe(0);
    expect(selfInspectionsDue(rules, 31, 31)).toBe(0);
  });
  it('each day short costs the rule’s points; more days than due earn nothing', () => {
    expect(scoreMonth({ ...none, selfInspectionDays: 5, selfInspectionsDue: 8 }, asked).score).toBe(98.5);
    expect(scoreMonth({ ...none, selfInspectionDays: 12, selfInspectionsDue: 8 }, asked).score).toBe(100);
  });
});
