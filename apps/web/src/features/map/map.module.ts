import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The city map of unit grids, open to every signed-in user (its menu entry is the shell's own). */
export const mapModule = defineModule({
  name: 'map',
  routes: [{ path: 'map', component: () => import('./MapPage.vue'), meta: { title: 'nav.map' } }],
  messages: { 'zh-CN': zh, en },
});
