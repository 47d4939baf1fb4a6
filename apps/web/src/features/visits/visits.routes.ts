import type { RouteRecordRaw } from 'vue-router';

/** The hotline's return-visit page (回访). */
export const visitRoutes: RouteRecordRaw[] = [
  {
    path: 'visits',
    component: () => import('@/features/visits/VisitsPage.vue'),
    meta: {
      title: 'visits.title',
      roles: ['hotline', 'operator', 'shift_leader', 'supervisor', 'leader', 'admin'],
    },
  },
];
