import { defineModule } from '../../modules/module.js';
import { HotlineService } from './hotline.service.js';
import { hotlineRoutes } from './hotline.routes.js';
import { KnowledgeBase } from './kb.service.js';
import { RepeatComplaints } from './repeats.service.js';

declare module '../../modules/module.js' {
  interface Offers {
    hotline: Pick<HotlineService, 'list' | 'figures'>;
  }
  interface Services {
    hotline: HotlineService;
    knowledgeBase: KnowledgeBase;
    repeatComplaints: RepeatComplaints;
  }
}

/**
 * The hotline desk: calls answered or recorded without a field case (咨询/建议/感谢), a caller's
 * history by number, the knowledge base consultations are answered from, and repeat complaints
 * (重复投诉) joined to the open case they repeat.
 */
export const hotlineModule = defineModule({
  name: 'hotline',
  needs: ['cases', 'audit'],
  async create({ db, clock, bus, config, firstStart }, { cases, audit }) {
    const knowledgeBase = new KnowledgeBase(db, clock);
    const hotline = new HotlineService(db, clock, knowledgeBase, cases);
    const repeatComplaints = new RepeatComplaints(db, clock, bus, cases);
    // One radius for repeats and duplicates: the administrator's, for every channel's report.
    cases.setDuplicateRadius(() => repeatComplaints.duplicateRadiusM());
    audit.nameEntities('kb_article', knowledgeBase.auditNamer);
    // The demo city's answers (fees, permits, stalls, heating, water, gas …).
    if (firstStart && config.demo) await knowledgeBase.seedDemo();
    return {
      offer: hotline,
      services: { hotline, knowledgeBase, repeatComplaints },
      routes: (app) => hotlineRoutes(app, { hotline, knowledgeBase, repeatComplaints }),
    };
  },
});
