import { Phone } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** 12319 hotline intake: registers a call as a report. */
export const intakeModule = defineModule({
  name: 'intake',
  routes: [
    {
      path: 'intake',
      component: () => import('./HotlineIntake.vue'),
      meta: { title: 'nav.intake', capability: 'intake' },
    },
  ],
  menu: [
    { path: '/intake', label: 'nav.intake', icon: Phone, capability: 'intake', group: 'work', order: 20 },
  ],
  messages: { 'zh-CN': zh, en },
});
