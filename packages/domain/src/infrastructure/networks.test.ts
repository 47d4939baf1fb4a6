import { describe, expect, it } from 'vitest';
import { ageBand, assessSegment, riskGrade, type SegmentAttributes } from './networks.js';

const pipe = (o: Partial<SegmentAttributes> = {}): SegmentAttributes => ({
  network: 'water',
  material: 'pe',
  diameterMm: 110,
  installYear: 2020,
  pressureClass: null,
  failures: 0,
  ...o,
});

describe('renewal rules', () => {
  it('flags a pipe older than 15 years and not one of exactly 15', () => {
    expect(assessSegment(pipe({ installYear: 2010 }), { year: 2026 }).reasons).toContain(
      'age_over_threshold',
    );
    const at15 = assessSegment(pipe({ installYear: 2011 }), { year: 2026 });
    expect(at15.aging).toBe(false);
    expect(at15.candidate).toBe(false);
  });

  it('takes the threshold the city sets', () => {
    expect(assessSegment(pipe({ installYear: 2014 }), { year: 2026, thresholdYears: 10 }).aging).toBe(true);
  });

  it('puts every grey cast-iron gas pipe in scope, however young', () => {
    const a = assessSegment(pipe({ network: 'gas', material: 'grey_cast_iron', installYear: 2020 }), {
      year: 2026,
    });
    expect(a.reasons).toEqual(['obsolete_material']);
    expect(a.candidate).toBe(true);
  });

  it('puts cement and asbestos water mains in scope, but not ductile iron', () => {
    for (const material of ['cement', 'asbestos_cement'] as const)
      expect(assessSegment(pipe({ material, installYear: 2020 }), { year: 2026 }).candidate).toBe(true);
    expect(
      assessSegment(pipe({ material: 'ductile_iron', installYear: 2020 }), { year: 2026 }).candidate,
    ).toBe(false);
  });

  it('applies each network its service life', () => {
    const gasSteel = assessSegment(pipe({ network: 'gas', material: 'steel', installYear: 2006 }), {
      year: 2026,
    });
    expect(gasSteel.reasons).toContain('service_life');
    const water = assessSegment(pipe({ material: 'steel', installYear: 2006 }), { year: 2026 });
    expect(water.reasons).not.toContain('service_life');
    const drain = assessSegment(
      pipe({ network: 'drainage', material: 'plain_concrete', installYear: 2020 }),
      {
        year: 2026,
      },
    );
    expect(drain.reasons).toEqual(['plain_concrete']);
  });
});

describe('risk score', () => {
  it('is likelihood times consequence, explained term by term', () => {
    const a = assessSegment(
      pipe({
        network: 'gas',
        material: 'grey_cast_iron',
        installYear: 1980,
        diameterMm: 300,
        failures: 4,
        pressureClass: 'SHB',
      }),
      { year: 2026 },
    );
    // material 4 + age 2 (46 ≥ 1.5 × 20) + failures 2 + pressure 1 → 5; diameter 3 + gas 1 → 4
    expect(a.lof).toBe(5);
    expect(a.cof).toBe(4);
    expect(a.score).toBe(20);
    expect(a.grade).toBe('very_high');
    expect(a.terms.map((t) => t.code).sort()).toEqual(
      ['age', 'diameter', 'failures', 'material', 'network', 'pressure'].sort(),
    );
  });

  it('scores a young PE service pipe lowest', () => {
    const a = assessSegment(pipe({ installYear: 2024 }), { year: 2026 });
    expect(a.score).toBe(1);
    expect(a.grade).toBe('low');
  });

  it('grades and bands at their edges', () => {
    expect([4, 5, 9, 10, 15, 16].map(riskGrade)).toEqual([
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'very_high',
    ]);
    expect([10, 11, 15, 16, 20, 21, 30, 31].map(ageBand)).toEqual([
      '0-10',
      '10-15',
      '10-15',
      '15-20',
      '15-20',
      '20-30',
      '20-30',
      '30+',
    ]);
  });
});
