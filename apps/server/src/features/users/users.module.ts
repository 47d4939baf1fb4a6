import { defineModule } from '../../modules/module.js';
import { UsersService } from './users.service.js';
import { userRoutes } from './users.routes.js';

/** Accounts as other features read them. */
/** Users as other features read them; the contracts module adds a demo contractor's account (save). */
export type UsersOffer = Pick<UsersService, 'get' | 'list' | 'save'>;

declare module '../../modules/module.js' {
  interface Offers {
    users: UsersOffer;
  }
  interface Services {
    users: UsersService;
  }
}

/** User accounts, roles and their areas. */
export const usersModule = defineModule({
  name: 'users',
  needs: ['auth', 'audit'],
  create({ db }, { auth, audit }) {
    const users = new UsersService(db, auth);
    audit.nameEntities('users', users.auditNamer);
    return { offer: users, services: { users }, routes: (app) => userRoutes(app, { users }) };
  },
});
