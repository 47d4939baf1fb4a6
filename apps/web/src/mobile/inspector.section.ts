import { computed, ref } from 'vue';
import { casesApi } from '@/features/cases/cases.api';
import casesEn from '@/features/cases/i18n.en';
import casesZh from '@/features/cases/i18n.zh-CN';
import mapEn from '@/features/map/i18n.en';
import mapZh from '@/features/map/i18n.zh-CN';
import { pending, startOutbox } from './outbox';
import { sentText } from './sentText';
import MyReports from './MyReports.vue';
import OutboxList from './OutboxList.vue';
import type { PhoneSection } from './phoneSection';
import ReportForm from './ReportForm.vue';
import TaskList from './TaskList.vue';

const taskCount = ref<number | null>(null);

/** The inspector's phone: report, my verify/check tasks, my reports, and the outbox of reports not yet sent. */
export const inspectorSection: PhoneSection = {
  name: 'inspector',
  title: 'app.mobileTitle',
  capability: 'phoneApp',
  tabs: [
    {
      key: 'report',
      label: 'phone.tabs.report',
      icon: '✚',
      component: ReportForm,
      props: (me) => ({ area: me.jurisdiction.code }),
      keepAlive: true,
    },
    {
      key: 'tasks',
      label: 'phone.tabs.tasks',
      icon: '☑',
      component: TaskList,
      props: () => ({ onCount: (n: number) => (taskCount.value = n) }),
      badge: taskCount,
    },
    {
      key: 'mine',
      label: 'phone.tabs.mine',
      icon: '☰',
      component: MyReports,
    },
    {
      key: 'outbox',
      label: 'phone.tabs.outbox',
      icon: '⇪',
      component: OutboxList,
      badge: computed(() => pending.value.length),
      badgeTestid: 'pending-count',
    },
  ],
  messages: [
    { 'zh-CN': casesZh, en: casesEn },
    { 'zh-CN': mapZh, en: mapEn },
  ],
  start(_me, notify) {
    startOutbox((sent) => notify(sentText(sent)));
    // The tasks badge shows before the tab is opened; the tab keeps it current afterwards.
    casesApi
      .list({ queue: 'my_tasks', limit: 100 })
      .then((r) => (taskCount.value = r.items.length))
      .catch(() => undefined);
  },
};
