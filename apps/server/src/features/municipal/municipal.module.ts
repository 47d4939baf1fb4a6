import { defineModule } from '../../modules/module.js';
import { seedDemoMunicipal, seedDemoRemit, seedDemoRoadCuts } from '../../seed/demoMunicipal.js';
import { MunicipalService } from './municipal.service.js';
import { RemitService } from './remit.service.js';
import { RoadCutService } from './roadcuts.service.js';
import { municipalRoutes } from './municipal.routes.js';

declare module '../../modules/module.js' {
  interface Offers {
    municipal: Pick<MunicipalService, 'streetlights'>;
  }
  interface Services {
    municipal: MunicipalService;
    remit: RemitService;
    roadcuts: RoadCutService;
  }
}

/** The city's centre, where the street-light schedule's sunset and sunrise are computed (Yantai). */
const CENTRE: [number, number] = [121.4, 37.54];

/**
 * Municipal facilities (市政): roads, bridges, manhole covers and street-light cabinets (devices
 * on MQTT, switched through the command path), inspections whose defects open cases, and problems
 * outside the bureau's remit with their advance payments. In demo mode the registers come from the
 * demo city's roads.
 */
export const municipalModule = defineModule({
  name: 'municipal',
  needs: ['devices', 'telemetry', 'grids', 'cases', 'map'],
  async create({ db, config, log }, { devices, telemetry, grids, cases, map }) {
    const municipal = new MunicipalService(db, devices, telemetry, cases, config.timeZone, CENTRE);
    const remit = new RemitService(db, cases, config.timeZone);
    const roadcuts = new RoadCutService(db, cases, config.timeZone);
    if (config.demo && grids.size > 0) {
      await seedDemoMunicipal(db, devices, grids, map);
      await seedDemoRoadCuts(db, config.timeZone);
    }
    return {
      offer: municipal,
      services: { municipal, remit, roadcuts },
      routes: (app) => municipalRoutes(app, { municipal, remit, roadcuts }),
      jobs: [
        ...(config.demo && config.demoCases > 0
          ? [
              {
                // Once the demo year has its cover cases, some are recorded as outside the remit.
                name: 'demo remit problems',
                role: 'scheduler' as const,
                everyMs: 60_000,
                run: async () => {
                  const { recorded } = await seedDemoRemit(db);
                  if (recorded > 0) log(`municipal: ${recorded} demo problems outside the remit`);
                },
              },
            ]
          : []),
        {
          // A faulted cabinet, or one dark while the schedule says on, opens its case (once a day).
          name: 'street-light cases',
          role: 'scheduler',
          everyMs: 5 * 60_000,
          run: async () => {
            const { opened } = await municipal.openStreetlightCases();
            if (opened.length > 0) log(`municipal: ${opened.length} street-light cabinets opened cases`);
          },
        },
      ],
    };
  },
});
