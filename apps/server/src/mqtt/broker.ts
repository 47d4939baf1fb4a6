import net from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';
import { listenWithFallback } from '../net/listen.js';

export interface EmbeddedBroker {
  broker: Aedes;
  port: number;
  moved: boolean;
  close(): Promise<void>;
}

/** The embedded MQTT broker (Aedes) on a TCP port, used when no MQTT_URL is configured. */
export async function startEmbeddedBroker(opts: {
  port: number;
  explicit: boolean;
  host?: string;
  hooks?: Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>;
}): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker({ ...opts.hooks, heartbeatInterval: 60_000 });
  const server = net.createServer(broker.handle);
  const { port, moved } = await listenWithFallback(server, {
    port: opts.port,
    host: opts.host ?? '0.0.0.0',
    explicit: opts.explicit,
    setting: 'MQTT_PORT',
  });
  return {
    broker,
    port,
    moved,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}
