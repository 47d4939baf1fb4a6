import type { RouteRecordRaw } from 'vue-router';
import type { CapabilityName } from '@cityloop/domain/access/policy';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

const roleHome = (key: 'cockpit', capability: CapabilityName): RouteRecordRaw => ({
  path: key,
  component: () => import('./RoleHome.vue'),
  meta: { home: key, title: `homes.${key}`, capability },
});

/** The role homes: greeting, duties and quick links (the cockpit home for now; /emergency is the emergency feature's). */
export const homeModule = defineModule({
  name: 'home',
  routes: [roleHome('cockpit', 'cockpit')],
  messages: { 'zh-CN': zh, en },
});
