import { defineModule } from '../../modules/module.js';
import { CalendarService } from './calendar.service.js';
import { calendarRoutes } from './calendar.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    /** The working calendar, time limits and categories: read by the case loop and its clock. */
    calendar: CalendarService;
  }
  interface Services {
    calendar: CalendarService;
  }
}

/** The working-time calendar (holidays, 调休), time limits per step and category. */
export const calendarModule = defineModule({
  name: 'calendar',
  needs: [],
  async create({ db, bus, config }) {
    const calendar = new CalendarService(db, bus, config.timeZone);
    await calendar.seedDefaults();
    await calendar.reload();
    return { offer: calendar, services: { calendar }, routes: (app) => calendarRoutes(app, { calendar }) };
  },
});
