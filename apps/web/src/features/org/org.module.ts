import { Collection, Grid, House, MapLocation, OfficeBuilding, School, Share } from '@element-plus/icons-vue';
import { defineModule } from '@/webModule';
import en from './i18n.en';
import zh from './i18n.zh-CN';

const admin = { capability: 'admin' } as const;

/** The organisation: districts, streets, communities, grids and departments (admin pages). */
export const orgModule = defineModule({
  name: 'org',
  routes: [
    { path: 'admin/org', component: () => import('./OrgTree.vue'), meta: admin },
    { path: 'admin/districts', component: () => import('./DistrictList.vue'), meta: admin },
    { path: 'admin/streets', component: () => import('./StreetList.vue'), meta: admin },
    { path: 'admin/communities', component: () => import('./CommunityList.vue'), meta: admin },
    { path: 'admin/supervision-grids', component: () => import('./SupervisionGridList.vue'), meta: admin },
    { path: 'admin/unit-grids', component: () => import('./UnitGridList.vue'), meta: admin },
    { path: 'admin/departments', component: () => import('./DepartmentList.vue'), meta: admin },
  ],
  menu: [
    { path: '/admin/org', label: 'nav.orgTree', icon: Share, ...admin, group: 'admin', order: 15 },
    {
      path: '/admin/districts',
      label: 'nav.districts',
      icon: MapLocation,
      ...admin,
      group: 'admin',
      order: 20,
    },
    { path: '/admin/streets', label: 'nav.streets', icon: School, ...admin, group: 'admin', order: 30 },
    {
      path: '/admin/communities',
      label: 'nav.communities',
      icon: House,
      ...admin,
      group: 'admin',
      order: 40,
    },
    {
      path: '/admin/supervision-grids',
      label: 'nav.supervisionGrids',
      icon: Collection,
      ...admin,
      group: 'admin',
      order: 50,
    },
    { path: '/admin/unit-grids', label: 'nav.unitGrids', icon: Grid, ...admin, group: 'admin', order: 60 },
    {
      path: '/admin/departments',
      label: 'nav.departments',
      icon: OfficeBuilding,
      ...admin,
      group: 'admin',
      order: 70,
    },
  ],
  messages: { 'zh-CN': zh, en },
});
