import type { PhoneSection } from './phoneSection';
import SnowCrew from './SnowCrew.vue';
import messages from './snow.i18n';
import { flushSnowQueue } from './snowQueue';

/** A snow crew's tab (清雪): its segments, marked passable then clean with a photo; a queue for no network. */
export const snowSection: PhoneSection = {
  name: 'snow',
  title: 'snowCrew.appTitle',
  capability: 'emergencyCrew',
  tabs: [{ key: 'snow', label: 'snowCrew.tab', icon: '❄', component: SnowCrew, keepAlive: true }],
  messages: [messages],
  start() {
    window.addEventListener('online', () => void flushSnowQueue());
  },
};
