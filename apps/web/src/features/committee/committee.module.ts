import { OfficeBuilding } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The urban-management committee (城管委): members and special campaigns (专项整治). */
export const committeeModule = defineModule({
  name: 'committee',
  routes: [
    {
      path: 'committee',
      component: () => import('./CommitteePage.vue'),
      meta: { title: 'committee.title', capability: 'committee' },
    },
    {
      path: 'committee/campaigns/:id(\\d+)',
      component: () => import('./CampaignPage.vue'),
      meta: { title: 'committee.title', capability: 'committee' },
    },
  ],
  menu: [
    {
      path: '/committee',
      label: 'committee.title',
      icon: OfficeBuilding,
      capability: 'committee',
      group: 'work',
      order: 67,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
