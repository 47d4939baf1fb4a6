import type { RouteRecordRaw } from 'vue-router';
import type { CapabilityName } from '@cityloop/domain/access/policy';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

const roleHome = (key: 'emergency' | 'cockpit', capability: CapabilityName): RouteRecordRaw => ({
  path: key,
  component: () => import('./RoleHome.vue'),
  meta: { home: key, title: `homes.${key}`, capability },
});

/** The role homes: greeting, duties and quick links (the emergency and cockpit homes for now). */
export const homeModule = defineModule({
  name: 'home',
  routes: [roleHome('emergency', 'emergency'), roleHome('cockpit', 'cockpit')],
  messages: { 'zh-CN': zh, en },
});
