import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  compositeScore,
  computeRates,
  evaluateGroup,
  grade,
  rank,
  volumeScore,
  type EvaluationCounts,
} from './index.js';

describe('rates', () => {
  it('divides the counts of CASE-LOOP.md', () => {
    const r = computeRates({
      reported: 50,
      valid: 45,
      missed: 2,
      filed: 40,
      dispatchDue: 100,
      dispatched: 100,
      sendBacks: 5,
      closeDue: 80,
      suspended: 5,
      closed: 72,
      closedOnTime: 60,
      rework: 8,
      disposalDue: 40,
      extensions: 4,
      visitsDue: 50,
      visited: 49,
      satisfied: 45,
      basicallySatisfied: 3,
    });
    expect(r.validReport).toBe(0.9);
    expect(r.missedReport).toBe(0.05);
    expect(r.accurateDispatch).toBe(0.95);
    // Suspended cases leave the closing denominators: 72 / 75 and 60 / 75.
    expect(r.closing).toBe(0.96);
    expect(r.onTimeClosing).toBe(0.8);
    expect(r.rework).toBe(0.1);
    expect(r.extension).toBe(0.1);
    expect(r.returnVisit).toBe(0.98);
    expect(r.satisfaction).toBeCloseTo(48 / 49, 12);
  });

  it('gives null, never NaN, for a zero denominator', () => {
    const r = computeRates({});
    for (const value of Object.values(r)) expect(value).toBeNull();
    expect(computeRates({ closeDue: 3, suspended: 3, closed: 0 }).closing).toBeNull();
  });

  it('takes every due dispatch as made when `dispatched` is not given', () => {
    expect(computeRates({ dispatchDue: 20, sendBacks: 2 }).accurateDispatch).toBe(0.9);
  });
});

describe('composite scores', () => {
  it('scores an inspector 40/20/20/20', () => {
    // 40 × 0.9 + 20 × (1 − 0.05) + 20 × 0.9 + 20 × 1 = 36 + 19 + 18 + 20 = 93
    const counts: EvaluationCounts = {
      reported: 50,
      valid: 45,
      missed: 2,
      filed: 40,
      verificationsDue: 20,
      verificationsOnTime: 18,
      checksDue: 10,
      checksOnTime: 10,
    };
    const score = compositeScore('inspector', computeRates(counts));
    expect(score).toBe(93);
    expect(grade(score)).toBe('A');
  });

  it('scores a shift leader 25/40/35', () => {
    // 25 × 0.95 + 40 × 0.9 + 35 × 60/75 = 23.75 + 36 + 28 = 87.75
    const rates = computeRates({
      filingDue: 100,
      filedOnTime: 95,
      filed: 100,
      filedAccurate: 90,
      closeDue: 80,
      suspended: 5,
      closedOnTime: 60,
    });
    expect(compositeScore('shift_leader', rates)).toBe(87.75);
  });

  it('scores a handling unit 30/20/20/20/10', () => {
    // 30 × 0.9 + 20 × 0.75 + 20 × (1 − 4/32) + 20 × (1 − 2/40) + 10 × (1 − 4/40)
    // = 27 + 15 + 17.5 + 19 + 9 = 87.5
    const rates = computeRates({
      disposalDue: 40,
      disposed: 36,
      disposedOnTime: 30,
      closeDue: 32,
      rework: 4,
      overduePending: 2,
      extensions: 4,
    });
    const score = compositeScore('unit', rates);
    expect(score).toBe(87.5);
    expect(grade(score)).toBe('B');
  });

  it('drops parts without data and scales the other weights up', () => {
    // Only validReport is known: 6 / 10 → 60.
    expect(compositeScore('inspector', computeRates({ reported: 10, valid: 6 }))).toBe(60);
    expect(compositeScore('inspector', computeRates({}))).toBeNull();
  });

  it('uses configured weights', () => {
    const weights = {
      ...DEFAULT_WEIGHTS,
      inspector: { validReport: 1, notMissed: 0, onTimeVerify: 0, onTimeCheck: 1 },
    };
    const rates = computeRates({
      reported: 10,
      valid: 5,
      checksDue: 4,
      checksOnTime: 4,
      verificationsDue: 1,
    });
    expect(compositeScore('inspector', rates, null, weights)).toBe(75);
  });
});

describe('peer groups', () => {
  it('scores intake volume against the busiest operator', () => {
    // A: 25 × 200/200 + 40 × 0.9 + 35 × 0.9 = 92.5;  B: 25 × 0.5 + 40 + 35 = 87.5
    const rows = evaluateGroup('operator', [
      {
        id: 'B',
        counts: {
          intake: 100,
          verifyDispatchDue: 50,
          verifyDispatchedOnTime: 50,
          checkDispatchDue: 40,
          checkDispatchedOnTime: 40,
        },
      },
      {
        id: 'A',
        counts: {
          intake: 200,
          verifyDispatchDue: 50,
          verifyDispatchedOnTime: 45,
          checkDispatchDue: 40,
          checkDispatchedOnTime: 36,
        },
      },
    ]);
    expect(rows.map((r) => [r.id, r.volume, r.score, r.grade, r.rank])).toEqual([
      ['A', 100, 92.5, 'A', 1],
      ['B', 50, 87.5, 'B', 2],
    ]);
  });

  it('scores a dispatcher 20/40/40', () => {
    // 20 × 1 + 40 × 0.9 + 40 × (100 − 5)/100 = 20 + 36 + 38 = 94
    const [row] = evaluateGroup('dispatcher', [
      { id: 1, counts: { dispatchDue: 100, dispatched: 100, dispatchedOnTime: 90, sendBacks: 5 } },
    ]);
    expect(row?.score).toBe(94);
  });

  it('has no volume score when nobody in the group did anything', () => {
    expect(volumeScore(0, 0)).toBeNull();
    expect(volumeScore(30, 120)).toBe(25);
    const rows = evaluateGroup('operator', [
      { id: 1, counts: { verifyDispatchDue: 10, verifyDispatchedOnTime: 8 } },
    ]);
    expect(rows[0]?.volume).toBeNull();
    expect(rows[0]?.score).toBe(80);
  });
});

describe('grades and ranks', () => {
  it('grades on the thresholds', () => {
    expect([90, 89.99, 75, 74.99, 60, 59.99, 40, 39.99, 0].map(grade)).toEqual([
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
      'E',
      'E',
    ]);
    expect(grade(null)).toBeNull();
  });

  it('lets ties share a rank and puts rows without a value last', () => {
    const rows = [
      { id: 'a', score: 90 },
      { id: 'b', score: 85 },
      { id: 'c', score: 90 },
      { id: 'd', score: null },
      { id: 'e', score: 70 },
    ];
    expect(rank(rows, 'score').map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['c', 1],
      ['b', 3],
      ['e', 4],
      ['d', null],
    ]);
    expect(rank(rows, (r) => r.score, 'asc').map((r) => [r.id, r.rank])).toEqual([
      ['e', 1],
      ['b', 2],
      ['a', 3],
      ['c', 3],
      ['d', null],
    ]);
  });
});
