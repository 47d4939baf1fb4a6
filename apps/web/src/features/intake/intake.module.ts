import { Bell, Notebook, Phone } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';
import RepeatAlertWatch from './RepeatAlertWatch.vue';
import { alertCount } from './repeatAlerts';

/**
 * The 12319 hotline desk: intake of calls (caller number first, the knowledge base, repeat
 * complaints), the knowledge base's editing page and the supervisors' repeat-complaint alerts.
 */
export const intakeModule = defineModule({
  name: 'intake',
  routes: [
    {
      path: 'intake',
      component: () => import('./HotlineIntake.vue'),
      meta: { title: 'nav.intake', capability: 'intake' },
    },
    {
      path: 'admin/knowledge',
      component: () => import('./KnowledgePage.vue'),
      meta: { title: 'intake.knowledge.nav', capability: 'knowledgeBaseEditing' },
    },
    {
      path: 'repeat-alerts',
      component: () => import('./RepeatAlertsPage.vue'),
      meta: { title: 'intake.alerts.nav', capability: 'repeatAlerts' },
    },
  ],
  menu: [
    { path: '/intake', label: 'nav.intake', icon: Phone, capability: 'intake', group: 'work', order: 20 },
    {
      path: '/repeat-alerts',
      label: 'intake.alerts.nav',
      icon: Bell,
      capability: 'repeatAlerts',
      group: 'work',
      order: 45,
      badge: () => alertCount.value,
    },
    {
      path: '/admin/knowledge',
      label: 'intake.knowledge.nav',
      icon: Notebook,
      capability: 'knowledgeBaseEditing',
      group: 'admin',
      order: 86,
    },
  ],
  shell: [RepeatAlertWatch],
  messages: { 'zh-CN': zh, en },
});
