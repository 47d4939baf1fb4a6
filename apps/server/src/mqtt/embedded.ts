import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import { mayPublish, maySubscribe } from '@cityloop/domain';
import type { DeviceService } from '../features/devices/devices.service.js';
import type { TelemetryService } from '../features/telemetry/telemetry.service.js';
import { coalesceWrites } from './external.js';
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

function refusal(message: string, returnCode: 2 | 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/**
 * Broker hooks of the embedded Aedes: devices log in with their id and token (client id = device
 * id), publish only their own upstream topics and subscribe only to their own commands. Upstream
 * messages are handled in authorizePublish: Aedes sends the PUBACK only after its callback, so
 * while the telemetry buffer is full the device's acks (and further reads from its socket) wait.
 * A bad payload is counted and acknowledged, never a reason to drop the connection.
 */
export function brokerHooks(
  devices: DeviceService,
  telemetry: TelemetryService,
  ingest: MqttIngest,
  server: ServerCredential,
): Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'> {
  const deviceOf = new WeakMap<Client, string>();
  const servers = new WeakSet<Client>();
  const serverPassword = Buffer.from(server.password);
  const corked = new WeakSet<object>();
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
      deviceOf.set(client, r.device.id);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      if (client && servers.has(client)) return done(null);
      const deviceId = client ? deviceOf.get(client) : undefined;
      if (!deviceId || !mayPublish(deviceId, packet.topic)) {
        if (deviceId) telemetry.countRefused('acl_publish', devices.byId(deviceId));
        return done(new Error(`not authorised to publish to ${packet.topic}`));
      }
      // The PUBACKs of a burst of messages leave in one write (see coalesceWrites).
      if (client) coalesceWrites(client.conn as Partial<Socket>, corked);
      let wait: Promise<void> | undefined;
      try {
        wait = ingest.handle(packet.topic, packet.payload as Buffer, Date.now());
      } catch {
        wait = undefined;
      }
      if (!wait) return done(null);
      wait.then(
        () => done(null),
        () => done(null),
      );
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
