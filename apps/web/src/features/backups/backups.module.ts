import { FolderChecked } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Backups of the database and the uploaded files: list, make one now, how to restore. */
export const backupsModule = defineModule({
  name: 'backups',
  routes: [
    { path: 'admin/backups', component: () => import('./BackupsPage.vue'), meta: { capability: 'backups' } },
  ],
  menu: [
    {
      path: '/admin/backups',
      label: 'backups.title',
      icon: FolderChecked,
      capability: 'backups',
      group: 'admin',
      order: 150,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
