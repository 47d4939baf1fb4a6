import { defineModule } from '../../modules/module.js';
import { EvaluationService } from './evaluation.service.js';
import { evaluationRoutes } from './evaluation.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    /** The assessment, the contracts and the cockpit read the evaluation (and its drill-downs) here. */
    evaluation: Pick<EvaluationService, 'evaluate' | 'evaluateCity' | 'casesBehind' | 'casesBehindUnits'>;
  }
  interface Services {
    evaluation: EvaluationService;
  }
}

/** Comprehensive evaluation (综合评价) of districts, streets, units, inspectors and seats. */
export const evaluationModule = defineModule({
  name: 'evaluation',
  needs: ['cases', 'org'],
  create({ db, clock, config }, { cases, org }) {
    const evaluation = new EvaluationService(db, cases, org, config.timeZone, clock);
    return {
      offer: evaluation,
      services: { evaluation },
      routes: (app) => evaluationRoutes(app, { evaluation, config }),
    };
  },
});
