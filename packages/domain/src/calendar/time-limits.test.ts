import { describe, expect, it } from 'vitest';
import taxonomy from '../seed/taxonomy.json' with { type: 'json' };
import { ALL_CATEGORIES, DEFAULT_STEP_LIMITS, defaultTimeLimits, timeLimitFor } from './time-limits.js';

const minorCount =
  taxonomy.components.reduce((n, m) => n + m.minors.length, 0) +
  taxonomy.events.reduce((n, m) => n + m.minors.length, 0);

describe('default time limits', () => {
  it('covers every category of taxonomy.json at every urgency level', () => {
    expect(ALL_CATEGORIES).toHaveLength(minorCount);
    const rows = defaultTimeLimits();
    expect(rows).toHaveLength(minorCount * 3);
    for (const row of rows) {
      expect(row.disposalLimit.value).toBeGreaterThan(0);
      expect(row.filingCondition).not.toBe('');
      expect(row.closingCondition).not.toBe('');
    }
  });

  it('uses the rulebook examples', () => {
    expect(timeLimitFor({ kind: 'event', code: '0102' })).toMatchObject({
      name: '暴露垃圾',
      disposalLimit: { value: 4, unit: 'working_hours' },
    });
    expect(timeLimitFor({ kind: 'event', code: '0104' }).disposalLimit).toEqual({
      value: 2,
      unit: 'working_hours',
    });
    expect(timeLimitFor({ kind: 'event', code: '0406' }).disposalLimit).toEqual({
      value: 4,
      unit: 'working_hours',
    });
    expect(timeLimitFor({ kind: 'event', code: '0101' })).toMatchObject({
      name: '私搭乱建',
      disposalLimit: { value: 4, unit: 'working_hours' },
      followUp: { step: '拆除', limit: { value: 20, unit: 'working_days' } },
    });
    // 0101 in the component tree is a water manhole cover, not an unauthorised structure.
    expect(timeLimitFor({ kind: 'component', code: '0101' })).toMatchObject({
      name: '上水井盖',
      disposalLimit: { value: 6, unit: 'natural_hours' },
    });
    expect(timeLimitFor({ kind: 'component', code: '0104' }).disposalLimit.unit).toBe('natural_hours');
  });

  it('gives urgent and critical cases shorter limits, never below the floor', () => {
    const [normal, urgent, critical] = defaultTimeLimits([{ kind: 'event', code: '0104' }]);
    expect([normal?.urgency, urgent?.urgency, critical?.urgency]).toEqual(['normal', 'urgent', 'critical']);
    expect(urgent?.disposalLimit).toEqual({ value: 1, unit: 'working_hours' });
    expect(critical?.disposalLimit).toEqual({ value: 0.5, unit: 'working_hours' });
    expect(timeLimitFor({ kind: 'event', code: '0403' }, 'critical').disposalLimit).toEqual({
      value: 0.5,
      unit: 'natural_hours',
    });
  });

  it('falls back to the class default for a local extension code', () => {
    expect(timeLimitFor({ kind: 'event', code: '0590' })).toMatchObject({
      name: '类别0590',
      disposalLimit: { value: 2, unit: 'working_hours' },
    });
    expect(timeLimitFor({ kind: 'event', code: '0199' }).name).toBe('其他市容环境问题');
  });

  it('has the default step limits', () => {
    expect(DEFAULT_STEP_LIMITS.accept).toEqual({ value: 0.5, unit: 'working_hours' });
    expect(DEFAULT_STEP_LIMITS.verify).toEqual({ value: 30, unit: 'working_minutes' });
    expect(DEFAULT_STEP_LIMITS.check).toEqual({ value: 30, unit: 'working_minutes' });
  });
});

describe('time limits in English', () => {
  it('every default row has its name and its filing and closing conditions in English as well', () => {
    for (const row of defaultTimeLimits()) {
      for (const text of [row.nameEn, row.filingConditionEn, row.closingConditionEn]) {
        expect(text, `${row.kind} ${row.category}`).toMatch(/^[A-Z][\x20-\x7e]+$/);
      }
    }
    expect(timeLimitFor({ kind: 'event', code: '0406' })).toMatchObject({
      nameEn: 'Road ponding',
      filingConditionEn: 'Water standing on a road, pavement or underpass, hindering traffic',
    });
    expect(timeLimitFor({ kind: 'event', code: '0599' }).nameEn).toBe('Other street order problem');
  });
});
