import { PhoneFilled } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The hotline's return visits (回访). */
export const visitsModule = defineModule({
  name: 'visits',
  routes: [
    {
      path: 'visits',
      component: () => import('./VisitsPage.vue'),
      meta: { title: 'visits.title', capability: 'visits' },
    },
  ],
  menu: [
    {
      path: '/visits',
      label: 'visits.title',
      icon: PhoneFilled,
      capability: 'visits',
      group: 'work',
      order: 30,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
