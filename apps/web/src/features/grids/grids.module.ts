import { Upload } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Unit grid import (admin page). */
export const gridsModule = defineModule({
  name: 'grids',
  routes: [
    { path: 'admin/grid-import', component: () => import('./GridImport.vue'), meta: { capability: 'admin' } },
  ],
  menu: [
    {
      path: '/admin/grid-import',
      label: 'nav.gridImport',
      icon: Upload,
      capability: 'admin',
      group: 'admin',
      order: 100,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
