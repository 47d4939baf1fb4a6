import { Brush, Delete, Location } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Sanitation (环卫): cleaning sections, vehicles and the day's coverage (机扫率). */
export const sanitationModule = defineModule({
  name: 'sanitation',
  routes: [
    {
      path: 'sanitation',
      component: () => import('./SanitationPage.vue'),
      meta: { title: 'sanitation.title', capability: 'sanitation' },
    },
    {
      path: 'sanitation/waste',
      component: () => import('./WastePage.vue'),
      meta: { title: 'sanitation.waste.title', capability: 'sanitation' },
    },
    {
      path: 'sanitation/toilets',
      component: () => import('./ToiletsPage.vue'),
      meta: { title: 'sanitation.toilets.title', capability: 'sanitation' },
    },
  ],
  menu: [
    {
      path: '/sanitation',
      label: 'sanitation.title',
      icon: Brush,
      capability: 'sanitation',
      group: 'work',
      order: 65,
    },
    {
      path: '/sanitation/waste',
      label: 'sanitation.waste.title',
      icon: Delete,
      capability: 'sanitation',
      group: 'work',
      order: 66,
    },
    {
      path: '/sanitation/toilets',
      label: 'sanitation.toilets.title',
      icon: Location,
      capability: 'sanitation',
      group: 'work',
      order: 67,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
