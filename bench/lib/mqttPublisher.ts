import net from 'node:net';
import { connectPacket, mqttString, varint } from '../../apps/server/src/mqtt/codec.js';

/**
 * A device as the ingest benchmark needs one: an MQTT 3.1.1 session over a raw socket that
 * publishes prepared payloads at QoS 1 with a window of unacknowledged messages, and nothing else.
 *
 * Why not mqtt.js (the simulator and the tests use it): the publishers share the benchmark's two
 * cores with the broker, the server and PostgreSQL, and mqtt.js spends ~12 µs of CPU on each
 * publish (a packet object, a promise, its outgoing store, mqtt-packet's writer) — as much as the
 * broker and the server together. Real devices do not run on the server's machine; the less the
 * stand-in costs, the closer the figures are to what the server itself can take. The relay
 * baseline uses the same publishers, so both sides of its ratio gain alike. (The same reasoning
 * made the HTTP load generator a raw-socket client; see bench/README.md.)
 */
export class RawPublisher {
  private inflight = 0;
  private nextId = 1;
  private acked = 0;
  private onAck: (() => void) | null = null;
  private failed: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly head: Buffer,
  ) {}

  static async connect(
    url: string,
    o: { clientId: string; username?: string; password?: string; topic: string },
  ): Promise<RawPublisher> {
    const u = new URL(url);
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(
      connectPacket({
        level: 4,
        clientId: o.clientId,
        keepaliveS: 0,
        ...(o.username !== undefined ? { username: o.username } : {}),
        ...(o.password !== undefined ? { password: o.password } : {}),
      }),
    );
    const connack = await new Promise<Buffer>((resolve, reject) => {
      socket.once('data', resolve);
      socket.once('error', reject);
      socket.once('close', () => reject(new Error(`${o.clientId}: connection closed before CONNACK`)));
    });
    if (connack[0] !== 0x20 || connack[3] !== 0)
      throw new Error(`${o.clientId}: broker refused the connection (return code ${connack[3]})`);
    const p = new RawPublisher(socket, mqttString(o.topic));
    let pending: Buffer | null = null;
    socket.on('data', (chunk: Buffer) => {
      const b = pending ? Buffer.concat([pending, chunk]) : chunk;
      pending = null;
      let pos = 0;
      // Only PUBACKs (4 bytes) come back to a publisher.
      while (pos + 2 <= b.length) {
        const len = b[pos + 1]!;
        if (pos + 2 + len > b.length) break;
        if (b[pos]! >> 4 === 4) {
          p.inflight--;
          p.acked++;
        }
        pos += 2 + len;
      }
      if (pos < b.length) pending = b.subarray(pos);
      p.onAck?.();
    });
    socket.on('error', (err) => (p.failed = err));
    return p;
  }

  /**
   * Publishes the payloads in order, `count` messages in all (cycling through them), keeping at
   * most `window` unacknowledged; resolves when the last is acknowledged. With `gapMs` the n-th
   * message is not sent before start + n × gapMs.
   */
  async publishAll(payloads: readonly Buffer[], count: number, window: number, gapMs = 0): Promise<void> {
    const start = performance.now();
    let sent = 0;
    const target = this.acked + count;
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null;
      const pump = () => {
        if (this.failed) return reject(this.failed);
        const frames: Buffer[] = [];
        while (sent < count && this.inflight < window) {
          if (gapMs > 0) {
            const wait = start + sent * gapMs - performance.now();
            if (wait > 0) {
              if (!timer)
                timer = setTimeout(() => {
                  timer = null;
                  pump();
                }, wait);
              break;
            }
          }
          frames.push(this.frame(payloads[sent % payloads.length]!));
          sent++;
          this.inflight++;
        }
        if (frames.length) this.socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
        if (this.acked >= target) {
          this.onAck = null;
          resolve();
        }
      };
      this.onAck = pump;
      pump();
    });
  }

  private frame(payload: Buffer): Buffer {
    const id = this.nextId;
    this.nextId = id === 65_535 ? 1 : id + 1;
    const rest = this.head.length + 2 + payload.length;
    const len = varint(rest);
    const b = Buffer.allocUnsafe(1 + len.length + rest);
    b[0] = 0x32; // PUBLISH, QoS 1
    let p = 1;
    for (const x of len) b[p++] = x;
    p += this.head.copy(b, p);
    b[p++] = id >> 8;
    b[p++] = id & 0xff;
    payload.copy(b, p);
    return b;
  }

  async end(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end(Buffer.from([0xe0, 0x00]));
    });
  }
}
