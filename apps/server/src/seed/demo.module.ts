import { defineModule } from '../modules/module.js';
import { startDemoCases, type DemoCasesRun } from './demoCases.js';

declare module '../modules/module.js' {
  interface Offers {
    demo: Record<string, never>;
  }
  interface Services {
    /** The demo year of cases this start made or continues (its background part, if any). */
    demoCases: DemoCasesRun;
  }
}

/**
 * The demo city's year of cases, made through the real services on the first start of a demo
 * (a large year continues in the background, and after a restart). Built after the modules it
 * drives, closed before them.
 */
export const demoModule = defineModule({
  name: 'demo',
  needs: ['cases', 'calendar', 'grids', 'org', 'attachments'],
  async create({ db, config, clock, log, firstStart }, deps) {
    const demoCases = await startDemoCases(
      { db, ...deps },
      {
        fresh: firstStart && config.demo,
        count: config.demoCases,
        now: clock.now(),
        log: (m) => log(m),
      },
    );
    return { offer: {}, services: { demoCases }, close: () => demoCases.stop() };
  },
});
