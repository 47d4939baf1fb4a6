import { defineModule } from '../../modules/module.js';
import { SCHEDULER_ACTOR } from '../../actor.js';
import { seedDemoSanitation } from '../../seed/demoSanitation.js';
import { SanitationService } from './sanitation.service.js';
import { sanitationRoutes } from './sanitation.routes.js';
import { seedDemoToilets } from '../../seed/demoToilets.js';
import { ToiletService } from './toilets.service.js';
import { toiletRoutes } from './toilets.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    sanitation: Pick<SanitationService, 'coverage' | 'vehicleRoutes'>;
  }
  interface Services {
    sanitation: SanitationService;
    toilets: ToiletService;
  }
}

/**
 * Sanitation (环卫): cleaning sections, vehicles as devices on MQTT, and the coverage (机扫率)
 * from their telemetry. In demo mode the sections and the fleet come from the demo city's roads.
 */
export const sanitationModule = defineModule({
  name: 'sanitation',
  needs: ['devices', 'telemetry', 'grids', 'cases'],
  async create({ db, config, log }, { devices, telemetry, grids, cases }) {
    const sanitation = new SanitationService(db, devices, telemetry, cases, config.timeZone);
    const toilets = new ToiletService(db, cases, config.timeZone);
    if (config.demo && grids.size > 0) {
      await seedDemoSanitation(db, devices, grids);
      await seedDemoToilets(db, config.timeZone);
    }
    return {
      offer: sanitation,
      services: { sanitation, toilets },
      routes: async (app) => {
        await sanitationRoutes(app, { sanitation });
        await toiletRoutes(app, { toilets });
      },
      jobs: [
        {
          // A section missed in a window that has ended opens its case (idempotent per day and section).
          name: 'sanitation missed sections',
          role: 'scheduler',
          everyMs: 15 * 60_000,
          run: async () => {
            const { opened } = await sanitation.openTodaysMissedCases(SCHEDULER_ACTOR);
            if (opened.length > 0) log(`sanitation: ${opened.length} missed sections opened cases`);
          },
        },
      ],
    };
  },
});
