import { defineModule } from '../../modules/module.js';
import { OrgService } from './org.service.js';
import { orgRoutes } from './org.routes.js';

/**
 * The organisation as other features read it: the departments (handling units); the committee
 * registers its members and the contracts module a contractor's project team as departments
 * (saveDepartment).
 */
export type OrgOffer = Pick<OrgService, 'allDepartments' | 'department' | 'saveDepartment'>;

declare module '../../modules/module.js' {
  interface Offers {
    org: OrgOffer;
  }
  interface Services {
    org: OrgService;
  }
}

/** Districts, streets, communities and departments (handling units). */
export const orgModule = defineModule({
  name: 'org',
  needs: ['audit'],
  create({ db, bus }, { audit }) {
    const org = new OrgService(db, bus);
    for (const table of ['departments', 'districts', 'streets', 'communities', 'supervision_grids'] as const)
      audit.nameEntities(table, org.auditNamer(table));
    return { offer: org, services: { org }, routes: (app) => orgRoutes(app, { org }) };
  },
});
