import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '@cityloop/domain/roles';

/** Who watches the utilities pages (the server's UTILITY_WATCHERS and leaders). */
const WATCHERS: Role[] = ['utility_operator', 'commander', 'dispatcher', 'admin', 'leader'];

/** The utilities operator views: sector overviews, the station page and the alarm console. */
export const utilitiesRoutes: RouteRecordRaw[] = [
  { path: 'utilities', redirect: '/utilities/water' },
  {
    path: 'utilities/alarms',
    component: () => import('./AlarmConsole.vue'),
    meta: { title: 'utilities.console.title', roles: WATCHERS },
  },
  {
    path: 'utilities/devices/:id',
    component: () => import('./DevicePage.vue'),
    meta: { title: 'utilities.device', roles: WATCHERS },
  },
  {
    path: 'utilities/:sector(water|heating|gas|drainage)',
    component: () => import('./UtilitiesOverview.vue'),
    meta: { title: 'utilities.title', roles: WATCHERS },
  },
];
