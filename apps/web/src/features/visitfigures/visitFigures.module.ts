import { DataAnalysis } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Return-visit figures (回访统计): 回访率, 满意率, repeat complaints, with drill-down and Excel. */
export const visitFiguresModule = defineModule({
  name: 'visitFigures',
  routes: [
    {
      path: 'visits/figures',
      component: () => import('./VisitFiguresPage.vue'),
      meta: { title: 'visitFigures.title', capability: 'visitFigures' },
    },
  ],
  menu: [
    {
      path: '/visits/figures',
      label: 'visitFigures.title',
      icon: DataAnalysis,
      capability: 'visitFigures',
      group: 'work',
      order: 31,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
