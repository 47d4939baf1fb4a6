import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone } from './visits.js';

const digitsOf = (s: string) => s.replace(/[^0-9]/g, '');

describe('maskPhone, the one phone masker', () => {
  it('keeps the first three and last four digits of a mobile or a long landline number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('0535-6681234')).toBe('053****1234');
    expect(maskPhone('+86 138 1234 5678')).toBe('861****5678');
  });

  it('hides four digits of a seven-digit local number instead of showing all seven', () => {
    expect(maskPhone('6231234')).toBe('****234');
    expect(maskPhone('623-1234')).toBe('****234');
  });

  it('keeps only the last four digits of eight to ten digits', () => {
    expect(maskPhone('66812345')).toBe('****2345');
    expect(maskPhone('0535668123')).toBe('****8123');
  });

  it('hides short numbers whole or all but what lies past four digits', () => {
    expect(maskPhone('12345')).toBe('****5');
    expect(maskPhone('110')).toBe('****');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('unknown')).toBe('****');
  });

  it('gives null for no number', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
    expect(maskPhone('')).toBeNull();
  });

  it('never shows more digits than the number has less four (or any of a number of four or fewer)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789 -+()'.split('')), minLength: 1 }),
        (phone) => {
          const shown = digitsOf(maskPhone(phone)!);
          const n = digitsOf(phone).length;
          expect(shown.length).toBeLessThanOrEqual(Math.max(0, n - 4));
          expect(maskPhone(phone)).toContain('****');
        },
      ),
      { seed: 16 },
    );
  });
});
