import { defineModule } from '../../modules/module.js';
import { mapRoutes } from './map.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    map: Record<string, never>;
  }
}

/** The offline base map: the city's own outlines, coast, roads and places. */
export const mapModule = defineModule({
  name: 'map',
  needs: [],
  create({ db, bus, config }) {
    return { offer: {}, services: {}, routes: (app) => mapRoutes(app, { db, bus, config }) };
  },
});
