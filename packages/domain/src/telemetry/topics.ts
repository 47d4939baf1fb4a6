/**
 * The MQTT topics of the device contract, and the broker's rules on them: a device publishes only
 * its own upstream topics and subscribes only to its own commands.
 */

export const TOPIC_ROOT = 'cityloop/v1/devices';

export const deviceTopics = {
  telemetry: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/telemetry`,
  status: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/status`,
  commands: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/commands`,
  ack: (deviceId: string) => `${TOPIC_ROOT}/${deviceId}/commands/ack`,
};

/** What the server subscribes to (prefix with `$share/<group>/` to split load across nodes). */
export const SERVER_SUBSCRIPTIONS = [
  `${TOPIC_ROOT}/+/telemetry`,
  `${TOPIC_ROOT}/+/status`,
  `${TOPIC_ROOT}/+/commands/ack`,
] as const;

// Ids end up in topics and in URLs: no MQTT wildcards, separators or whitespace.
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export function isValidDeviceId(id: string): boolean {
  return DEVICE_ID.test(id);
}

export type UpTopicKind = 'telemetry' | 'status' | 'ack';

/** Recognises an upstream topic of the contract; anything else (including `commands`) is null. */
export function parseTopic(topic: string): { deviceId: string; kind: UpTopicKind } | null {
  const prefix = `${TOPIC_ROOT}/`;
  if (!topic.startsWith(prefix)) return null;
  const parts = topic.slice(prefix.length).split('/');
  const [deviceId, a, b] = parts;
  if (deviceId === undefined || !isValidDeviceId(deviceId)) return null;
  if (parts.length === 2 && a === 'telemetry') return { deviceId, kind: 'telemetry' };
  if (parts.length === 2 && a === 'status') return { deviceId, kind: 'status' };
  if (parts.length === 3 && a === 'commands' && b === 'ack') return { deviceId, kind: 'ack' };
  return null;
}

/** Broker ACL: a device (MQTT username = device id) publishes only its own upstream topics. */
export function mayPublish(deviceId: string, topic: string): boolean {
  return parseTopic(topic)?.deviceId === deviceId;
}

/** Broker ACL: a device subscribes only to its own command topic. */
export function maySubscribe(deviceId: string, topicFilter: string): boolean {
  return topicFilter === deviceTopics.commands(deviceId);
}
