import { defineModule } from '../../modules/module.js';
import { EmergencyService } from './emergency.service.js';
import { EmergencySensors } from './emergency.triggers.js';
import { emergencyRoutes } from './emergency.routes.js';
import { emergencyOpsRoutes } from './emergency.ops.routes.js';
import { EmergencyPondingLog } from './emergency.ponding.js';
import { EmergencyResources } from './emergency.resources.js';
import { EmergencySnowOps } from './emergency.snow.js';

/** The demo weather feed's API key (demo data only, like the demo accounts' password). */
export const DEMO_FEED_KEY = 'demo-weather';

declare module '../../modules/module.js' {
  interface Offers {
    emergency: Pick<EmergencyService, 'state' | 'tasks'>;
  }
  interface Services {
    emergency: EmergencyService;
    emergencySensors: EmergencySensors;
    emergencyResources: EmergencyResources;
    emergencySnow: EmergencySnowOps;
    emergencyPonding: EmergencyPondingLog;
  }
}

/**
 * Emergency command (flood control 防汛, typhoon, snow and ice 清雪防滑): plans, warnings, the
 * trigger evaluation under the scheduler's lease, proposals the commander signs, call-outs and tasks.
 */
export const emergencyModule = defineModule({
  name: 'emergency',
  needs: ['devices', 'telemetry', 'org', 'map', 'attachments'],
  async create({ db, bus, clock, config }, { devices, telemetry, org, map, attachments }) {
    const emergency = new EmergencyService(db, bus, clock, org);
    await emergency.init({ demoFeedKey: config.demo ? DEMO_FEED_KEY : null });
    const ponding = new EmergencyPondingLog(db, clock, emergency, devices);
    const sensors = new EmergencySensors(db, clock, devices, telemetry, emergency, ponding);
    await sensors.init(config.demo);
    // Triggers are evaluated as readings arrive (only the gauges that reported), and again in
    // full when a warning or a response changes; the scheduler's job catches silence and time.
    const unhear = telemetry.hearReadings((device, readings, committed) =>
      sensors.onReadings(device, readings, committed),
    );
    const unsubscribe = bus.subscribe((e) => {
      if (e.type === 'emergency.warning' || e.type === 'emergency.response') sensors.evaluateSoon();
    });
    const resources = new EmergencyResources(db, clock, emergency, org, devices, config.timeZone);
    await resources.init(config.demo);
    const snow = new EmergencySnowOps(db, clock, emergency, org, attachments);
    await snow.init(config.demo ? roadsOf(await map.layer('roads')) : null);
    return {
      offer: emergency,
      services: {
        emergency,
        emergencySensors: sensors,
        emergencyResources: resources,
        emergencySnow: snow,
        emergencyPonding: ponding,
      },
      routes: async (app) => {
        const ctx = { emergency, sensors, resources, snow, ponding, timeZone: config.timeZone };
        await emergencyRoutes(app, ctx);
        await emergencyOpsRoutes(app, ctx);
      },
      jobs: [
        {
          name: 'emergency triggers',
          role: 'scheduler',
          everyMs: 10_000,
          run: (actor) => sensors.evaluate(actor),
        },
        {
          name: 'emergency escalation',
          role: 'scheduler',
          everyMs: 30_000,
          run: (actor) => emergency.escalate(actor),
        },
      ],
      close: async () => {
        unhear();
        unsubscribe();
        await sensors.close();
      },
    };
  },
});

/** The base map's roads (GeoJSON) as lines with their class. */
function roadsOf(layer: unknown): Array<{ name: string; class: string; line: Array<[number, number]> }> {
  const fc = layer as {
    features?: Array<{
      properties?: { name?: string; class?: string };
      geometry?: { coordinates?: unknown };
    }>;
  } | null;
  return (fc?.features ?? []).flatMap((f) => {
    const line = f.geometry?.coordinates;
    const p = f.properties;
    if (!Array.isArray(line) || line.length < 2 || !p?.name || !p.class) return [];
    return [{ name: p.name, class: p.class, line: line as Array<[number, number]> }];
  });
}
