import { Document } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The audit log of every write. */
export const auditModule = defineModule({
  name: 'audit',
  routes: [{ path: 'admin/audit', component: () => import('./AuditLog.vue'), meta: { capability: 'audit' } }],
  menu: [
    {
      path: '/admin/audit',
      label: 'nav.audit',
      icon: Document,
      capability: 'audit',
      group: 'admin',
      order: 90,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
