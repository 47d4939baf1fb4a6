import { defineModule } from '../../modules/module.js';
import { seedDemoWaste } from '../../seed/demoWaste.js';
import { WasteService } from './waste.service.js';
import { wasteRoutes } from './waste.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    waste: Pick<WasteService, 'facilities'>;
  }
  interface Services {
    waste: WasteService;
  }
}

/**
 * Waste collection, transfer and sorting (垃圾收运与分类): collection points along the garbage
 * trucks' routes, transfer stations and plants with weighbridge records, the trucks' visits from
 * their MQTT telemetry, and the sorting compounds (the 御金台 pilot) with their inspections.
 */
export const wasteModule = defineModule({
  name: 'waste',
  needs: ['devices', 'telemetry', 'grids', 'sanitation'],
  async create({ db, config }, { devices, telemetry, grids, sanitation }) {
    const waste = new WasteService(db, devices, telemetry, config.timeZone);
    if (config.demo && grids.size > 0) await seedDemoWaste(db, grids, sanitation, config.timeZone);
    return {
      offer: waste,
      services: { waste },
      routes: (app) => wasteRoutes(app, { waste }),
    };
  },
});
