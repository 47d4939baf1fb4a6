import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** 市民服务: the citizen's home, where they report problems and follow their own reports. */
export const portalModule = defineModule({
  name: 'portal',
  routes: [
    {
      path: 'portal',
      component: () => import('./PortalPage.vue'),
      meta: { home: 'portal', title: 'homes.portal', capability: 'portal' },
    },
  ],
  messages: { 'zh-CN': zh, en },
});
