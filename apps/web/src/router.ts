import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from '@cityloop/domain/roles';
import { hasRole, loadMe } from '@/features/auth/session';
import AppShell from '@/components/AppShell.vue';
import { adminRoutes } from '@/features/admin/admin.routes';
import { caseRoutes } from '@/features/cases/cases.routes';
import { componentRoutes } from '@/features/components/components.routes';
import { portalRoutes } from '@/features/portal/portal.routes';
import { utilitiesRoutes } from '@/features/utilities/utilities.routes';
import { visitRoutes } from '@/features/visits/visits.routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** Only for users holding one of these roles. */
    roles?: Role[];
    /** i18n key of the page title. */
    title?: string;
    /** Which role home page this is (homes.<key>). */
    home?: string;
  }
}

const roleHome = (path: string, key: string): RouteRecordRaw => ({
  path,
  component: () => import('@/features/home/RoleHome.vue'),
  meta: { home: key, title: `homes.${key}` },
});

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
  {
    // The inspector phone app is a separate page: leave the desk app for it.
    path: '/m/:rest(.*)*',
    component: { render: () => null },
    beforeEnter: (to) => {
      window.location.assign(to.fullPath);
      return false;
    },
  },
  {
    path: '/',
    component: AppShell,
    children: [
      // Resolved after the session is loaded: a `redirect` would run before it on a fresh page
      // load and send a signed-in user to the login page.
      {
        path: '',
        component: { render: () => null },
        beforeEnter: async () => (await loadMe().catch(() => null))?.home ?? '/login',
      },
      { path: 'map', component: () => import('@/features/map/MapPage.vue'), meta: { title: 'nav.map' } },
      ...caseRoutes,
      ...componentRoutes,
      {
        path: 'intake',
        component: () => import('@/features/intake/HotlineIntake.vue'),
        meta: { title: 'nav.intake', roles: ['operator', 'hotline', 'admin'] },
      },
      ...utilitiesRoutes,
      ...visitRoutes,
      roleHome('emergency', 'emergency'),
      roleHome('cockpit', 'cockpit'),
      ...portalRoutes,
      ...adminRoutes,
      { path: ':rest(.*)*', redirect: '/' },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const user = await loadMe().catch(() => null);
  if (to.meta.public) return true;
  if (!user) return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  const roles = to.matched.flatMap((r) => r.meta.roles ?? []);
  if (roles.length > 0 && !hasRole(...roles)) return user.home.startsWith('/m') ? '/map' : user.home;
  return true;
});
