import { describe, expect, it } from 'vitest';
import { pickProgramme, renewalCostFen, type ProgrammeCandidate } from './renovation.js';

const seg = (id: string, o: Partial<ProgrammeCandidate> = {}): ProgrammeCandidate => ({
  id,
  network: 'gas',
  material: 'grey_cast_iron',
  diameterMm: 200,
  installYear: 1990,
  lengthM: 400,
  score: 10,
  candidate: true,
  ...o,
});

describe('pickProgramme', () => {
  it('takes the riskiest, then oldest candidates until the target is reached', () => {
    const picked = pickProgramme(
      [
        seg('a', { score: 8 }),
        seg('b', { score: 16 }),
        seg('c', { score: 16, installYear: 1970 }),
        seg('d', { score: 20, candidate: false }),
        seg('e', { score: 12 }),
      ],
      { network: 'gas', targetKm: 1 },
    );
    expect(picked.map((s) => s.id)).toEqual(['c', 'b', 'e']);
  });

  it('keeps to the network and materials and skips segments already taken', () => {
    const picked = pickProgramme(
      [seg('a'), seg('b', { material: 'pe' }), seg('c', { network: 'water' }), seg('d')],
      { network: 'gas', targetKm: 5, materials: ['grey_cast_iron'], taken: new Set(['d']) },
    );
    expect(picked.map((s) => s.id)).toEqual(['a']);
  });
});

describe('renewalCostFen', () => {
  it('grows with diameter and length', () => {
    expect(renewalCostFen('water', 300, 100)).toBe((900 + 4 * 300) * 100 * 100);
    expect(renewalCostFen('heating', 300, 100)).toBeGreaterThan(renewalCostFen('water', 300, 100));
  });
});
