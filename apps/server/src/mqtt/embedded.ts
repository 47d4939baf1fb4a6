import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import { mayPublish, maySubscribe } from '@cityloop/domain';
import type { DeviceService } from '../features/devices/devices.service.js';
import type { TelemetryService } from '../features/telemetry/telemetry.service.js';
import { coalesceWrites } from './external.js';
import { ConnectLimiter } from './connectLimit.js';
import type { MqttIngest } from './ingest.js';

/** The server's own MQTT account on the embedded broker: random per boot, never stored. */
export interface ServerCredential {
  username: string;
  password: string;
}

export function newServerCredential(): ServerCredential {
  return {
    username: `cityloop-server-${randomBytes(4).toString('hex')}`,
    password: randomBytes(24).toString('base64url'),
  };
}

function refusal(message: string, returnCode: 2 | 3 | 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/**
 * Where a refused message goes: a topic no client may subscribe to (devices subscribe only to
 * their own commands, `#` never matches a `$` topic), so nobody receives it and nothing is kept.
 */
const REFUSED_TOPIC = '$cityloop/refused';
const EMPTY = Buffer.alloc(0);

/**
 * Broker hooks of the embedded Aedes: devices log in with their id and token (client id = device
 * id), publish only their own upstream topics and subscribe only to their own commands.
 *
 * Upstream messages are handled in authorizePublish: Aedes sends a QoS 1 PUBACK only after its
 * callback, and that callback waits until the message's readings are committed (see
 * ReadingWriter), so a device never holds an acknowledgement for a reading the database does not.
 * Aedes handles the packets of one socket read together and reads on when all are done: a device
 * keeps as many messages in flight as it sends before waiting for PUBACKs, and they commit in one
 * transaction (group commit). A message without readings waits for those before it, so a
 * session's PUBACKs leave in order.
 *
 * A bad payload, and a message to another device's topic, are counted on the device and
 * acknowledged, never a reason to drop the connection (a client would reconnect and send it again,
 * forever, as with Mosquitto's ACLs). A client id that connects too often is refused for a while.
 */
export function brokerHooks(
  devices: DeviceService,
  telemetry: TelemetryService,
  ingest: MqttIngest,
  server: ServerCredential,
  limiter = new ConnectLimiter(),
): Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'> {
  const deviceOf = new WeakMap<Client, string>();
  const servers = new WeakSet<Client>();
  const serverPassword = Buffer.from(server.password);
  const corked = new WeakSet<object>();
  /** Per client, the last PUBACK still held: later ones wait for it (PUBACKs in order). */
  const held = new WeakMap<Client, Promise<void>>();
  const hold = (client: Client, wait: Promise<void>) => {
    held.set(client, wait);
    const release = () => {
      if (held.get(client) === wait) held.delete(client);
    };
    wait.then(release, release);
  };
  return {
    authenticate(client, username, password, done) {
      if (username === server.username) {
        const ok =
          password !== undefined &&
          password.length === serverPassword.length &&
          timingSafeEqual(password, serverPassword);
        if (ok) servers.add(client);
        return done(ok ? null : refusal('Bad username or password', 4), ok);
      }
      const r = devices.authenticate(username, password);
      if (!r.ok) {
        telemetry.countRefused(r.reason, r.device);
        return done(refusal('Bad username or password', r.reason === 'unknown_device' ? 5 : 4), false);
      }
      // The client id is the device id, so one device cannot take over another's session.
      if (client.id !== r.device.id) {
        telemetry.countRefused('client_id_mismatch', r.device);
        return done(refusal('The client id must be the device id', 2), false);
      }
      // Counted after the token is checked: a stranger cannot use up a device's connects.
      if (!limiter.take(client.id, Date.now())) {
        telemetry.countRefused('reconnect_limited', r.device);
        return done(refusal('Too many connections from this client id; try again later', 3), false);
      }
      deviceOf.set(client, r.device.id);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      if (client && servers.has(client)) return done(null);
      const deviceId = client ? deviceOf.get(client) : undefined;
      if (!client || !deviceId) return done(new Error(`not authorised to publish to ${packet.topic}`));
      if (!mayPublish(deviceId, packet.topic)) {
        telemetry.countRefused('acl_publish', devices.byId(deviceId));
        packet.topic = REFUSED_TOPIC;
        packet.payload = EMPTY;
        packet.retain = false;
      } else {
        // The PUBACKs of a burst of messages leave in one write (see coalesceWrites).
        coalesceWrites(client.conn as Partial<Socket>, corked);
        let wait: Promise<void> | undefined;
        try {
          wait = ingest.handle(packet.topic, packet.payload as Buffer, Date.now());
        } catch {
          wait = undefined;
        }
        if (wait) {
          hold(client, wait);
          const ack = () => done(null);
          return void wait.then(ack, ack);
        }
      }
      const before = held.get(client);
      if (!before) return done(null);
      const ack = () => done(null);
      before.then(ack, ack);
    },
    authorizeSubscribe(client, sub, done) {
      if (servers.has(client)) return done(null, sub);
      const deviceId = deviceOf.get(client);
      if (deviceId && maySubscribe(deviceId, sub.topic)) return done(null, sub);
      if (deviceId) telemetry.countRefused('acl_subscribe', devices.byId(deviceId));
      // Refused in the SUBACK (0x80), the connection stays.
      done(null, null);
    },
  };
}
