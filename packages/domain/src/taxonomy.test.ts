import { describe, expect, it } from 'vitest';
import { isValidCategoryCode } from './grid/codes.js';
import { CATEGORIES, MAJOR_CLASSES, categoriesOfKind, categoryByCode, searchCategories } from './taxonomy.js';

describe('taxonomy', () => {
  it('lists the six component and five event major classes', () => {
    expect(MAJOR_CLASSES.filter((m) => m.kind === 'component').map((m) => m.code)).toEqual([
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
    ]);
    expect(MAJOR_CLASSES.filter((m) => m.kind === 'event')).toHaveLength(5);
  });

  it('holds only minor categories with valid codes under their major class', () => {
    expect(CATEGORIES.length).toBeGreaterThan(100);
    for (const c of CATEGORIES) {
      expect(isValidCategoryCode(c.code)).toBe(true);
      expect(c.code.startsWith(c.major)).toBe(true);
      expect(c.name).not.toBe('');
    }
  });

  it('keeps codes unique within a kind', () => {
    for (const kind of ['component', 'event'] as const) {
      const codes = categoriesOfKind(kind).map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
  });

  it('tells a component from an event that share a code', () => {
    expect(categoryByCode('0101', 'component')).toMatchObject({ name: '上水井盖', majorName: '公用设施类' });
    expect(categoryByCode('0101', 'event')).toMatchObject({ name: '私搭乱建', majorName: '市容环境类' });
    expect(categoryByCode('0100', 'component')).toBeUndefined();
  });

  it('searches by name substring', () => {
    const covers = searchCategories('井盖', 'component');
    expect(covers.map((c) => c.code)).toContain('0110');
    expect(covers.every((c) => c.kind === 'component')).toBe(true);
    expect(searchCategories('暴露垃圾').map((c) => `${c.kind}:${c.code}`)).toEqual(['event:0102']);
  });

  it('searches by code prefix across both trees unless a kind is given', () => {
    const both = searchCategories('021');
    expect(both.some((c) => c.kind === 'component' && c.code === '0210')).toBe(true);
    expect(searchCategories('05', 'event').every((c) => c.major === '05')).toBe(true);
    expect(searchCategories('  ', 'event')).toHaveLength(categoriesOfKind('event').length);
  });

  it('names every class and category in English too, for the English interface', () => {
    for (const c of [...MAJOR_CLASSES, ...CATEGORIES]) {
      expect(c.nameEn, `${c.kind} ${c.code}`).toMatch(/^[A-Z][\x20-\x7e]+$/);
    }
    expect(categoryByCode('0101', 'component')?.nameEn).toBe('Water supply manhole cover');
    expect(searchCategories('manhole', 'component').map((c) => c.code)).toContain('0111');
  });
});
