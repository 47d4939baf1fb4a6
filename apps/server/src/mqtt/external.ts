import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { SERVER_SUBSCRIPTIONS } from '@cityloop/domain';
import type { MqttIngest } from './ingest.js';

/**
 * Holds a socket's writes until the event loop has handled everything read with them, so the
 * PUBACKs of a burst of messages leave in one write instead of one system call each (a third of
 * the ingest thread's time at 10k+ messages/s went to those single writes).
 */
export function coalesceWrites(
  stream: Partial<Pick<Socket, 'cork' | 'uncork'>>,
  corked: WeakSet<object>,
): void {
  if (!stream.cork || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  setImmediate(() => {
    corked.delete(stream);
    stream.uncork?.();
  });
}

/** Topic filters this node subscribes with: MQTT 5 shared subscriptions split the load by group. */
export function sharedSubscriptions(group: string): string[] {
  return SERVER_SUBSCRIPTIONS.map((t) => `$share/${group}/${t}`);
}

/**
 * The server as a client of an external broker (Mosquitto, EMQX). Messages are handled in
 * mqtt.js's handleMessage: the PUBACK goes out only after it calls back, so while the telemetry
 * buffer is full the broker holds (and queues) further messages for this node. mqtt.js
 * reconnects by itself; every connect subscribes again, as a clean session forgets them.
 */
export async function connectExternal(
  url: string,
  ingest: MqttIngest,
  opts: { group: string; log: (msg: string, err?: unknown) => void },
): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    protocolVersion: 5,
    clientId: `cityloop-${os.hostname().slice(0, 20)}-${process.pid}-${randomBytes(3).toString('hex')}`,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    keepalive: 30,
    // Resubscription is done explicitly on every connect below.
    resubscribe: false,
    // mqtt.js formats a debug line per packet otherwise, enabled or not.
    log: () => undefined,
  });
  const corked = new WeakSet<object>();
  client.handleMessage = (packet, done) => {
    coalesceWrites(client.stream as Partial<Socket>, corked);
    let wait: Promise<void> | undefined;
    try {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      wait = ingest.handle(packet.topic, payload, Date.now());
    } catch (err) {
      opts.log('MQTT message handling failed', err);
    }
    if (!wait) return done();
    wait.then(
      () => done(),
      () => done(),
    );
  };
  let outage = false;
  client.on('connect', () => {
    // Small QoS 1 acks must not wait for Nagle's algorithm (see runtime.ts).
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    if (outage) opts.log(`MQTT broker ${url} is back; subscribing again`);
    outage = false;
    client.subscribe(sharedSubscriptions(opts.group), { qos: 1 }, (err) => {
      if (err) opts.log('MQTT subscribe failed', err);
    });
  });
  client.on('error', (err) => opts.log(`MQTT ${url}: ${err.message}`));
  client.on('offline', () => {
    if (!outage) opts.log(`MQTT broker ${url} is unreachable; reconnecting`);
    outage = true;
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`MQTT broker ${url} did not answer within 15 s`)), 15_000);
    client.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
  });
  // The subscription of the first connect must be in place before we report ready.
  await client.subscribeAsync(sharedSubscriptions(opts.group), { qos: 1 });
  return client;
}
