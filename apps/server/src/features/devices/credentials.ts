import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * MQTT credentials of devices: username = device id, password = a token of which only the sha256
 * is stored. Tokens are 192 bits of randomness, so a fast hash is enough (a slow one would only
 * make a reconnect storm of 10 000 devices expensive).
 */

/**
 * The demo fleet's tokens derive from the device id and this published secret, so the simulator,
 * the README and an administrator all see the same credentials. Demo devices only: a device
 * created or rotated through the API gets a random token.
 */
export const DEMO_DEVICE_SECRET = 'cityloop-demo-fleet';

export function newDeviceToken(): string {
  return randomBytes(24).toString('base64url');
}

export function demoDeviceToken(deviceId: string): string {
  return createHmac('sha256', DEMO_DEVICE_SECRET).update(deviceId).digest('base64url').slice(0, 24);
}

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented password with the stored hash. */
export function tokenMatches(presented: string | Buffer, storedHash: string): boolean {
  const got = createHash('sha256').update(presented).digest();
  const want = Buffer.from(storedHash, 'hex');
  return want.length === got.length && timingSafeEqual(got, want);
}
