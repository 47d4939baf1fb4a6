import { defineModule } from '../../modules/module.js';
import { mapRoutes } from './map.routes.js';
import { BaseMapService } from './map.service.js';
import { VectorTiles } from './map.tiles.js';

declare module '../../modules/module.js' {
  interface Offers {
    /** The base map's layers: the gazetteer reads its areas, roads and places. */
    map: Pick<BaseMapService, 'layers' | 'layer'>;
  }
  interface Services {
    baseMap: BaseMapService;
    mapTiles: VectorTiles;
  }
}

/** The offline base map: the city's own outlines, coast, roads and places, and its vector tiles. */
export const mapModule = defineModule({
  name: 'map',
  needs: [],
  create({ db, bus, config }) {
    const mapTiles = new VectorTiles(db, bus);
    const baseMap = new BaseMapService(db, bus, config.tiles, mapTiles);
    return {
      offer: baseMap,
      services: { baseMap, mapTiles },
      routes: (app) => mapRoutes(app, { baseMap, tiles: mapTiles }),
    };
  },
});
