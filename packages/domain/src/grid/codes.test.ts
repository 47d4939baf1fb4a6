import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  componentCodeOf,
  gridCodeOf,
  isValidCategoryCode,
  isValidComponentCode,
  isValidGridCode,
  isValidSupervisionGridCode,
  parseComponentCode,
  parseGridCode,
  supervisionGridCodeOf,
} from './codes.js';

function invalidGridCodeError(code: string): unknown {
  try {
    parseGridCode(code);
  } catch (err) {
    return err;
  }
  return null;
}

describe('unit grid codes', () => {
  it('splits a grid code into its nested area codes', () => {
    expect(parseGridCode('370602001003017')).toEqual({
      district: '370602',
      street: '370602001',
      community: '370602001003',
      sequence: 17,
      streetKind: 'subdistrict',
    });
  });

  it('reads the street kind from the first digit of the street part', () => {
    expect(parseGridCode('370612101001001').streetKind).toBe('town');
    expect(parseGridCode('370612201001001').streetKind).toBe('township');
    expect(parseGridCode('370612399001001').streetKind).toBe('township');
  });

  it.each([
    ['too short', '37060200100301'],
    ['too long', '3706020010030170'],
    ['empty', ''],
    ['a letter', '37060200100301A'],
    ['a space', '370602001 03017'],
    ['full-width digits', '３７０６０２００１００３０１７'],
    ['sequence 000', '370602001003000'],
    ['community 000', '370602001000017'],
    ['street 000', '370602000003017'],
    ['street kind 4xx', '370602401003017'],
    ['street kind 9xx', '370602901003017'],
    ['no such province', '990602001003017'],
    ['a province, not a district', '370000001003017'],
  ])('rejects a code with %s', (_label, code) => {
    expect(isValidGridCode(code)).toBe(false);
    const err = invalidGridCodeError(code);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('grid.invalid_code');
    expect((err as DomainError).status).toBe(400);
  });

  it('accepts the first and the last grid of a community', () => {
    expect(isValidGridCode('370602001003001')).toBe(true);
    expect(isValidGridCode('370602001003999')).toBe(true);
  });

  it('builds a grid code from a community and a sequence', () => {
    expect(gridCodeOf('370602001003', 17)).toBe('370602001003017');
    expect(() => gridCodeOf('370602001003', 0)).toThrow(DomainError);
    expect(() => gridCodeOf('370602001003', 1000)).toThrow(DomainError);
  });
});

describe('component codes', () => {
  it('splits a component code into area, category and sequence', () => {
    expect(parseComponentCode('3706020101000123')).toEqual({
      district: '370602',
      category: '0101',
      major: '01',
      minor: '01',
      sequence: 123,
    });
  });

  it.each([
    ['15 digits', '370602010100012'],
    ['17 digits', '37060201010001234'],
    ['non-digits', '37060201010001x3'],
    ['major 00', '3706020001000123'],
    ['minor 00', '3706020100000123'],
    ['sequence 000000', '3706020101000000'],
    ['no such province', '0006020101000123'],
  ])('rejects a component code with %s', (_label, code) => {
    expect(isValidComponentCode(code)).toBe(false);
    expect(() => parseComponentCode(code)).toThrow(DomainError);
  });

  it('builds a component code and refuses a sequence past six digits', () => {
    expect(componentCodeOf('370613', '0118', 42)).toBe('3706130118000042');
    expect(() => componentCodeOf('370613', '0118', 1_000_000)).toThrow(DomainError);
  });
});

describe('category codes', () => {
  it('accepts classic and local-extension categories', () => {
    expect(isValidCategoryCode('0101')).toBe(true);
    expect(isValidCategoryCode('0199')).toBe(true);
    expect(isValidCategoryCode('2101')).toBe(true);
  });

  it('rejects malformed categories', () => {
    for (const code of ['101', '01010', '0100', '0001', 'ab01'])
      expect(isValidCategoryCode(code)).toBe(false);
  });
});

describe('supervision grid codes', () => {
  it('appends J and two digits to the street code', () => {
    expect(supervisionGridCodeOf('370602001', 1)).toBe('370602001J01');
    expect(isValidSupervisionGridCode('370602001J01')).toBe(true);
  });

  it('rejects number 00, a bad street and a missing J', () => {
    expect(isValidSupervisionGridCode('370602001J00')).toBe(false);
    expect(isValidSupervisionGridCode('370602401J01')).toBe(false);
    expect(isValidSupervisionGridCode('37060200101')).toBe(false);
    expect(() => supervisionGridCodeOf('370602001', 100)).toThrow(DomainError);
  });
});
