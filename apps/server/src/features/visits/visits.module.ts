import { defineModule } from '../../modules/module.js';
import { VisitService } from './visits.service.js';
import { visitRoutes } from './visits.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    visits: Pick<VisitService, 'list'>;
  }
  interface Services {
    visits: VisitService;
  }
}

/** Return visits (回访) to the callers of closed hotline cases. */
export const visitsModule = defineModule({
  name: 'visits',
  needs: ['cases', 'org'],
  create({ db }, { cases, org }) {
    const visits = new VisitService(db, cases, org);
    return { offer: visits, services: { visits }, routes: (app) => visitRoutes(app, { visits }) };
  },
});
