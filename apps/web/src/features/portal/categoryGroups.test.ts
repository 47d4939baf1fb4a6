import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '@cityloop/domain/taxonomy';
import { CITIZEN_GROUPS } from './categoryGroups';

describe('the citizen’s category groups', () => {
  it('show every category of both trees exactly once: nothing that exists is hidden', () => {
    const shown = CITIZEN_GROUPS.flatMap((g) => g.categories.map((c) => `${c.kind}:${c.code}`));
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.sort()).toEqual(CATEGORIES.map((c) => `${c.kind}:${c.code}`).sort());
  });

  it('leave no group empty and few categories to "other"', () => {
    for (const g of CITIZEN_GROUPS) expect(g.categories.length, g.key).toBeGreaterThan(0);
    const other = CITIZEN_GROUPS.find((g) => g.key === 'other')!;
    expect(other.categories.length).toBeLessThan(12);
  });

  it('put the problems people report most where they look for them', () => {
    const groupOf = (kind: string, code: string) =>
      CITIZEN_GROUPS.find((g) => g.categories.some((c) => c.kind === kind && c.code === code))?.key;
    expect(groupOf('component', '0101')).toBe('manholes');
    expect(groupOf('event', '0102')).toBe('rubbish');
    expect(groupOf('event', '0505')).toBe('traffic');
    expect(groupOf('event', '0501')).toBe('street');
  });
});
