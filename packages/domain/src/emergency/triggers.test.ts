import { describe, expect, it } from 'vitest';
import { SEED_PLANS } from './plans.js';
import {
  changeAllowed,
  evaluatePlan,
  proposalFor,
  type EvaluationInput,
  type GaugeFacts,
} from './triggers.js';
import { levelOfColour, parseWarningCode, warningCode } from './warnings.js';

const none: EvaluationInput = { warnings: [], rain: [], snow: [], depth: [] };
const rain = (deviceId: string, totals: GaugeFacts['totals'], silent = false): GaugeFacts => ({
  deviceId,
  silent,
  totals,
});
const depth = (deviceId: string, depthCm: number, silent = false): GaugeFacts => ({
  deviceId,
  silent,
  depthCm,
});
const flood = SEED_PLANS.rainstorm;

describe('warning codes', () => {
  it('reads the national 4-digit code as type and colour', () => {
    expect(parseWarningCode('0203')).toEqual({ type: '02', colour: 'orange' });
    expect(warningCode('14', 'red')).toBe('1404');
    expect(parseWarningCode('0205')).toBeNull();
    expect(parseWarningCode('9901')).toBeNull();
    expect(parseWarningCode('02031')).toBeNull();
    expect(levelOfColour('blue')).toBe('IV');
    expect(levelOfColour('red')).toBe('I');
  });
});

describe('rainstorm triggers', () => {
  it('nothing met: no level', () => {
    expect(evaluatePlan(flood, none).level).toBeNull();
  });

  it('a blue rainstorm warning calls for level IV, an orange one for II', () => {
    expect(evaluatePlan(flood, { ...none, warnings: [{ id: 1, type: '02', colour: 'blue' }] }).level).toBe(
      'IV',
    );
    const e = evaluatePlan(flood, { ...none, warnings: [{ id: 2, type: '02', colour: 'orange' }] });
    expect(e.level).toBe('II');
    expect(e.evidence[0]).toMatchObject({ level: 'II', warningId: 2 });
  });

  it('a typhoon warning does not trigger the rainstorm plan', () => {
    expect(
      evaluatePlan(flood, { ...none, warnings: [{ id: 1, type: '01', colour: 'red' }] }).level,
    ).toBeNull();
  });

  it('rainfall at the boundary: 49.9 mm in 12 h is nothing, 50 mm is level IV', () => {
    expect(evaluatePlan(flood, { ...none, rain: [rain('rg-1', { 12: 49.9 })] }).level).toBeNull();
    const e = evaluatePlan(flood, { ...none, rain: [rain('rg-1', { 12: 50 })] });
    expect(e.level).toBe('IV');
    expect(e.evidence[0]!.devices).toEqual([{ deviceId: 'rg-1', value: 50 }]);
  });

  it('the window matters: 50 mm in 3 h is level II, 100 mm in 3 h level I', () => {
    expect(evaluatePlan(flood, { ...none, rain: [rain('rg-1', { 3: 50, 6: 50, 12: 50 })] }).level).toBe('II');
    expect(evaluatePlan(flood, { ...none, rain: [rain('rg-1', { 3: 100, 6: 100, 12: 100 })] }).level).toBe(
      'I',
    );
  });

  it('a silent gauge never triggers and is listed as silent', () => {
    const e = evaluatePlan(flood, { ...none, rain: [rain('rg-1', { 12: 300, 3: 300 }, true)] });
    expect(e.level).toBeNull();
    expect(e.silent).toEqual(['rg-1']);
  });

  it('a silent gauge does not block a level the others meet', () => {
    const e = evaluatePlan(flood, { ...none, rain: [rain('rg-1', {}, true), rain('rg-2', { 12: 60 })] });
    expect(e.level).toBe('IV');
    expect(e.silent).toEqual(['rg-1']);
  });

  it('ponding: level IV needs two points at 15 cm or deeper', () => {
    expect(
      evaluatePlan(flood, { ...none, depth: [depth('wl-1', 30), depth('wl-2', 14.9)] }).level,
    ).toBeNull();
    expect(evaluatePlan(flood, { ...none, depth: [depth('wl-1', 15), depth('wl-2', 15)] }).level).toBe('IV');
    expect(
      evaluatePlan(flood, { ...none, depth: [depth('wl-1', 40), depth('wl-2', 40, true)] }).level,
    ).toBeNull();
  });
});

describe('snow triggers', () => {
  it('a blizzard warning or road icing calls for the snow plan', () => {
    const snow = SEED_PLANS.snow;
    expect(evaluatePlan(snow, { ...none, warnings: [{ id: 1, type: '03', colour: 'yellow' }] }).level).toBe(
      'III',
    );
    expect(evaluatePlan(snow, { ...none, warnings: [{ id: 1, type: '14', colour: 'orange' }] }).level).toBe(
      'II',
    );
    expect(evaluatePlan(snow, { ...none, snow: [rain('sg-1', { 12: 4 })] }).level).toBe('IV');
  });
});

describe('proposals', () => {
  it('proposes activation, raise, lower and end as the called-for level moves', () => {
    expect(proposalFor(null, null)).toBeNull();
    expect(proposalFor('IV', 'IV')).toBeNull();
    expect(proposalFor(null, 'III')).toEqual({ kind: 'activate', level: 'III' });
    expect(proposalFor('IV', 'II')).toEqual({ kind: 'raise', level: 'II' });
    expect(proposalFor('II', 'IV')).toEqual({ kind: 'lower', level: 'IV' });
    expect(proposalFor('II', null)).toEqual({ kind: 'end', level: null });
  });

  it('allows only changes that fit the level in force', () => {
    expect(changeAllowed('activate', 'IV', 'III')).toBe(false);
    expect(changeAllowed('raise', 'III', 'IV')).toBe(false);
    expect(changeAllowed('lower', 'III', 'IV')).toBe(true);
    expect(changeAllowed('end', null, null)).toBe(false);
  });
});
