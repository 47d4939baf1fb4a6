import { defineModule } from '../../modules/module.js';
import { TelemetryService } from './telemetry.service.js';
import { telemetryRoutes } from './telemetry.routes.js';

/** Readings as other features read them: the latest values and one metric's current value. */
export type TelemetryOffer = Pick<TelemetryService, 'latest' | 'latestInMemory' | 'currentValue'>;

declare module '../../modules/module.js' {
  interface Offers {
    telemetry: TelemetryOffer;
  }
  interface Services {
    telemetry: TelemetryService;
  }
}

/**
 * Telemetry: readings in, buffered and written in batches, rolled up per minute and hour, kept for
 * their retention; series for the charts. Its MQTT side takes the devices' telemetry messages.
 */
export const telemetryModule = defineModule({
  name: 'telemetry',
  needs: ['devices'],
  async create({ db, config, log }, { devices }) {
    const telemetry = new TelemetryService(db, devices, config.telemetry, log);
    await telemetry.init();
    return {
      offer: telemetry,
      services: { telemetry },
      routes: (app) => telemetryRoutes(app, { telemetry, devices, config }),
      mqtt: { telemetry },
      jobs: [
        { name: 'rollups', role: 'scheduler', everyMs: 5000, run: () => telemetry.rollUp() },
        { name: 'retention', role: 'scheduler', everyMs: 3_600_000, run: () => telemetry.applyRetention() },
      ],
      // The last readings are written while the database is still open.
      close: () => telemetry.writer.close(),
    };
  },
});
