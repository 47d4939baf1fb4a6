import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { canReach } from '@cityloop/domain/access/policy';
import { loadMe } from '@/features/auth/session';
import AppShell from '@/components/AppShell.vue';
import { WEB_MODULES } from './modules';

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
  ...WEB_MODULES.flatMap((m) => m.pages ?? []),
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
      ...WEB_MODULES.flatMap((m) => m.routes ?? []),
      { path: ':rest(.*)*', redirect: '/' },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  const user = await loadMe().catch(() => null);
  if (to.meta.public) return true;
  if (!user) return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  const denied = to.matched.some((r) => r.meta.capability && !canReach(user.roles, r.meta.capability));
  if (denied) return user.home.startsWith('/m') ? '/map' : user.home;
  return true;
});
