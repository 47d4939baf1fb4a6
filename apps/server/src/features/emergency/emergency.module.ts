import { defineModule } from '../../modules/module.js';
import { EmergencyService } from './emergency.service.js';
import { EmergencySensors } from './emergency.triggers.js';
import { emergencyRoutes } from './emergency.routes.js';

/** The demo weather feed's API key (demo data only, like the demo accounts' password). */
export const DEMO_FEED_KEY = 'demo-weather';

declare module '../../modules/module.js' {
  interface Offers {
    emergency: Pick<EmergencyService, 'state' | 'tasks'>;
  }
  interface Services {
    emergency: EmergencyService;
    emergencySensors: EmergencySensors;
  }
}

/**
 * Emergency command (flood control 防汛, typhoon, snow and ice 清雪防滑): plans, warnings, the
 * trigger evaluation under the scheduler's lease, proposals the commander signs, call-outs and tasks.
 */
export const emergencyModule = defineModule({
  name: 'emergency',
  needs: ['devices', 'telemetry', 'org'],
  async create({ db, bus, clock, config }, { devices, telemetry, org }) {
    const emergency = new EmergencyService(db, bus, clock, org);
    await emergency.init({ demoFeedKey: config.demo ? DEMO_FEED_KEY : null });
    const sensors = new EmergencySensors(db, clock, devices, telemetry, emergency);
    await sensors.init(config.demo);
    return {
      offer: emergency,
      services: { emergency, emergencySensors: sensors },
      routes: (app) => emergencyRoutes(app, { emergency, sensors, timeZone: config.timeZone }),
      jobs: [
        {
          name: 'emergency triggers',
          role: 'scheduler',
          everyMs: 2000,
          run: (actor) => sensors.evaluate(actor),
        },
        {
          name: 'emergency escalation',
          role: 'scheduler',
          everyMs: 30_000,
          run: (actor) => emergency.escalate(actor),
        },
      ],
    };
  },
});
