import { describe, expect, it } from 'vitest';
import { validateAlarmRule } from './alarms.js';
import {
  reportIntervalS,
  SEED_DEVICE_TYPES,
  SEED_PROFILES,
  seedProfile,
  isSeedDeviceType,
} from './profiles.js';

describe('seed profiles', () => {
  it('has one profile per seed device type', () => {
    expect(SEED_PROFILES.map((p) => p.type)).toEqual([...SEED_DEVICE_TYPES]);
    expect(isSeedDeviceType('rain_gauge')).toBe(true);
    expect(isSeedDeviceType('toaster')).toBe(false);
    expect(seedProfile('toaster')).toBeUndefined();
  });

  for (const profile of SEED_PROFILES) {
    describe(profile.type, () => {
      it('has unique metric keys with a sane range and a 10–60 s interval', () => {
        const keys = profile.metrics.map((m) => m.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const m of profile.metrics) {
          expect(m.min, m.key).toBeLessThan(m.max);
          expect(m.expectedIntervalS).toBeGreaterThanOrEqual(10);
          expect(m.expectedIntervalS).toBeLessThanOrEqual(60);
          if (m.kind === 'state') expect([m.min, m.max]).toEqual([0, 1]);
        }
        expect(reportIntervalS(profile)).toBeGreaterThanOrEqual(10);
      });

      it('has default rules that name its own metrics, are valid and sit inside the metric range', () => {
        for (const rule of profile.defaultRules) {
          const metric = profile.metrics.find((m) => m.key === rule.metric);
          expect(metric, `${rule.metric} of ${profile.type}`).toBeDefined();
          expect(validateAlarmRule(rule)).toEqual([]);
          if (metric && rule.threshold !== undefined && rule.kind !== 'stuck') {
            expect(rule.threshold).toBeGreaterThan(metric.min);
            expect(rule.threshold).toBeLessThan(metric.max);
          }
          if (rule.openCase) expect(rule.openCase.category).toMatch(/^04\d\d$/);
        }
      });

      it('names every metric and command in English too, each name distinct within the profile', () => {
        const names = profile.metrics.map((m) => m.nameEn);
        for (const [i, name] of names.entries())
          expect(name, profile.metrics[i]!.key).toMatch(/^[A-Z][ -~]+$/);
        expect(new Set(names).size).toBe(names.length);
        for (const c of profile.commands) expect(c.labelEn, c.name).toMatch(/^[A-Z][ -~]+$/);
      });

      it('has commands whose params point at real metrics and fit their range', () => {
        for (const c of profile.commands) {
          for (const p of c.params ?? []) {
            expect(p.min).toBeLessThan(p.max);
            if (p.currentMetric) expect(profile.metrics.some((m) => m.key === p.currentMetric)).toBe(true);
            if (p.maxStep !== undefined) expect(p.currentMetric).toBeDefined();
          }
        }
      });
    });
  }

  it('uses the flood plan levels for waterlogging depth', () => {
    const rules = seedProfile('waterlogging_gauge')?.defaultRules ?? [];
    expect(
      rules
        .filter((r) => r.metric === 'depth' && r.threshold !== undefined)
        .map((r) => [r.threshold, r.severity]),
    ).toEqual([
      [15, 'warning'],
      [25, 'major'],
    ]);
  });
});
