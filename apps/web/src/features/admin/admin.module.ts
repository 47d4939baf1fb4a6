import { HomeFilled } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** /admin: the administrator's overview; the admin pages themselves belong to their features. */
export const adminModule = defineModule({
  name: 'admin',
  routes: [
    {
      path: 'admin',
      component: () => import('./AdminHome.vue'),
      meta: { capability: 'admin', title: 'nav.admin' },
    },
  ],
  menu: [
    {
      path: '/admin',
      label: 'nav.overview',
      icon: HomeFilled,
      capability: 'admin',
      group: 'admin',
      order: 10,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
