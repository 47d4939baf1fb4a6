import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listenWithFallback, PortTakenError } from './listen.js';

const open: net.Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function occupy(): Promise<number> {
  const s = net.createServer();
  open.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as net.AddressInfo).port;
}

describe('listening on a port', () => {
  it('moves to the next free port when the default one is taken, and says so', async () => {
    const taken = await occupy();
    const s = net.createServer();
    open.push(s);
    const r = await listenWithFallback(s, {
      port: taken,
      host: '127.0.0.1',
      explicit: false,
      setting: 'PORT',
    });
    expect(r.moved).toBe(true);
    expect(r.port).toBeGreaterThan(taken);
  });

  it('refuses a taken port that was set explicitly, naming the setting', async () => {
    const taken = await occupy();
    const s = net.createServer();
    open.push(s);
    await expect(
      listenWithFallback(s, { port: taken, host: '127.0.0.1', explicit: true, setting: 'MQTT_PORT' }),
    ).rejects.toThrow(new PortTakenError('MQTT_PORT', taken).message);
  });
});
