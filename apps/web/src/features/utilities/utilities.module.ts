import { Bell, Odometer } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import PendingCommandsWatch from './PendingCommandsWatch.vue';
import { pendingCount } from './pendingCommands';
import zh from './i18n.zh-CN';

/** The utilities operator views: sector overviews, the station page and the alarm console. */
export const utilitiesModule = defineModule({
  name: 'utilities',
  routes: [
    { path: 'utilities', redirect: '/utilities/water' },
    {
      path: 'utilities/alarms',
      component: () => import('./AlarmConsole.vue'),
      meta: { title: 'utilities.console.title', capability: 'alarmConsole' },
    },
    {
      path: 'utilities/devices/:id',
      component: () => import('./DevicePage.vue'),
      meta: { title: 'utilities.device', capability: 'utilities' },
    },
    {
      path: 'utilities/:sector(water|heating|gas|drainage)',
      component: () => import('./UtilitiesOverview.vue'),
      meta: { title: 'utilities.title', capability: 'utilities' },
    },
  ],
  menu: [
    {
      path: '/utilities',
      label: 'nav.utilities',
      icon: Odometer,
      capability: 'utilities',
      group: 'work',
      order: 50,
    },
    {
      path: '/utilities/alarms',
      label: 'nav.alarms',
      icon: Bell,
      capability: 'alarmConsole',
      group: 'work',
      order: 60,
      // Critical commands waiting for this operator's confirmation (listed on the console).
      badge: () => pendingCount.value,
    },
  ],
  shell: [PendingCommandsWatch],
  messages: { 'zh-CN': zh, en },
});
