import type { RouteRecordRaw } from 'vue-router';

/** The case loop's desk pages: intake/dispatch desk, unit inbox and the case page. */
export const caseRoutes: RouteRecordRaw[] = [
  {
    path: 'desk',
    component: () => import('@/features/desk/DeskPage.vue'),
    meta: {
      title: 'desk.title',
      roles: ['operator', 'hotline', 'shift_leader', 'dispatcher', 'supervisor', 'admin'],
    },
  },
  {
    path: 'unit',
    component: () => import('@/features/unit/UnitInbox.vue'),
    meta: { title: 'unit.title', roles: ['handler', 'admin'] },
  },
  {
    path: 'cases/:id(\\d+)',
    component: () => import('@/features/cases/CasePage.vue'),
    meta: { title: 'cases.title' },
  },
  {
    path: 'evaluation',
    component: () => import('@/features/evaluation/EvaluationPage.vue'),
    meta: {
      title: 'evaluation.title',
      roles: ['leader', 'admin', 'supervisor', 'shift_leader', 'dispatcher'],
    },
  },
];
