import { defineModule } from '../../modules/module.js';
import { Open311Service } from './open311.service.js';
import { open311Routes } from './open311.routes.js';
import { Open311Keys } from './open311.keys.js';
import { Open311Updates } from './open311.updates.js';

declare module '../../modules/module.js' {
  interface Offers {
    open311: Record<string, never>;
  }
  interface Services {
    open311: Open311Service;
    open311Keys: Open311Keys;
    open311Updates: Open311Updates;
  }
}

/**
 * Open311 GeoReport v2 at /open311/v2 (with mySociety's servicerequestupdates) for partners'
 * apps and other cities' portals: their reports become ordinary cases (source open311).
 */
export const open311Module = defineModule({
  name: 'open311',
  needs: ['cases', 'grids', 'calendar', 'geocode', 'audit'],
  async create({ db, clock, config, firstStart }, { cases, grids, calendar, geocode, audit }) {
    const open311Keys = new Open311Keys(db, clock);
    const open311 = new Open311Service({
      db,
      clock,
      timeZone: config.timeZone,
      cases,
      grids,
      calendar,
      geocode,
      keys: open311Keys,
    });
    audit.nameEntities('open311_key', open311Keys.auditNamer);
    const open311Updates = new Open311Updates(db, clock, open311.zone, open311Keys);
    // The demo city's partner key `demo` (README's examples use it).
    if (firstStart && config.demo) await open311Keys.ensureDemoKey();
    return {
      offer: {},
      services: { open311, open311Keys, open311Updates },
      routes: (app) => open311Routes(app, { open311, keys: open311Keys, updates: open311Updates }),
    };
  },
});
