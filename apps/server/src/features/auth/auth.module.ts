import { defineModule } from '../../modules/module.js';
import { AuthService } from './auth.service.js';
import { authRoutes } from './auth.routes.js';

/** Who a session token belongs to; ending sessions and lock-outs when an account changes. */
export type AuthOffer = Pick<AuthService, 'invalidate' | 'userForToken' | 'revokeSessions' | 'unlock'>;

declare module '../../modules/module.js' {
  interface Offers {
    auth: AuthOffer;
  }
  interface Services {
    auth: AuthService;
  }
}

/** Sign-in, sessions and who a request is. */
export const authModule = defineModule({
  name: 'auth',
  needs: [],
  create({ db, config }) {
    const auth = new AuthService(db);
    return {
      offer: auth,
      services: { auth },
      routes: (app) => authRoutes(app, { auth, timeZone: config.timeZone }),
    };
  },
});
