import { Calendar, Timer } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The working calendar and time limits (admin pages). */
export const calendarModule = defineModule({
  name: 'calendar',
  routes: [
    { path: 'admin/calendar', component: () => import('./CalendarAdmin.vue'), meta: { capability: 'admin' } },
    { path: 'admin/time-limits', component: () => import('./TimeLimits.vue'), meta: { capability: 'admin' } },
  ],
  menu: [
    {
      path: '/admin/calendar',
      label: 'nav.calendar',
      icon: Calendar,
      capability: 'admin',
      group: 'admin',
      order: 130,
    },
    {
      path: '/admin/time-limits',
      label: 'nav.timeLimits',
      icon: Timer,
      capability: 'admin',
      group: 'admin',
      order: 140,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
