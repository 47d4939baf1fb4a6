import { COCKPIT_MODULES } from '@cityloop/domain/api';
import { defineModule } from '../../modules/module.js';
import { CockpitService } from './cockpit.service.js';
import { cockpitRoutes } from './cockpit.routes.js';
import type { CockpitDeps } from './cockpit.tiles.js';

declare module '../../modules/module.js' {
  interface Offers {
    cockpit: Record<string, never>;
  }
  interface Services {
    cockpit: CockpitService;
  }
}

/**
 * The leaders' cockpit (领导驾驶舱) and their monthly report: it reads every module it names that
 * is in the node (`wants`), each through its own offer; a module that is not there gives its
 * tiles as missing, and one that offers `cockpitTiles` adds its own.
 */
export const cockpitModule = defineModule({
  name: 'cockpit',
  needs: [],
  wants: [...COCKPIT_MODULES, 'devices'],
  create({ db, config, clock }, deps) {
    const cockpit = new CockpitService(
      db,
      deps as CockpitDeps & Record<string, unknown>,
      config.timeZone,
      clock,
    );
    return {
      offer: {},
      services: { cockpit },
      routes: (app) => cockpitRoutes(app, { cockpit }),
      // The previous month's report, made on the 1st (checked hourly; made once).
      jobs: [
        {
          name: 'cockpit monthly report',
          role: 'scheduler',
          everyMs: 3_600_000,
          run: (actor) => cockpit.monthlyReport(actor),
        },
      ],
    };
  },
});
