import { Tickets } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';

/** The intake and dispatch desk (its messages are the case loop's, `desk.*`). */
export const deskModule = defineModule({
  name: 'desk',
  routes: [
    {
      path: 'desk',
      component: () => import('./DeskPage.vue'),
      meta: { title: 'desk.title', capability: 'desk' },
    },
  ],
  menu: [{ path: '/desk', label: 'desk.title', icon: Tickets, capability: 'desk', group: 'work', order: 10 }],
});
