import { defineModule } from '../../modules/module.js';
import { seedDemoDevices } from '../../seed/demoDevices.js';
import { DeviceService } from './devices.service.js';
import { deviceRoutes } from './devices.routes.js';

/** The device registry as telemetry, alarms and commands read it (all in memory). */
export type DevicesOffer = Pick<
  DeviceService,
  | 'byId'
  | 'mustGet'
  | 'all'
  | 'profile'
  | 'allProfiles'
  | 'countDrop'
  | 'addedProfileTypes'
  | 'setStatus'
  | 'seenAt'
  | 'detailBase'
  | 'createMany'
>;

declare module '../../modules/module.js' {
  interface Offers {
    devices: DevicesOffer;
  }
  interface Services {
    devices: DeviceService;
  }
}

/**
 * Devices and stations of the utilities (water, heating, gas, drainage): profiles, registry,
 * tokens; in demo mode the demo fleet. Its MQTT side: who a message is from, and link status.
 */
export const devicesModule = defineModule({
  name: 'devices',
  needs: ['grids', 'org', 'audit'],
  async create({ db, bus, config }, { grids, org, audit }) {
    const devices = new DeviceService(db, bus, grids, org);
    await devices.init();
    // The audit log names a device by its station name.
    audit.nameEntities('device', {
      names: async (ids) =>
        new Map(
          ids.flatMap((id) => {
            const d = devices.byId(id);
            return d ? [[id, { name: d.name, nameEn: null }] as const] : [];
          }),
        ),
    });
    if (config.demo && devices.size === 0 && grids.size > 0) await seedDemoDevices(db, devices, grids);
    return {
      offer: devices,
      services: { devices },
      routes: (app) => deviceRoutes(app, { devices }),
      mqtt: { devices },
      jobs: [
        // Counters of this node's messages (seen, dropped) go to the database now and then.
        { name: 'device counters', role: 'ingest', everyMs: 5000, run: () => devices.flushCounters() },
      ],
    };
  },
});
