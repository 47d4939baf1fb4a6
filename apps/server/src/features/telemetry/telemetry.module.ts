import { defineModule } from '../../modules/module.js';
import { TelemetryService } from './telemetry.service.js';
import { telemetryRoutes } from './telemetry.routes.js';
import type { Metrics } from '../../observe/metrics.js';

/** Readings as other features read them: the latest values, one metric's current value, window sums, tracks; readings as they arrive. */
export type TelemetryOffer = Pick<
  TelemetryService,
  'latest' | 'latestInMemory' | 'currentValue' | 'windowStats' | 'tracks' | 'hearReadings'
>;

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
  async create({ db, config, log, metrics }, { devices }) {
    const telemetry = new TelemetryService(db, devices, config.telemetry, log);
    await telemetry.init();
    observeIngest(metrics, telemetry);
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

/** The ingest figures of `GET /api/telemetry/stats` as Prometheus reads them, at each scrape. */
function observeIngest(metrics: Metrics, telemetry: TelemetryService) {
  const stats = () => telemetry.stats();
  metrics.gauge('cityloop_ingest_buffered_readings', 'Readings held in memory, not yet written', [], (g) =>
    g.set(stats().buffered),
  );
  metrics.gauge('cityloop_ingest_buffer_capacity', 'Readings the buffer holds before acks wait', [], (g) =>
    g.set(telemetry.stats().bufferCapacity),
  );
  metrics.gauge(
    'cityloop_ingest_db_healthy',
    '1 while readings are being written, 0 while the database fails',
    [],
    (g) => g.set(stats().dbHealthy ? 1 : 0),
  );
  const ackDelay = metrics.histogram(
    'cityloop_ingest_puback_delay_seconds',
    'How long a QoS 1 message waited for the commit of its readings before its PUBACK (the first of each group committed together)',
  );
  telemetry.writer.onAcknowledged = (ms) => ackDelay.observe(ms / 1000);
  // Counters read from the service's own totals (since this node started).
  const total = (name: string, help: string, read: () => number) =>
    metrics.counterOf(name, help, [], (set) => set({}, read()));
  total('cityloop_ingest_messages_total', 'MQTT messages received by this node', () => stats().messages);
  total(
    'cityloop_ingest_readings_stored_total',
    'Readings written to the database',
    () => stats().readingsStored,
  );
  total(
    'cityloop_ingest_readings_duplicate_total',
    'Re-sent readings found already stored',
    () => stats().readingsDuplicate,
  );
  metrics.counterOf('cityloop_ingest_dropped_total', 'Readings dropped, by reason', ['reason'], (set) => {
    for (const [reason, n] of Object.entries(stats().dropped)) set({ reason }, n);
  });
  metrics.counterOf('cityloop_ingest_refused_total', 'Messages refused, by reason', ['reason'], (set) => {
    for (const [reason, n] of Object.entries(stats().refused)) set({ reason }, n);
  });
}
