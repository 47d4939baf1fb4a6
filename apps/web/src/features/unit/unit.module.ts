import { Briefcase } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';

/** A handling unit's inbox (its messages are the case loop's, `unit.*`). */
export const unitModule = defineModule({
  name: 'unit',
  routes: [
    {
      path: 'unit',
      component: () => import('./UnitInbox.vue'),
      meta: { title: 'unit.title', capability: 'unitInbox' },
    },
  ],
  menu: [
    {
      path: '/unit',
      label: 'unit.title',
      icon: Briefcase,
      capability: 'unitInbox',
      group: 'work',
      order: 40,
    },
  ],
});
