import net from 'node:net';
import tls from 'node:tls';

/**
 * The receiving side of a server node's session with an external broker (Mosquitto, EMQX): an
 * MQTT 5 client that subscribes and takes PUBLISH packets off the socket, and does nothing else.
 *
 * Why not mqtt.js here (it still publishes the commands): it is a general client — outgoing
 * stores, QoS 2, topic aliases, a `debug` call per parser step, a BufferList per packet — and at
 * 40,000 messages/s, profiled, that machinery took a third of the node's CPU: more than parsing,
 * validating, evaluating the alarm rules and storing the readings together. A subscriber that
 * only ever receives needs a small part of the protocol: CONNECT/CONNACK, SUBSCRIBE/SUBACK,
 * PUBLISH in (QoS 0 and 1; the subscriptions ask for at most 1, so the broker never sends 2),
 * PUBACK out, PINGREQ/PINGRESP, DISCONNECT.
 *
 * PUBACKs leave in the order the PUBLISH packets came (MQTT 5 §4.6), all those ready in one turn
 * of the event loop in one write. A message whose handler returns a promise holds its PUBACK, and those
 * behind it, until the promise settles: with the broker's in-flight limit (the session's Receive
 * Maximum) that is the back-pressure on the publishers. On a lost connection it reconnects every
 * `reconnectMs` with a clean session and subscribes again, as mqtt.js did; messages not yet
 * acknowledged are the broker's to deliver again.
 */
export interface ReceiverOptions {
  /** mqtt://[user:password@]host[:port], tcp://… or mqtts://… */
  url: string;
  clientId: string;
  /** Topic filters subscribed with QoS 1 on every connect (e.g. `$share/group/…`). */
  filters: readonly string[];
  /** Called for every PUBLISH; a promise holds the message's PUBACK until it settles. */
  onMessage(topic: string, payload: Buffer): Promise<void> | undefined;
  log(msg: string, err?: unknown): void;
  keepaliveS?: number;
  reconnectMs?: number;
  /** Most unacknowledged QoS 1 messages the broker may send this session (Receive Maximum). */
  receiveMaximum?: number;
}

const CONNACK = 2;
const PUBLISH = 3;
const SUBACK = 9;
const DISCONNECT = 14;
const PINGREQ = Buffer.from([0xc0, 0x00]);
/**
 * How long PUBACKs gather before they leave in one write: at tens of thousands of messages a
 * second, a write per event-loop turn was the receiving side's largest cost (each loopback write
 * also wakes the broker). 1 ms is far inside any broker's patience and in-flight window.
 */
const ACK_DELAY_MS = 1;
/**
 * A read smaller than this means the node keeps up with the broker: the socket then rests for
 * READ_REST_MS before it is read again, so that the next read takes what arrived meanwhile in one
 * go. Without the rest, a node faster than its broker woke and read for every few messages: at
 * 55,000 messages/s, profiled, waking (epoll) and reading took half of the receiving node's CPU.
 * With it the node spent 4–6 µs a message instead of 7–10 (bench/ingest.bench.ts); a message
 * waits at most about a millisecond longer.
 */
const READ_REST_BELOW = 16 * 1024;
const READ_REST_MS = 1;
/**
 * The largest packet the broker may send this session (MQTT 5 Maximum Packet Size): it bounds
 * what one message can make this node hold. Far above the telemetry limit (64 KiB), so an
 * oversized payload still arrives and is counted as too_large; larger ones the broker drops.
 */
const MAX_PACKET_BYTES = 16 * 1024 * 1024;

/** A Variable Byte Integer (MQTT 5 §1.5.5): 7 bits a byte, low first, high bit = more follow. */
export function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

/** Where the data after a property block starting at `p` (its length, then the properties) begins. */
function afterProperties(b: Buffer, p: number): number {
  let len = 0;
  let mul = 1;
  let byte;
  do {
    byte = b[p++]!;
    len += (byte & 0x7f) * mul;
    mul *= 128;
  } while (byte & 0x80);
  return p + len;
}

/** A UTF-8 string with its two-byte length. */
export function mqttString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first, ...varint(body.length)]), body]);
}

/**
 * CONNECT with a clean session: MQTT 5 (with a Receive Maximum) or, for `level: 4`, 3.1.1 (the
 * benchmark's devices).
 */
export function connectPacket(o: {
  level?: 4 | 5;
  clientId: string;
  keepaliveS: number;
  username?: string;
  password?: string;
  receiveMaximum?: number;
  maximumPacketSize?: number;
}): Buffer {
  const level = o.level ?? 5;
  const flags = 0x02 | (o.username !== undefined ? 0x80 : 0) | (o.password !== undefined ? 0x40 : 0);
  // MQTT 5 properties: Receive Maximum (0x21) and Maximum Packet Size (0x27) when given.
  const rm = o.receiveMaximum;
  const mp = o.maximumPacketSize;
  const props =
    level === 4
      ? null
      : Buffer.from([
          ...(rm === undefined ? [] : [0x21, (rm >> 8) & 0xff, rm & 0xff]),
          ...(mp === undefined
            ? []
            : [0x27, (mp >>> 24) & 0xff, (mp >> 16) & 0xff, (mp >> 8) & 0xff, mp & 0xff]),
        ]);
  const head = Buffer.from([
    0x00,
    0x04,
    0x4d,
    0x51,
    0x54,
    0x54,
    level,
    flags,
    (o.keepaliveS >> 8) & 0xff,
    o.keepaliveS & 0xff,
    ...(props ? varint(props.length) : []),
  ]);
  const parts: Buffer[] = [head, ...(props ? [props] : []), mqttString(o.clientId)];
  if (o.username !== undefined) parts.push(mqttString(o.username));
  if (o.password !== undefined) parts.push(mqttString(o.password));
  return packet(0x10, Buffer.concat(parts));
}

export function subscribePacket(id: number, filters: readonly string[]): Buffer {
  const parts: Buffer[] = [Buffer.from([(id >> 8) & 0xff, id & 0xff, 0x00])];
  // Options byte: QoS 1, No Local 0 (required for shared subscriptions), retain as published.
  for (const f of filters) parts.push(mqttString(f), Buffer.from([0x01]));
  return packet(0x82, Buffer.concat(parts));
}

/** A connection's PUBACKs, kept in arrival order until each message is handled. */
class AckQueue {
  private ids: number[] = [];
  private done: boolean[] = [];
  private head = 0;

  get empty(): boolean {
    return this.head === this.ids.length;
  }

  add(id: number, done: boolean): number {
    this.ids.push(id);
    this.done.push(done);
    return this.ids.length - 1;
  }

  settle(slot: number): void {
    this.done[slot] = true;
  }

  /** The PUBACK packets now due, head first; null when none is. */
  take(): Buffer | null {
    let n = 0;
    while (this.head + n < this.ids.length && this.done[this.head + n]) n++;
    if (n === 0) return null;
    const out = Buffer.allocUnsafe(4 * n);
    for (let k = 0; k < n; k++) {
      const id = this.ids[this.head + k]!;
      out[4 * k] = 0x40;
      out[4 * k + 1] = 0x02;
      out[4 * k + 2] = id >> 8;
      out[4 * k + 3] = id & 0xff;
    }
    this.head += n;
    if (this.head === this.ids.length) {
      this.ids = [];
      this.done = [];
      this.head = 0;
    }
    return out;
  }
}

export class MqttReceiver {
  connected = false;
  private socket: net.Socket | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private outage = false;
  private readonly keepaliveS: number;
  private readonly reconnectMs: number;
  private readonly receiveMaximum: number;
  private readonly target: URL;
  private firstSubscribed: { resolve: () => void; reject: (err: Error) => void } | null = null;

  private constructor(private readonly o: ReceiverOptions) {
    this.keepaliveS = o.keepaliveS ?? 30;
    this.reconnectMs = o.reconnectMs ?? 1000;
    this.receiveMaximum = o.receiveMaximum ?? 65_535;
    this.target = new URL(o.url);
    if (!['mqtt:', 'tcp:', 'mqtts:'].includes(this.target.protocol))
      throw new Error(`MQTT_URL ${o.url}: the server connects over mqtt://, tcp:// or mqtts://`);
  }

  /** Connects and subscribes; resolves once the broker has granted the subscriptions. */
  static async connect(o: ReceiverOptions, timeoutMs = 15_000): Promise<MqttReceiver> {
    const r = new MqttReceiver(o);
    const ready = new Promise<void>((resolve, reject) => (r.firstSubscribed = { resolve, reject }));
    const timer = setTimeout(
      () =>
        r.firstSubscribed?.reject(
          new Error(`MQTT broker ${o.url} did not answer within ${timeoutMs / 1000} s`),
        ),
      timeoutMs,
    );
    r.open();
    try {
      await ready;
    } catch (err) {
      await r.close();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    return r;
  }

  private open(): void {
    const u = this.target;
    const secure = u.protocol === 'mqtts:';
    const port = Number(u.port || (secure ? 8883 : 1883));
    const socket = secure
      ? tls.connect({ host: u.hostname, port, servername: u.hostname })
      : net.connect({ host: u.hostname, port });
    socket.setNoDelay(true);
    this.socket = socket;
    const acks = new AckQueue();
    let pending: Buffer[] | null = null;
    let pendingBytes = 0;
    /** Bytes the first packet in `pending` needs in all (0: its header is not complete yet). */
    let pendingNeed = 0;
    let lastSent = Date.now();
    let lastReceived = Date.now();
    let flushQueued = false;

    const write = (b: Buffer) => {
      lastSent = Date.now();
      socket.write(b);
    };
    const flushAcks = () => {
      flushQueued = false;
      if (socket.destroyed) return;
      const out = acks.take();
      if (out) write(out);
    };
    const onSettled = (slot: number) => {
      acks.settle(slot);
      if (!flushQueued) {
        flushQueued = true;
        setTimeout(flushAcks, ACK_DELAY_MS);
      }
    };

    socket.once(secure ? 'secureConnect' : 'connect', () => {
      write(
        connectPacket({
          clientId: this.o.clientId,
          keepaliveS: this.keepaliveS,
          receiveMaximum: this.receiveMaximum,
          maximumPacketSize: MAX_PACKET_BYTES,
          ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
          ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
        }),
      );
      this.keepaliveTimer = setInterval(
        () => {
          const now = Date.now();
          if (now - lastReceived > this.keepaliveS * 1500) {
            this.o.log(`MQTT broker ${this.o.url} went silent; reconnecting`);
            socket.destroy();
          } else if (now - lastSent >= (this.keepaliveS * 1000) / 2) write(PINGREQ);
        },
        (this.keepaliveS * 1000) / 4,
      );
    });

    const handlePacket = (b: Buffer, start: number, body: number, end: number) => {
      const type = b[start]! >> 4;
      if (type === PUBLISH) {
        const qos = (b[start]! >> 1) & 3;
        let p = body;
        const topicLen = b.readUInt16BE(p);
        const topic = b.toString('utf8', p + 2, p + 2 + topicLen);
        p += 2 + topicLen;
        let id = 0;
        if (qos > 0) {
          id = b.readUInt16BE(p);
          p += 2;
        }
        // Properties (none are acted on): skip them.
        p = afterProperties(b, p);
        let wait: Promise<void> | undefined;
        try {
          wait = this.o.onMessage(topic, b.subarray(p, end));
        } catch (err) {
          this.o.log('MQTT message handling failed', err);
        }
        if (qos === 0) return;
        if (!wait) {
          acks.add(id, true);
          return;
        }
        const slot = acks.add(id, false);
        const settle = () => onSettled(slot);
        wait.then(settle, settle);
      } else if (type === CONNACK) {
        const reason = b[body + 1]!;
        if (reason !== 0) {
          this.o.log(`MQTT broker ${this.o.url} refused the connection (reason 0x${reason.toString(16)})`);
          socket.destroy();
          return;
        }
        write(subscribePacket(1, this.o.filters));
      } else if (type === SUBACK) {
        // Packet id (2), properties, then one reason code per filter.
        const p = afterProperties(b, body + 2);
        const refused = [...b.subarray(p, end)].some((code) => code >= 0x80);
        if (refused) {
          const err = new Error(
            `MQTT broker ${this.o.url} refused the subscriptions ${this.o.filters.join(', ')}`,
          );
          this.o.log(err.message);
          this.firstSubscribed?.reject(err);
          this.firstSubscribed = null;
          return;
        }
        if (this.outage) this.o.log(`MQTT broker ${this.o.url} is back; subscribed again`);
        this.outage = false;
        this.connected = true;
        this.firstSubscribed?.resolve();
        this.firstSubscribed = null;
      } else if (type === DISCONNECT) {
        this.o.log(
          `MQTT broker ${this.o.url} disconnected this node (reason 0x${(b[body] ?? 0).toString(16)})`,
        );
        socket.destroy();
      }
      // PINGRESP and anything else: nothing to do (lastReceived is updated).
    };

    socket.on('data', (chunk: Buffer) => {
      lastReceived = Date.now();
      // A packet larger than one read arrives in pieces: they are kept aside until it is whole
      // and joined once (joining on every read would copy a large message over and over).
      if (pending) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < pendingNeed) return;
      }
      const b = pending ? Buffer.concat(pending, pendingBytes) : chunk;
      pending = null;
      pendingBytes = 0;
      pendingNeed = 0;
      let pos = 0;
      while (pos < b.length) {
        // Fixed header: type/flags byte, then the remaining length (1–4 bytes).
        let len = 0;
        let mul = 1;
        let q = pos + 1;
        let complete = false;
        while (q < b.length && q < pos + 5) {
          const byte = b[q++]!;
          len += (byte & 0x7f) * mul;
          mul *= 128;
          if (!(byte & 0x80)) {
            complete = true;
            break;
          }
        }
        if (!complete) {
          if (q >= pos + 5) {
            this.o.log(`MQTT broker ${this.o.url} sent a malformed packet; reconnecting`);
            socket.destroy();
            return;
          }
          break;
        }
        if (q + len > b.length) {
          pendingNeed = q + len - pos;
          break;
        }
        try {
          handlePacket(b, pos, q, q + len);
        } catch (err) {
          // A packet whose fields run past its own length (a broken broker): never the process.
          this.o.log(`MQTT broker ${this.o.url} sent a malformed packet; reconnecting`, err);
          socket.destroy();
          return;
        }
        pos = q + len;
      }
      if (pos < b.length) {
        pending = [b.subarray(pos)];
        pendingBytes = b.length - pos;
      }
      // The PUBACKs of every read in this turn of the event loop leave in one write.
      if (!flushQueued) {
        flushQueued = true;
        setTimeout(flushAcks, ACK_DELAY_MS);
      }
      if (chunk.length < READ_REST_BELOW && !socket.isPaused()) {
        socket.pause();
        setTimeout(() => socket.resume(), READ_REST_MS);
      }
    });

    socket.on('error', (err) => {
      if (!this.outage && !this.closed) this.o.log(`MQTT ${this.o.url}: ${err.message}`);
    });
    socket.on('close', () => {
      this.connected = false;
      if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
      this.keepaliveTimer = null;
      if (this.closed) return;
      if (!this.outage) this.o.log(`MQTT broker ${this.o.url} is unreachable; reconnecting`);
      this.outage = true;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (!this.closed) this.open();
      }, this.reconnectMs);
    });
  }

  /** Sends DISCONNECT and closes; no reconnect after it. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      if (this.connected) s.end(Buffer.from([0xe0, 0x00]));
      else s.destroy();
      setTimeout(() => s.destroy(), 1000).unref();
    });
  }
}
