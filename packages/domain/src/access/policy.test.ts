import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.js';
import { ACCESS, canReach, menuRolesFor, rolesFor, type CapabilityName } from './policy.js';

const names = Object.keys(ACCESS) as CapabilityName[];

describe('access policy', () => {
  it('lists only known roles, each once per capability', () => {
    for (const name of names) {
      const roles = rolesFor(name);
      expect(
        roles.every((r) => ROLES.includes(r)),
        name,
      ).toBe(true);
      expect(new Set(roles).size, name).toBe(roles.length);
    }
  });

  it('a side menu never lists a capability to a role that cannot reach it', () => {
    for (const name of names) {
      const reach = rolesFor(name);
      expect(
        menuRolesFor(name).filter((r) => !reach.includes(r)),
        name,
      ).toEqual([]);
    }
  });

  it('an administrator reaches the desk but keeps the admin group instead of a desk menu entry', () => {
    expect(canReach(['admin'], 'desk')).toBe(true);
    expect(menuRolesFor('desk')).not.toContain('admin');
  });

  it('a leader reads return visits and utilities but not the alarm console', () => {
    expect(canReach(['leader'], 'visits')).toBe(true);
    expect(menuRolesFor('visits')).not.toContain('leader');
    expect(canReach(['leader'], 'utilities')).toBe(true);
    expect(canReach(['leader'], 'alarmConsole')).toBe(false);
  });

  it('hotline intake is for the seats whose reports the server takes', () => {
    for (const r of rolesFor('intake')) expect(rolesFor('report')).toContain(r);
    expect(canReach(['admin'], 'intake')).toBe(false);
  });
});
