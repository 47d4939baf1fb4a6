import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { reportProvenance } from './provenance.js';
import { isOnlyCitizen, mayReadCase } from './jurisdiction.js';

describe('reportProvenance', () => {
  it('gives each role its own source when the body names none', () => {
    expect(reportProvenance(['inspector'], {})).toEqual({
      source: 'inspector',
      urgency: 'normal',
      role: 'inspector',
    });
    expect(reportProvenance(['hotline'], {}).source).toBe('hotline');
    expect(reportProvenance(['operator'], {}).source).toBe('hotline');
    expect(reportProvenance(['citizen'], {}).source).toBe('web');
    expect(reportProvenance(['utility_operator'], {}).source).toBe('sensor');
    expect(reportProvenance(['shift_leader'], {}).source).toBe('leader');
    expect(reportProvenance(['dispatcher', 'inspector'], {})).toMatchObject({
      source: 'inspector',
      role: 'inspector',
    });
  });

  it('refuses a citizen who claims to be an inspector or the report to be critical', () => {
    expect(() => reportProvenance(['citizen'], { source: 'inspector' })).toThrow(DomainError);
    expect(() => reportProvenance(['citizen'], { source: 'web', urgency: 'critical' })).toThrow(
      /urgency critical/,
    );
    expect(() => reportProvenance(['citizen'], { urgency: 'urgent' })).toThrow(DomainError);
    expect(reportProvenance(['citizen'], { source: 'web', urgency: 'normal' }).source).toBe('web');
  });

  it('lets the desk register what came by other channels, but not as an inspector', () => {
    expect(reportProvenance(['operator'], { source: 'leader', urgency: 'critical' })).toEqual({
      source: 'leader',
      urgency: 'critical',
      role: 'operator',
    });
    expect(() => reportProvenance(['operator'], { source: 'inspector' })).toThrow(DomainError);
    expect(() => reportProvenance(['admin'], {})).toThrow(DomainError);
  });

  it('lets the system (no principal) say where a report came from', () => {
    expect(reportProvenance(null, { source: 'sensor', urgency: 'urgent' })).toEqual({
      source: 'sensor',
      urgency: 'urgent',
      role: null,
    });
  });
});

describe('mayReadCase', () => {
  const grid = '370602001003017';
  const city = { level: 'city' as const, code: null, departmentId: null };
  it('lets a citizen read their own reports only, however wide their jurisdiction', () => {
    const citizen = { id: 5, roles: ['citizen' as const], jurisdiction: city, departmentId: null };
    expect(isOnlyCitizen(citizen)).toBe(true);
    expect(mayReadCase(citizen, { gridCode: grid, unitId: null, reporterId: 5 })).toBe(true);
    expect(mayReadCase(citizen, { gridCode: grid, unitId: null, reporterId: 6 })).toBe(false);
  });
  it('lets staff read what they may act on', () => {
    const street = { level: 'street' as const, code: '370602002', departmentId: null };
    const u = { id: 1, roles: ['inspector' as const], jurisdiction: street, departmentId: null };
    expect(mayReadCase(u, { gridCode: grid, unitId: null, reporterId: null })).toBe(false);
    expect(mayReadCase(u, { gridCode: '370602002001001', unitId: null, reporterId: null })).toBe(true);
  });
});
