import type { PhoneSection } from '@/mobile/phoneSection';
import { flushQueue } from './phoneQueue';
import AssessPhone from './AssessPhone.vue';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** The assessment round on the phone (巡查考核): tasks, checklist, findings; a queue for no network. */
export const assessmentSection: PhoneSection = {
  name: 'assessment',
  title: 'assessment.phone.appTitle',
  capability: 'assessmentInspect',
  tabs: [
    { key: 'assess', label: 'assessment.phone.tab', icon: '✓', component: AssessPhone, keepAlive: true },
  ],
  messages: [{ 'zh-CN': zh, en }],
  start() {
    window.addEventListener('online', () => void flushQueue());
  },
};
