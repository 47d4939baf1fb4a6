import { TrendCharts } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** 综合评价: the evaluation of inspectors, units, streets, districts and the centre's seats. */
export const evaluationModule = defineModule({
  name: 'evaluation',
  routes: [
    {
      path: 'evaluation',
      component: () => import('./EvaluationPage.vue'),
      meta: { title: 'evaluation.title', capability: 'evaluation' },
    },
  ],
  menu: [
    {
      path: '/evaluation',
      label: 'evaluation.title',
      icon: TrendCharts,
      capability: 'evaluation',
      group: 'work',
      order: 70,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
