import { defineModule } from '../../modules/module.js';
import { VisitFiguresService } from './visitFigures.service.js';
import { visitFigureRoutes } from './visitFigures.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    visitFigures: Pick<VisitFiguresService, 'report'>;
  }
  interface Services {
    visitFigures: VisitFiguresService;
  }
}

/** Return-visit figures (回访统计): 回访率, 满意率 and repeat complaints per area, unit and category. */
export const visitFiguresModule = defineModule({
  name: 'visitFigures',
  needs: ['cases', 'org'],
  create({ db, clock, config }, { cases, org }) {
    const figures = new VisitFiguresService(db, cases, org, config.timeZone, clock);
    return {
      offer: figures,
      services: { visitFigures: figures },
      routes: (app) => visitFigureRoutes(app, { figures, config }),
    };
  },
});
