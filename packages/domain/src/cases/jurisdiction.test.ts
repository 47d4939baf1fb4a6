import { describe, expect, it } from 'vitest';
import { actorMayActOnCase } from './jurisdiction.js';

describe('actorMayActOnCase', () => {
  const grid = '370602001003017';
  it('lets city-wide users act everywhere', () => {
    expect(actorMayActOnCase({ level: 'city', code: null, departmentId: null }, null, grid, null)).toBe(true);
  });
  it('lets district and street users act inside their area only', () => {
    expect(
      actorMayActOnCase({ level: 'district', code: '370602', departmentId: null }, null, grid, null),
    ).toBe(true);
    expect(
      actorMayActOnCase({ level: 'street', code: '370602002', departmentId: null }, null, grid, null),
    ).toBe(false);
    expect(
      actorMayActOnCase({ level: 'street', code: '370602002', departmentId: null }, null, null, null),
    ).toBe(false);
  });
  it('lets a unit act on the cases dispatched to it, wherever they are', () => {
    const unit = { level: 'department' as const, code: null, departmentId: 7 };
    expect(actorMayActOnCase(unit, 7, grid, 7)).toBe(true);
    expect(actorMayActOnCase(unit, 7, grid, 8)).toBe(false);
    expect(actorMayActOnCase({ level: 'district', code: '370699', departmentId: null }, 9, grid, 9)).toBe(
      true,
    );
  });
});
