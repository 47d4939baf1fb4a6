import { defineModule } from '../../modules/module.js';
import { ComponentService } from './components.service.js';
import { ComponentImportService } from './componentImport.js';
import { componentRoutes } from './components.routes.js';

/**
 * The component registry as other features use it: whether an instance exists, and a place for
 * the case loop to hang its case history on a component's page.
 */
export interface ComponentsOffer {
  exists(code: string): Promise<boolean>;
  setCaseHistorySource: ComponentService['setCaseHistorySource'];
}

declare module '../../modules/module.js' {
  interface Offers {
    components: ComponentsOffer;
  }
  interface Services {
    components: ComponentService;
    componentImport: ComponentImportService;
  }
}

/** Components (部件): manhole covers, lamps, hydrants… with their history and import. */
export const componentsModule = defineModule({
  name: 'components',
  needs: ['grids'],
  create({ db, bus, config }, { grids }) {
    const components = new ComponentService(db, bus, grids, config.timeZone);
    const componentImport = new ComponentImportService(db, bus, grids, components);
    return {
      offer: {
        exists: (code) =>
          components.get(code).then(
            () => true,
            () => false,
          ),
        setCaseHistorySource: (source) => components.setCaseHistorySource(source),
      },
      services: { components, componentImport },
      routes: (app) => componentRoutes(app, { components, componentImport }),
    };
  },
});
