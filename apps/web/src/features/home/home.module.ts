import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/**
 * The role homes' messages (greeting, duties, quick links). The leader's home is the cockpit
 * feature's /cockpit, /emergency the emergency feature's.
 */
export const homeModule = defineModule({
  name: 'home',
  messages: { 'zh-CN': zh, en },
});
