import { Message, StarFilled } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/**
 * The public portal (no account: report, track, rate, open figures), the visit desk's page of
 * residents' online ratings, and the administrator's notification outbox.
 */
export const publicPortalModule = defineModule({
  name: 'publicportal',
  pages: [
    {
      path: '/public',
      component: () => import('./PublicShell.vue'),
      meta: { public: true },
      children: [
        { path: '', component: () => import('./PublicReport.vue'), meta: { public: true } },
        { path: 'track/:code?', component: () => import('./PublicTrack.vue'), meta: { public: true } },
        { path: 'figures', component: () => import('./PublicFigures.vue'), meta: { public: true } },
      ],
    },
  ],
  routes: [
    {
      path: 'visits/online',
      component: () => import('./OnlineRatings.vue'),
      meta: { title: 'public.ratings.title', capability: 'visits' },
    },
    {
      path: 'admin/notifications',
      component: () => import('./OutboxPage.vue'),
      meta: { title: 'public.outbox.title', capability: 'admin' },
    },
  ],
  menu: [
    {
      path: '/visits/online',
      label: 'public.ratings.title',
      icon: StarFilled,
      capability: 'visits',
      group: 'work',
      order: 31,
    },
    {
      path: '/admin/notifications',
      label: 'public.outbox.title',
      icon: Message,
      capability: 'admin',
      group: 'admin',
      order: 155,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
