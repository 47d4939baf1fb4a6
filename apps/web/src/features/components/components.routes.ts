import type { RouteRecordRaw } from 'vue-router';

/** The component registry (部件): readable by every signed-in user; editing and import are admin's. */
export const componentRoutes: RouteRecordRaw[] = [
  { path: 'components', component: () => import('./ComponentList.vue'), meta: { title: 'nav.components' } },
  {
    path: 'components/:code',
    component: () => import('./ComponentDetail.vue'),
    meta: { title: 'nav.components' },
  },
];
