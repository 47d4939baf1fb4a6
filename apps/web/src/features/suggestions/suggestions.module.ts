import { ChatLineSquare } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Suggestion campaigns (民意征集): the staff's page and the residents' public form (/suggest). */
export const suggestionsModule = defineModule({
  name: 'suggestions',
  routes: [
    {
      path: 'suggestions',
      component: () => import('./SuggestionsPage.vue'),
      meta: { title: 'suggestions.title', capability: 'suggestions' },
    },
    {
      path: 'suggestions/tasks',
      component: () => import('./UnitTasksPage.vue'),
      meta: { title: 'suggestions.tasks.title', capability: 'suggestionTasks' },
    },
  ],
  pages: [
    {
      path: '/suggest',
      component: () => import('./SuggestPage.vue'),
      meta: { public: true, title: 'suggestions.form.title' },
    },
  ],
  menu: [
    {
      path: '/suggestions',
      label: 'suggestions.title',
      icon: ChatLineSquare,
      capability: 'suggestions',
      group: 'work',
      order: 32,
    },
    {
      path: '/suggestions/tasks',
      label: 'suggestions.tasks.title',
      icon: ChatLineSquare,
      capability: 'suggestionTasks',
      group: 'work',
      order: 33,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
