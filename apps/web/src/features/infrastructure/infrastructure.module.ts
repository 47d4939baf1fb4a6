import { Connection } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Pipe networks, their aging and renewal candidates (管网与老旧管网改造, issue 22). */
export const infrastructureModule = defineModule({
  name: 'infrastructure',
  routes: [
    {
      path: 'infrastructure',
      component: () => import('./InfrastructurePage.vue'),
      meta: { title: 'infra.title', capability: 'infrastructure' },
    },
    {
      path: 'infrastructure/segments/:id',
      component: () => import('./SegmentPage.vue'),
      meta: { title: 'infra.title', capability: 'infrastructure' },
    },
    {
      path: 'infrastructure/renovation',
      component: () => import('./RenovationPage.vue'),
      meta: { title: 'infra.reno.title', capability: 'infrastructure' },
    },
  ],
  menu: [
    {
      path: '/infrastructure',
      label: 'nav.infrastructure',
      icon: Connection,
      capability: 'infrastructure',
      group: 'work',
      order: 55,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
