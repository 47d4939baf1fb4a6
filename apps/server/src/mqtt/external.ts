import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { SERVER_SUBSCRIPTIONS } from '@cityloop/domain';
import type { MqttIngest } from './ingest.js';
import { MqttReceiver } from './receiver.js';

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
 * The server's receiving session with an external broker (Mosquitto, EMQX). Messages arrive on a
 * MqttReceiver (see receiver.ts): the PUBACK of a message goes out only once ingest has committed
 * its readings. `session` names a session the broker keeps while the node is away (its client id
 * is the same on every start of the node), so that what the broker acknowledged to a device and
 * had not yet handed to this node reaches it after a crash or restart; without it the session is
 * clean and random (tests). It reconnects by itself and subscribes again on every connect.
 */
export function connectExternal(
  url: string,
  ingest: MqttIngest,
  opts: {
    group: string;
    log: (msg: string, err?: unknown) => void;
    session?: { clientId: string; expiryS: number };
  },
): Promise<MqttReceiver> {
  return MqttReceiver.connect({
    url,
    clientId: opts.session?.clientId ?? clientId('in'),
    ...(opts.session ? { sessionExpiryS: opts.session.expiryS } : {}),
    filters: sharedSubscriptions(opts.group),
    onMessage: (topic, payload) => ingest.handle(topic, payload, Date.now()),
    log: opts.log,
  });
}

/** The session commands are published on (mqtt.js: QoS 1 publishing with its outgoing store). */
export async function connectCommandPublisher(
  url: string,
  log: (msg: string, err?: unknown) => void,
): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 5,
    clientId: clientId('cmd'),
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    keepalive: 30,
    // mqtt.js formats a debug line per packet otherwise, enabled or not.
    log: () => undefined,
  });
  let lost = false;
  client.on('connect', () => {
    (client.stream as Partial<Socket>).setNoDelay?.(true);
    if (lost) log(`MQTT broker ${url} reconnected (command publisher)`);
    lost = false;
  });
  client.on('close', () => {
    if (!lost && !client.disconnecting) log(`MQTT broker ${url} lost (command publisher); reconnecting`);
    lost = true;
  });
  (client.stream as Partial<Socket>).setNoDelay?.(true);
  client.on('error', (err) => log(`MQTT ${url}: ${err.message}`));
  return client;
}

function clientId(role: string): string {
  return `cityloop-${role}-${os.hostname().slice(0, 20)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
