import type { Component } from 'vue';
import { Avatar, DataLine, Location } from '@element-plus/icons-vue';
import { menuRolesFor, rolesFor } from '@cityloop/domain/access/policy';
import type { Role } from '@cityloop/domain/roles';
import { hasRole } from '@/features/auth/session';
import { WEB_MODULES } from '@/modules';
import type { MenuEntry } from '@/webModule';

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: Component;
  /** The roles whose menu lists it (the access policy's menu roles of its capability). */
  roles: readonly Role[];
  badge?: () => number | null;
}

export interface NavGroup {
  key: string;
  label: string;
  icon: Component;
  roles: readonly Role[];
  items: NavItem[];
}

/** The modules' menu entries of one group, in their order, each with its roles from the policy. */
function entries(group: MenuEntry['group']): NavItem[] {
  return WEB_MODULES.flatMap((m) => m.menu ?? [])
    .filter((e) => e.group === group)
    .sort((a, b) => a.order - b.order)
    .map((e) => ({
      path: e.path,
      label: e.label,
      icon: e.icon,
      roles: menuRolesFor(e.capability),
      ...(e.badge ? { badge: e.badge } : {}),
    }));
}

/** The modules' always-mounted shell parts (see WebModule.shell). */
export const SHELL_PARTS: Component[] = WEB_MODULES.flatMap((m) => m.shell ?? []);

export const ADMIN_NAV: NavGroup = {
  key: 'admin',
  label: 'nav.admin',
  icon: DataLine,
  roles: rolesFor('admin'),
  items: entries('admin'),
};

/** The work pages, each for the roles that work there (shown unless it is the home page). */
export const WORK_NAV: NavItem[] = entries('work');

/** The work pages the signed-in user can reach, but `except` (the page that links them). */
export function reachableWorkNav(except: string | null): NavItem[] {
  return WORK_NAV.filter((i) => i.path !== except && hasRole(...i.roles));
}

export const HOME_ICON = Avatar;
export const MAP_ICON = Location;
