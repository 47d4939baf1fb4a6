import type { Component } from 'vue';
import {
  Avatar,
  Bell,
  Box,
  Briefcase,
  Calendar,
  Collection,
  DataLine,
  Document,
  Grid,
  HomeFilled,
  House,
  Location,
  Odometer,
  Phone,
  PhoneFilled,
  MapLocation,
  OfficeBuilding,
  School,
  Tickets,
  Timer,
  TrendCharts,
  Upload,
  User,
} from '@element-plus/icons-vue';
import type { Role } from '@cityloop/domain/roles';
import { hasRole } from '@/features/auth/session';
// The case loop's labels (desk.title, unit.title, evaluation.title) live with its pages.
import '@/features/cases/i18n';
import '@/features/visits/i18n';

export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: Component;
  roles?: Role[];
}

export interface NavGroup {
  key: string;
  label: string;
  icon: Component;
  roles: Role[];
  items: NavItem[];
}

export const ADMIN_NAV: NavGroup = {
  key: 'admin',
  label: 'nav.admin',
  icon: DataLine,
  roles: ['admin'],
  items: [
    { path: '/admin', label: 'nav.overview', icon: HomeFilled },
    { path: '/admin/districts', label: 'nav.districts', icon: MapLocation },
    { path: '/admin/streets', label: 'nav.streets', icon: School },
    { path: '/admin/communities', label: 'nav.communities', icon: House },
    { path: '/admin/supervision-grids', label: 'nav.supervisionGrids', icon: Collection },
    { path: '/admin/unit-grids', label: 'nav.unitGrids', icon: Grid },
    { path: '/admin/departments', label: 'nav.departments', icon: OfficeBuilding },
    { path: '/admin/users', label: 'nav.users', icon: User },
    { path: '/admin/audit', label: 'nav.audit', icon: Document },
    { path: '/admin/grid-import', label: 'nav.gridImport', icon: Upload },
    { path: '/components', label: 'nav.components', icon: Box },
    { path: '/admin/component-import', label: 'nav.componentImport', icon: Upload },
    { path: '/admin/calendar', label: 'nav.calendar', icon: Calendar },
    { path: '/admin/time-limits', label: 'nav.timeLimits', icon: Timer },
  ],
};

/** The case loop's work pages, each for the roles that work there (shown unless it is the home page). */
export const WORK_NAV: NavItem[] = [
  {
    path: '/desk',
    label: 'desk.title',
    icon: Tickets,
    roles: ['operator', 'hotline', 'shift_leader', 'dispatcher', 'supervisor'],
  },
  { path: '/intake', label: 'nav.intake', icon: Phone, roles: ['operator', 'hotline'] },
  { path: '/visits', label: 'visits.title', icon: PhoneFilled, roles: ['operator', 'hotline'] },
  { path: '/unit', label: 'unit.title', icon: Briefcase, roles: ['handler'] },
  {
    path: '/utilities',
    label: 'nav.utilities',
    icon: Odometer,
    roles: ['utility_operator', 'commander', 'dispatcher', 'leader', 'admin'],
  },
  {
    path: '/utilities/alarms',
    label: 'nav.alarms',
    icon: Bell,
    roles: ['utility_operator', 'commander', 'dispatcher', 'admin'],
  },
  {
    path: '/evaluation',
    label: 'evaluation.title',
    icon: TrendCharts,
    roles: ['leader', 'admin', 'supervisor', 'shift_leader', 'dispatcher'],
  },
];

/** The work pages the signed-in user can reach, but `except` (the page that links them). */
export function reachableWorkNav(except: string | null): NavItem[] {
  return WORK_NAV.filter((i) => i.path !== except && (!i.roles || hasRole(...i.roles)));
}

export const HOME_ICON = Avatar;
export const MAP_ICON = Location;
