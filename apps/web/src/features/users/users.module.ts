import { User } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Users, their roles and jurisdictions (admin page). */
export const usersModule = defineModule({
  name: 'users',
  routes: [{ path: 'admin/users', component: () => import('./UserList.vue'), meta: { capability: 'admin' } }],
  menu: [
    { path: '/admin/users', label: 'nav.users', icon: User, capability: 'admin', group: 'admin', order: 80 },
  ],
  messages: { 'zh-CN': zh, en },
});
