import { defineModule } from '../../modules/module.js';
import { mapRoutes } from './map.routes.js';
import { BaseMapService } from './map.service.js';

declare module '../../modules/module.js' {
  interface Offers {
    /** The base map's layers: the gazetteer reads its areas, roads and places. */
    map: Pick<BaseMapService, 'layers'>;
  }
  interface Services {
    baseMap: BaseMapService;
  }
}

/** The offline base map: the city's own outlines, coast, roads and places. */
export const mapModule = defineModule({
  name: 'map',
  needs: [],
  create({ db, bus, config }) {
    const baseMap = new BaseMapService(db, bus, config.tileUrl);
    return { offer: baseMap, services: { baseMap }, routes: (app) => mapRoutes(app, { baseMap }) };
  },
});
