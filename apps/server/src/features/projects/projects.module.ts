import { defineModule } from '../../modules/module.js';
import { DEMO_PROJECTS } from '../../seed/demoProjects.js';
import { DEMO_ASSUMPTIONS } from './capacity.seed.js';
import * as repo from './projects.repository.js';
import { ProjectService } from './projects.service.js';
import { projectRoutes } from './projects.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    projects: Pick<ProjectService, 'list'>;
  }
  interface Services {
    projects: ProjectService;
  }
}

/** Major infrastructure projects (issue 22); a demo city gets the bureau's six plants on start. */
export const projectsModule = defineModule({
  name: 'projects',
  needs: [],
  async create({ db, clock, config, log }) {
    const projects = new ProjectService(db, clock, config.timeZone);
    if (config.demo && (await repo.count(db)) === 0) {
      await db.tx((q) => repo.insertDemo(q, DEMO_PROJECTS));
      log(`The demo city's major projects: ${DEMO_PROJECTS.length}`);
    }
    if (config.demo) await db.tx((q) => repo.seedAssumptions(q, DEMO_ASSUMPTIONS));
    return {
      offer: { list: (q, a) => projects.list(q, a) },
      services: { projects },
      routes: (app) => projectRoutes(app, { projects }),
    };
  },
});
