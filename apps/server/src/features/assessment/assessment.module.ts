import { defineModule } from '../../modules/module.js';
import { AssessmentService } from './assessment.service.js';
import { assessmentRoutes } from './assessment.routes.js';
import { assessmentScoreRoutes } from './assessment.scores.routes.js';
import { seedCatalogue, seedDemoFindings, seedDemoGroups } from './assessment.seed.js';

declare module '../../modules/module.js' {
  interface Offers {
    /** The month's ranking; a party's points on the month's findings (the contracts' assessment). */
    assessment: Pick<AssessmentService, 'scores' | 'deductionsOf'>;
  }
  interface Services {
    assessment: AssessmentService;
  }
}

/** Fine-grained management assessment (精细化管理考核): catalogue, groups, findings, scores, bulletins. */
export const assessmentModule = defineModule({
  name: 'assessment',
  needs: ['cases', 'evaluation', 'grids', 'attachments'],
  async create({ db, clock, config, firstStart }, { cases, evaluation, grids, attachments }) {
    await seedCatalogue(db);
    if (config.demo) await seedDemoGroups(db);
    const assessment = new AssessmentService(
      db,
      { cases, evaluation, grids, attachments },
      config.timeZone,
      clock,
    );
    // The demo's recent months of findings come with its year of cases (tests start without both).
    if (config.demo && firstStart && config.demoCases > 0)
      await seedDemoFindings(db, clock.now(), (at) => assessment.monthOf(at));
    return {
      offer: assessment,
      services: { assessment },
      routes: async (app) => {
        await assessmentRoutes(app, { assessment });
        await assessmentScoreRoutes(app, { assessment });
      },
    };
  },
});
