import { defineModule } from '../../modules/module.js';
import { GeocodeService } from './geocode.service.js';
import { geocodeRoutes } from './geocode.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    /** Address search for the features that take an address (the hotline form, Open311). */
    geocode: Pick<GeocodeService, 'search' | 'reverse'>;
  }
  interface Services {
    geocode: GeocodeService;
  }
}

/** Address search and reverse lookup (地名地址) over the city's own names and base map. */
export const geocodeModule = defineModule({
  name: 'geocode',
  needs: ['grids', 'map'],
  create({ bus }, { grids, map }) {
    const geocode = new GeocodeService(map, bus, grids);
    return { offer: geocode, services: { geocode }, routes: (app) => geocodeRoutes(app, { geocode }) };
  },
});
