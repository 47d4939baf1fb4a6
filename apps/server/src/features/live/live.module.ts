import { defineModule } from '../../modules/module.js';
import { liveRoutes } from './live.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    live: Record<string, never>;
  }
}

/** The live channel /ws: every node's events, as far as the reader may see them. */
export const liveModule = defineModule({
  name: 'live',
  needs: ['auth'],
  create({ bus }, { auth }) {
    return { offer: {}, services: {}, routes: (app) => liveRoutes(app, { bus, auth }) };
  },
});
