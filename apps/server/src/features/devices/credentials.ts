import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * MQTT credentials of devices: username = device id, password = a token of which only the sha256
 * is stored. Tokens are 192 bits of randomness, so a fast hash is enough (a slow one would only
 * make a reconnect storm of 10 000 devices expensive). Every token is random, the demo fleet's
 * too: each instance makes its own on first start (stored for the administrator's device page and
 * the simulator), so no two installations share a device's credentials.
 */

export function newDeviceToken(): string {
  return randomBytes(24).toString('base64url');
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
