import { DataBoard, Document } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The leaders' cockpit (领导驾驶舱) and the archive of their monthly reports. */
export const cockpitModule = defineModule({
  name: 'cockpit',
  routes: [
    {
      path: 'cockpit',
      component: () => import('./CockpitPage.vue'),
      meta: { title: 'cockpit.title', capability: 'cockpit', home: 'cockpit' },
    },
    {
      path: 'cockpit/reports',
      component: () => import('./ReportsPage.vue'),
      meta: { title: 'cockpit.archive.title', capability: 'cockpit' },
    },
  ],
  menu: [
    {
      path: '/cockpit',
      label: 'cockpit.title',
      icon: DataBoard,
      capability: 'cockpit',
      group: 'work',
      order: 1,
    },
    {
      path: '/cockpit/reports',
      label: 'cockpit.archive.title',
      icon: Document,
      capability: 'cockpit',
      group: 'work',
      order: 2,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
