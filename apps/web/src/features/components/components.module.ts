import { Box, Upload } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The component registry (部件): readable by every signed-in user; editing and import are admin's. */
export const componentsModule = defineModule({
  name: 'components',
  routes: [
    { path: 'components', component: () => import('./ComponentList.vue'), meta: { title: 'nav.components' } },
    {
      path: 'components/:code',
      component: () => import('./ComponentDetail.vue'),
      meta: { title: 'nav.components' },
    },
    {
      path: 'admin/component-import',
      component: () => import('./ComponentImport.vue'),
      meta: { capability: 'admin' },
    },
  ],
  menu: [
    {
      path: '/components',
      label: 'nav.components',
      icon: Box,
      capability: 'admin',
      group: 'admin',
      order: 110,
    },
    {
      path: '/admin/component-import',
      label: 'nav.componentImport',
      icon: Upload,
      capability: 'admin',
      group: 'admin',
      order: 120,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
