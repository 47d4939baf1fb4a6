import { Tickets } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Market-run services (市场化运作): contracts, their sections and the contractors' monthly assessment. */
export const contractsModule = defineModule({
  name: 'contracts',
  routes: [
    {
      path: 'contracts',
      component: () => import('./ContractsPage.vue'),
      meta: { title: 'contracts.title', capability: 'contracts' },
    },
  ],
  menu: [
    {
      path: '/contracts',
      label: 'contracts.title',
      icon: Tickets,
      capability: 'contracts',
      group: 'work',
      order: 66,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
