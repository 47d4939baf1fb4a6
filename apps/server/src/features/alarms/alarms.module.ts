import { defineModule } from '../../modules/module.js';
import { AlarmService } from './alarms.service.js';
import { alarmRoutes } from './alarms.routes.js';

/** Alarms as other features read them: a device's rules and open alarms, the worst per device. */
export type AlarmsOffer = Pick<AlarmService, 'rules' | 'openCount' | 'worstOpen' | 'figures'>;

declare module '../../modules/module.js' {
  interface Offers {
    alarms: AlarmsOffer;
  }
  interface Services {
    alarms: AlarmService;
  }
}

/**
 * Alarm rules evaluated on every reading (limits, rate of change, silence), alarms with their
 * acknowledgement, and a case opened for those that need a crew. Its MQTT side hears the readings.
 */
export const alarmsModule = defineModule({
  name: 'alarms',
  needs: ['devices', 'cases'],
  async create({ db, bus, log, metrics }, { devices, cases }) {
    const alarms = new AlarmService(db, bus, devices, cases, log);
    await alarms.init(devices.addedProfileTypes);
    metrics.counterOf(
      'cityloop_alarm_evaluated_readings_total',
      'Readings judged by the alarm rules',
      [],
      (set) => set({}, alarms.work.readings),
    );
    metrics.counterOf(
      'cityloop_alarm_evaluation_seconds_total',
      'Time spent judging readings by the alarm rules (divide by the readings for the time per reading)',
      [],
      (set) => set({}, alarms.work.evalSeconds),
    );
    const stored = metrics.histogram(
      'cityloop_alarm_transition_seconds',
      'From a rule deciding an alarm is raised or cleared until it is stored and announced',
      ['kind'],
    );
    alarms.onStored = (kind, seconds) => stored.observe({ kind }, seconds);
    return {
      offer: alarms,
      services: { alarms },
      routes: (app) => alarmRoutes(app, { alarms }),
      mqtt: { alarms },
      // A device's silence is judged on the node that receives its messages.
      jobs: [
        {
          name: 'alarm silence',
          role: 'ingest',
          everyMs: 5000,
          run: (actor) => alarms.tick(Date.now(), actor),
        },
      ],
      close: () => alarms.close(),
    };
  },
});
