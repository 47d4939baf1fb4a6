import { Medal } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** 精细化管理考核: monthly ranking, quarter and year roll-ups, bulletin, catalogue, findings. */
export const assessmentModule = defineModule({
  name: 'assessment',
  routes: [
    {
      path: 'assessment',
      component: () => import('./RankingPage.vue'),
      meta: { title: 'assessment.title', capability: 'assessment' },
    },
    {
      path: 'assessment/bulletin',
      component: () => import('./BulletinPage.vue'),
      meta: { title: 'assessment.bulletin', capability: 'assessment' },
    },
    {
      path: 'assessment/rollup',
      component: () => import('./RollupPage.vue'),
      meta: { title: 'assessment.rollup', capability: 'assessment' },
    },
    {
      path: 'assessment/catalogue',
      component: () => import('./CataloguePage.vue'),
      meta: { title: 'assessment.catalogue', capability: 'assessment' },
    },
    {
      path: 'assessment/findings',
      component: () => import('./FindingsPage.vue'),
      meta: { title: 'assessment.findings', capability: 'assessment' },
    },
  ],
  menu: [
    {
      path: '/assessment',
      label: 'assessment.title',
      icon: Medal,
      capability: 'assessment',
      group: 'work',
      order: 75,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
