import { Key } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Partners' Open311 API keys: issued and revoked by an administrator. */
export const open311Module = defineModule({
  name: 'open311',
  routes: [
    { path: 'admin/open311', component: () => import('./ApiKeysPage.vue'), meta: { capability: 'admin' } },
  ],
  menu: [
    {
      path: '/admin/open311',
      label: 'open311.nav',
      icon: Key,
      capability: 'admin',
      group: 'admin',
      order: 85,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
