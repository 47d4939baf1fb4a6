import { defineModule } from '../../modules/module.js';
import { seedDemoSanitation } from '../../seed/demoSanitation.js';
import { SanitationService } from './sanitation.service.js';
import { sanitationRoutes } from './sanitation.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    sanitation: Pick<SanitationService, 'coverage'>;
  }
  interface Services {
    sanitation: SanitationService;
  }
}

/**
 * Sanitation (环卫): cleaning sections, vehicles as devices on MQTT, and the coverage (机扫率)
 * from their telemetry. In demo mode the sections and the fleet come from the demo city's roads.
 */
export const sanitationModule = defineModule({
  name: 'sanitation',
  needs: ['devices', 'telemetry', 'grids'],
  async create({ db, config }, { devices, telemetry, grids }) {
    const sanitation = new SanitationService(db, devices, telemetry, config.timeZone);
    if (config.demo && grids.size > 0) await seedDemoSanitation(db, devices, grids);
    return {
      offer: sanitation,
      services: { sanitation },
      routes: (app) => sanitationRoutes(app, { sanitation }),
    };
  },
});
