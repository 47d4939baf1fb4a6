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
 * Most QoS 1 messages of one device whose PUBACK may be outstanding before the broker stops
 * reading from it. MQTT 3.1.1 has no Receive Maximum for a broker to announce; this is the
 * embedded broker's own, and the back-pressure on a device while the database is slow or away.
 */
const MAX_UNACKED_PER_DEVICE = 1000;

/** A PUBACK (MQTT 3.1.1: type 4, remaining length 2, the packet id). */
function puback(id: number): Buffer {
  return Buffer.from([0x40, 0x02, (id >> 8) & 0xff, id & 0xff]);
}

/**
 * Broker hooks of the embedded Aedes: devices log in with their id and token (client id = device
 * id), publish only their own upstream topics and subscribe only to their own commands.
 *
 * Upstream messages are handled in authorizePublish, and a QoS 1 message is acknowledged only once
 * the transaction holding its readings has committed (see ReadingWriter), so a device never holds
 * a PUBACK for a reading the database does not. Aedes would send the PUBACK itself as soon as the
 * hook's callback runs, and it reads a socket's next packets only when the callbacks of the last
 * read have all run: holding the callback until the commit would let a device have only the
 * messages of one socket read in flight per commit. So the hook takes the acknowledgement over —
 * the packet goes on at QoS 0 (nobody subscribes to the upstream topics; it reaches no one) and
 * its PUBACK is written to the device's socket after the commit, in the order the messages came —
 * and Aedes reads on at once, up to MAX_UNACKED_PER_DEVICE outstanding PUBACKs. Messages arriving
 * meanwhile from every device are committed together (group commit).
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
  /** Per client: the last PUBACK still held (later ones follow it), and how many are held. */
  const held = new WeakMap<Client, { last: Promise<void>; count: number }>();
  /**
   * Acknowledges a QoS 1 message once `after` settles, and any message after it in turn; calls
   * `done` at once unless the device has too many PUBACKs outstanding.
   */
  const ackLater = (client: Client, id: number, after: Promise<void>, done: (err: null) => void) => {
    const h = held.get(client) ?? { last: after, count: 0 };
    h.last = after;
    h.count++;
    held.set(client, h);
    const conn = client.conn as Partial<Socket> & { destroyed?: boolean };
    const ack = () => {
      if (--h.count === 0 && held.get(client) === h) held.delete(client);
      // A connection lost meanwhile gets nothing: the device sends the message again.
      if (conn.destroyed || !conn.write) return;
      // The PUBACKs of one commit leave in one write (see coalesceWrites).
      coalesceWrites(conn, corked);
      conn.write(puback(id));
    };
    after.then(ack, ack);
    if (h.count < MAX_UNACKED_PER_DEVICE) return done(null);
    // Too many outstanding: Aedes reads no further packets of this device until this one is acked.
    const go = () => done(null);
    after.then(go, go);
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
      let wait: Promise<void> | undefined;
      if (!mayPublish(deviceId, packet.topic)) {
        telemetry.countRefused('acl_publish', devices.byId(deviceId));
        packet.topic = REFUSED_TOPIC;
        packet.payload = EMPTY;
        packet.retain = false;
      } else {
        try {
          wait = ingest.handle(packet.topic, packet.payload as Buffer, Date.now());
        } catch {
          wait = undefined;
        }
      }
      // A message with nothing to wait for waits for those before it (PUBACKs in order).
      const after = wait ?? held.get(client)?.last;
      // (A last will has no packet id: nobody is there to acknowledge.)
      if (!after || packet.qos === 0 || packet.messageId === undefined) return done(null);
      if (packet.qos === 2) {
        // QoS 2 (not in the contract, but allowed): Aedes' PUBREC waits for the commit.
        const go = () => done(null);
        return void after.then(go, go);
      }
      packet.qos = 0;
      ackLater(client, packet.messageId, after, done);
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
