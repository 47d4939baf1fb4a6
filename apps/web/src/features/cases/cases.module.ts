import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The case page; its messages (case states, steps, the desk's, the unit's, the phone's) serve the loop. */
export const casesModule = defineModule({
  name: 'cases',
  routes: [
    { path: 'cases/:id(\\d+)', component: () => import('./CasePage.vue'), meta: { title: 'cases.title' } },
  ],
  messages: { 'zh-CN': zh, en },
});
