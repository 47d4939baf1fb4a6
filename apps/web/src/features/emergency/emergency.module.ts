import { Bell, Warning } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Emergency command: the commander's console and the call-outs and tasks of the departments. */
export const emergencyModule = defineModule({
  name: 'emergency',
  routes: [
    {
      path: 'emergency',
      component: () => import('./EmergencyConsole.vue'),
      meta: { title: 'emergency.title', capability: 'emergency' },
    },
    {
      path: 'emergency/my',
      component: () => import('./MyEmergency.vue'),
      meta: { title: 'emergency.mineTitle', capability: 'emergencyAnswer' },
    },
  ],
  menu: [
    {
      path: '/emergency',
      label: 'emergency.menu.console',
      icon: Warning,
      capability: 'emergency',
      group: 'work',
      order: 70,
    },
    {
      path: '/emergency/my',
      label: 'emergency.menu.mine',
      icon: Bell,
      capability: 'emergencyAnswer',
      group: 'work',
      order: 71,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
