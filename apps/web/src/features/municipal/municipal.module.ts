import { Files, Guide, OfficeBuilding } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

/** Municipal facilities (市政): roads, bridges, manhole covers, street lights; problems outside the remit. */
export const municipalModule = defineModule({
  name: 'municipal',
  routes: [
    {
      path: 'municipal',
      component: () => import('./MunicipalPage.vue'),
      meta: { title: 'municipal.title', capability: 'municipal' },
    },
    {
      path: 'municipal/roadcuts',
      component: () => import('./RoadCutsPage.vue'),
      meta: { title: 'municipal.roadcuts.title', capability: 'municipal' },
    },
    {
      path: 'municipal/remit',
      component: () => import('./RemitPage.vue'),
      meta: { title: 'municipal.remit.title', capability: 'remit' },
    },
  ],
  menu: [
    {
      path: '/municipal',
      label: 'municipal.title',
      icon: OfficeBuilding,
      capability: 'municipal',
      group: 'work',
      order: 68,
    },
    {
      path: '/municipal/roadcuts',
      label: 'municipal.roadcuts.title',
      icon: Guide,
      capability: 'municipal',
      group: 'work',
      order: 68.5,
    },
    {
      path: '/municipal/remit',
      label: 'municipal.remit.title',
      icon: Files,
      capability: 'remit',
      group: 'work',
      order: 69,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
