import type { RouteRecordRaw } from 'vue-router';

const admin = { roles: ['admin' as const] };

/** /admin/...: the administrator's pages, all behind the admin role. */
export const adminRoutes: RouteRecordRaw[] = [
  { path: 'admin', component: () => import('./AdminHome.vue'), meta: { ...admin, title: 'nav.admin' } },
  { path: 'admin/districts', component: () => import('@/features/org/DistrictList.vue'), meta: admin },
  { path: 'admin/streets', component: () => import('@/features/org/StreetList.vue'), meta: admin },
  { path: 'admin/communities', component: () => import('@/features/org/CommunityList.vue'), meta: admin },
  {
    path: 'admin/supervision-grids',
    component: () => import('@/features/org/SupervisionGridList.vue'),
    meta: admin,
  },
  { path: 'admin/unit-grids', component: () => import('@/features/org/UnitGridList.vue'), meta: admin },
  { path: 'admin/departments', component: () => import('@/features/org/DepartmentList.vue'), meta: admin },
  { path: 'admin/users', component: () => import('@/features/users/UserList.vue'), meta: admin },
  { path: 'admin/audit', component: () => import('@/features/audit/AuditLog.vue'), meta: admin },
  {
    path: 'admin/component-import',
    component: () => import('@/features/components/ComponentImport.vue'),
    meta: admin,
  },
  { path: 'admin/calendar', component: () => import('@/features/calendar/CalendarAdmin.vue'), meta: admin },
  { path: 'admin/time-limits', component: () => import('@/features/calendar/TimeLimits.vue'), meta: admin },
  { path: 'admin/grid-import', component: () => import('@/features/grids/GridImport.vue'), meta: admin },
];
