import { defineModule } from '../../modules/module.js';
import { HotlineService } from './hotline.service.js';
import { hotlineRoutes } from './hotline.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    hotline: Pick<HotlineService, 'list'>;
  }
  interface Services {
    hotline: HotlineService;
  }
}

/** Hotline calls answered or recorded without a field case (咨询/建议/感谢). */
export const hotlineModule = defineModule({
  name: 'hotline',
  needs: [],
  create({ db, clock }) {
    const hotline = new HotlineService(db, clock);
    return { offer: hotline, services: { hotline }, routes: (app) => hotlineRoutes(app, { hotline }) };
  },
});
