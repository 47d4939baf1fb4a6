import { defineModule } from '../../modules/module.js';
import { HydraulicService } from './hydraulics.service.js';
import { hydraulicRoutes } from './hydraulics.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    hydraulics: Pick<HydraulicService, 'check'>;
  }
  interface Services {
    hydraulics: HydraulicService;
  }
}

/**
 * Hydraulic tools on the stored water network (issue 22): the check of a water command with
 * EPANET before it is sent, and the shutdown impact of works on a segment.
 */
export const hydraulicsModule = defineModule({
  name: 'hydraulics',
  needs: ['networks', 'devices', 'telemetry', 'grids'],
  async create(_ctx, { networks, devices, telemetry, grids }) {
    const hydraulics = new HydraulicService(networks, devices, telemetry, grids);
    return {
      offer: hydraulics,
      services: { hydraulics },
      routes: (app) => hydraulicRoutes(app, { hydraulics }),
    };
  },
});
