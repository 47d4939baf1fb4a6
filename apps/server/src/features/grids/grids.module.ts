import { defineModule } from '../../modules/module.js';
import { GridService } from './grids.service.js';
import { GridImportService } from './gridImport.js';
import { gridRoutes } from './grids.routes.js';

/** The unit grids as other features read them: point → grid, a grid by code, what exists. */
export type GridsOffer = Pick<GridService, 'codeAt' | 'get' | 'has' | 'size'>;

declare module '../../modules/module.js' {
  interface Offers {
    grids: GridsOffer;
  }
  interface Services {
    grids: GridService;
    gridImport: GridImportService;
  }
}

/** Unit grids (万米单元网格): lookup, editing, import. */
export const gridsModule = defineModule({
  name: 'grids',
  needs: [],
  async create({ db, bus }) {
    const grids = new GridService(db, bus);
    await grids.reload();
    const gridImport = new GridImportService(db, bus, grids);
    return {
      offer: grids,
      services: { grids, gridImport },
      routes: (app) => gridRoutes(app, { db, grids, gridImport }),
    };
  },
});
