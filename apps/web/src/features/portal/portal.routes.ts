import type { RouteRecordRaw } from 'vue-router';

/** 市民服务: the citizen's home, where they report problems and follow their own reports. */
export const portalRoutes: RouteRecordRaw[] = [
  {
    path: 'portal',
    component: () => import('@/features/portal/PortalPage.vue'),
    meta: { home: 'portal', title: 'homes.portal', roles: ['citizen'] },
  },
];
