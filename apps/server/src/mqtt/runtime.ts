import type { Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopics } from '@cityloop/domain';
import type { CommandPublisher } from '../features/commands/commands.service.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker.js';
import { brokerHooks, newServerCredential } from './embedded.js';
import { connectCommandPublisher, connectExternal } from './external.js';
import { MqttIngest, type IngestServices } from './ingest.js';

export interface MqttRuntimeOptions {
  /** External broker URL; without it the embedded broker is started. */
  url: string | null;
  port: number;
  explicit: boolean;
  host?: string;
  /** Shared subscription group of the server nodes (external broker). */
  shareGroup?: string;
  /** Broker sessions this node opens in its share group (external broker); default 1. */
  connections?: number;
  /**
   * External broker: keep this node's receiving session while it is away, under this client id
   * (the same on every start of the node), for expiryS seconds. Without it: a clean session.
   */
  session?: { clientId: string; expiryS: number };
  log?: (msg: string, err?: unknown) => void;
}

export interface MqttRuntime {
  mode: 'embedded' | 'external';
  /** Where devices connect (the embedded broker's port, or the external URL). */
  url: string;
  port: number | null;
  /** The embedded broker's port was taken and it moved. */
  moved: boolean;
  ingest: MqttIngest;
  broker: EmbeddedBroker | null;
  /**
   * The node can take and send device traffic now: the external broker holds every receiving
   * session and the command publisher, or the embedded broker answers this node's own client.
   */
  ready(): boolean;
  close(): Promise<void>;
}

function publisherOf(client: MqttClient): CommandPublisher {
  return {
    async publish(deviceId, payload) {
      await client.publishAsync(deviceTopics.commands(deviceId), JSON.stringify(payload), { qos: 1 });
    },
  };
}

/**
 * The ingest role's MQTT side: the embedded broker with device authentication and ACLs, or a
 * client of the external broker with shared subscriptions; in both, the server's own client that
 * publishes commands.
 */
export async function startMqtt(s: IngestServices, o: MqttRuntimeOptions): Promise<MqttRuntime> {
  const log = o.log ?? (() => undefined);
  const ingest = new MqttIngest(s, log);
  if (o.url) {
    // One session by default: it hands this node its share of a device's messages in order. (A
    // share group spreads messages, not devices, over its sessions; across nodes the alarm
    // evaluator then sees only part of a device's readings — see the issue note.)
    const n = o.connections ?? 1;
    const receivers = await Promise.all(
      Array.from({ length: n }, (_, k) =>
        connectExternal(o.url!, ingest, {
          group: o.shareGroup ?? 'cityloop',
          log,
          ...(o.session
            ? {
                session: {
                  ...o.session,
                  clientId: n > 1 ? `${o.session.clientId}-${k + 1}` : o.session.clientId,
                },
              }
            : {}),
        }),
      ),
    );
    const publisher = await connectCommandPublisher(o.url, log).catch(async (err: unknown) => {
      await Promise.all(receivers.map((r) => r.close()));
      throw err;
    });
    s.commands.attachPublisher(publisherOf(publisher));
    return {
      mode: 'external',
      url: o.url,
      port: null,
      moved: false,
      ingest,
      broker: null,
      ready: () => publisher.connected && receivers.every((r) => r.connected),
      async close() {
        ingest.close();
        s.commands.attachPublisher(null);
        await Promise.all([...receivers.map((r) => r.close()), publisher.endAsync()]);
      },
    };
  }
  const credential = newServerCredential();
  const broker = await startEmbeddedBroker({
    port: o.port,
    explicit: o.explicit,
    ...(o.host ? { host: o.host } : {}),
    hooks: brokerHooks(s.devices, s.telemetry, ingest, credential),
  });
  // QoS 1 is a stream of small packets each waiting for a small ack: with Nagle's algorithm on,
  // acks sit out the peer's delayed-ACK timer (≈40 ms) and a device's throughput collapses.
  broker.broker.on('client', (client) => {
    const conn = client.conn as Partial<Socket>;
    conn.setNoDelay?.(true);
  });
  const url = `mqtt://127.0.0.1:${broker.port}`;
  const client = await mqtt.connectAsync(url, {
    clientId: credential.username,
    username: credential.username,
    password: credential.password,
    clean: true,
    reconnectPeriod: 1000,
  });
  s.commands.attachPublisher(publisherOf(client));
  return {
    mode: 'embedded',
    url,
    port: broker.port,
    moved: broker.moved,
    ingest,
    broker,
    ready: () => client.connected,
    async close() {
      ingest.close();
      s.commands.attachPublisher(null);
      await client.endAsync(true);
      await broker.close();
    },
  };
}
