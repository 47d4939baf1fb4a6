import { defineModule } from '../../modules/module.js';
import { UtilityViews } from './utilities.service.js';
import { utilityViewRoutes } from './utilities.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    /** The cockpit will read the utilities' figures through here. */
    utilities: Pick<UtilityViews, 'overview'>;
  }
  interface Services {
    utilityViews: UtilityViews;
  }
}

/** The utility operators' views (公用事业): a device's page and a device type on the map. */
export const utilitiesModule = defineModule({
  name: 'utilities',
  needs: ['devices', 'telemetry', 'alarms'],
  create(_platform, { devices, telemetry, alarms }) {
    const views = new UtilityViews(devices, telemetry, alarms);
    return {
      offer: views,
      services: { utilityViews: views },
      routes: (app) => utilityViewRoutes(app, { views }),
    };
  },
});
