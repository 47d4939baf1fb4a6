import { randomBytes } from 'node:crypto';
import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MqttReceiver } from './receiver.js';
import { eventually, TEST_MQTT_URL } from './testing.js';

/** Whether a broker answers at TEST_MQTT_URL (Mosquitto at 127.0.0.1:1883 here and in CI). */
async function brokerUp(): Promise<boolean> {
  const u = new URL(TEST_MQTT_URL);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 1883), timeout: 1000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => resolve(false));
  });
}

const up = await brokerUp();

describe.runIf(up)('MqttReceiver against a real broker', () => {
  const root = `cityloop-test/receiver/${randomBytes(4).toString('hex')}`;
  let publisher: MqttClient;
  const receivers: MqttReceiver[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    publisher = await mqtt.connectAsync(TEST_MQTT_URL, { reconnectPeriod: 0 });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await publisher?.endAsync();
  });

  async function receiver(
    sub: string,
    onMessage: (topic: string, payload: Buffer) => Promise<void> | undefined,
    receiveMaximum?: number,
  ) {
    const r = await MqttReceiver.connect({
      url: TEST_MQTT_URL,
      clientId: `receiver-test-${randomBytes(4).toString('hex')}`,
      filters: [`${root}/${sub}/#`],
      onMessage,
      log: (msg) => logs.push(msg),
      ...(receiveMaximum ? { receiveMaximum } : {}),
    });
    receivers.push(r);
    return r;
  }

  it('takes every packet off the stream whole and in order, whatever its size or QoS', async () => {
    const got: Array<{ topic: string; payload: string }> = [];
    await receiver('sizes', (topic, payload) => {
      got.push({ topic, payload: payload.toString() });
      return undefined;
    });
    // 1-, 2- and 3-byte remaining lengths; a payload spread over many socket reads; an empty one;
    // a topic in Chinese; QoS 0 and 1 interleaved.
    const sent = [
      { topic: `${root}/sizes/a`, payload: 'x', qos: 1 as const },
      { topic: `${root}/sizes/b`, payload: 'y'.repeat(200), qos: 0 as const },
      { topic: `${root}/sizes/水厂`, payload: '{"ts":1,"values":{"压力":0.3}}', qos: 1 as const },
      { topic: `${root}/sizes/c`, payload: 'z'.repeat(300_000), qos: 1 as const },
      { topic: `${root}/sizes/d`, payload: '', qos: 1 as const },
      ...Array.from({ length: 500 }, (_, i) => ({
        topic: `${root}/sizes/burst`,
        payload: String(i),
        qos: (i % 3 === 0 ? 0 : 1) as 0 | 1,
      })),
    ];
    for (const m of sent) void publisher.publishAsync(m.topic, m.payload, { qos: m.qos });
    await eventually(() => expect(got.length).toBe(sent.length), 10_000);
    expect(got).toEqual(sent.map(({ topic, payload }) => ({ topic, payload })));
  });

  it('holds PUBACKs while a message is being handled: the broker stops at the Receive Maximum', async () => {
    const got: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await receiver(
      'held',
      (_topic, payload) => {
        got.push(payload.toString());
        // The first message is held (a full telemetry buffer); the rest are taken at once.
        return got.length === 1 ? held : undefined;
      },
      3,
    );
    for (let i = 0; i < 10; i++) void publisher.publishAsync(`${root}/held/t`, String(i), { qos: 1 });
    // Three in flight and the first not acknowledged: the broker sends no more.
    await eventually(() => expect(got.length).toBe(3), 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(got.length).toBe(3);
    release();
    await eventually(() => expect(got).toEqual(Array.from({ length: 10 }, (_, i) => String(i))), 5000);
    // Each was acknowledged once: nothing comes again.
    await new Promise((r) => setTimeout(r, 300));
    expect(got.length).toBe(10);
  });

  it('acknowledges messages that wait on one commit together, in order, each once', async () => {
    // As ingest does: the messages of one batch share its commit promise, the next batch another.
    const got: string[] = [];
    const commits: Array<() => void> = [];
    let current: Promise<void> | null = null;
    await receiver(
      'grouped',
      (_topic, payload) => {
        got.push(payload.toString());
        if (!current || got.length % 5 === 1) current = new Promise<void>((resolve) => commits.push(resolve));
        return current;
      },
      10,
    );
    for (let i = 0; i < 20; i++) void publisher.publishAsync(`${root}/grouped/t`, String(i), { qos: 1 });
    // Ten in flight, none acknowledged: the broker waits.
    await eventually(() => expect(got.length).toBe(10), 5000);
    // The second batch commits before the first: nothing may be acknowledged yet (order).
    commits[1]!();
    await new Promise((r) => setTimeout(r, 300));
    expect(got.length).toBe(10);
    commits[0]!();
    await eventually(() => expect(got.length).toBe(20), 5000);
    for (const commit of commits) commit();
    await eventually(() => expect(commits.length).toBe(4), 5000);
    for (const commit of commits) commit();
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('asks the broker for packets of at most 16 MiB: a larger message never reaches the node', async () => {
    const got: number[] = [];
    await receiver('huge', (_topic, payload) => {
      got.push(payload.length);
      return undefined;
    });
    await publisher.publishAsync(`${root}/huge/t`, Buffer.alloc(17 * 1024 * 1024, 0x61), { qos: 1 });
    await publisher.publishAsync(`${root}/huge/t`, Buffer.alloc(2 * 1024 * 1024, 0x62), { qos: 1 });
    await eventually(() => expect(got).toEqual([2 * 1024 * 1024]), 10_000);
  });

  it('refuses a URL it cannot speak and reports a broker that does not answer', async () => {
    await expect(
      MqttReceiver.connect({
        url: 'ws://127.0.0.1:9001',
        clientId: 'x',
        filters: ['a'],
        onMessage: () => undefined,
        log: () => undefined,
      }),
    ).rejects.toThrow(/mqtt:\/\/, tcp:\/\/ or mqtts:\/\//);
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    await expect(
      MqttReceiver.connect(
        {
          url: `mqtt://127.0.0.1:${port}`,
          clientId: 'x',
          filters: ['a'],
          onMessage: () => undefined,
          log: () => undefined,
          reconnectMs: 100,
        },
        800,
      ),
    ).rejects.toThrow(/did not answer/);
  });
});

describe('MqttReceiver against a broken broker', () => {
  it('survives a malformed packet: logs it, drops the connection and connects again', async () => {
    let connects = 0;
    const server = net.createServer((socket) => {
      connects++;
      socket.on('data', (b) => {
        const type = b[0]! >> 4;
        if (type === 1) socket.write(Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00])); // CONNACK ok
        if (type === 8) {
          socket.write(Buffer.from([0x90, 0x04, b[2]!, b[3]!, 0x00, 0x01])); // SUBACK, QoS 1 granted
          // A QoS 1 PUBLISH whose topic length (0xffff) runs far past the packet's own length.
          socket.write(Buffer.from([0x32, 0x06, 0xff, 0xff, 0x61, 0x00, 0x01, 0x00]));
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const logs: string[] = [];
    const r = await MqttReceiver.connect({
      url: `mqtt://127.0.0.1:${port}`,
      clientId: 'broken-test',
      filters: ['a/#'],
      onMessage: () => undefined,
      log: (msg) => logs.push(msg),
      reconnectMs: 50,
    });
    await eventually(() => expect(connects).toBeGreaterThanOrEqual(2), 5000);
    expect(logs.some((l) => /malformed packet/.test(l))).toBe(true);
    await r.close();
    await new Promise((resolve) => server.close(resolve));
  });
});
