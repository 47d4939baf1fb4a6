import net from 'node:net';
import tls from 'node:tls';
import {
  CONNACK,
  DISCONNECT,
  DISCONNECT_NORMAL,
  PINGREQ,
  PUBLISH,
  PacketReader,
  SUBACK,
  connectPacket,
  pubackPackets,
  readConnack,
  readPublish,
  subackRefused,
  subscribePacket,
} from './codec.js';

/**
 * The receiving side of a server node's session with an external broker (Mosquitto, EMQX): an
 * MQTT 5 client that subscribes and takes PUBLISH packets off the socket, and does nothing else
 * (the wire format is codec.ts).
 *
 * Why not mqtt.js here (it still publishes the commands): it is a general client — outgoing
 * stores, QoS 2, topic aliases, a `debug` call per parser step, a BufferList per packet — and at
 * 40,000 messages/s, profiled, that machinery took a third of the node's CPU: more than parsing,
 * validating, evaluating the alarm rules and storing the readings together. A subscriber that
 * only ever receives needs a small part of the protocol: CONNECT/CONNACK, SUBSCRIBE/SUBACK,
 * PUBLISH in (QoS 0 and 1; the subscriptions ask for at most 1, so the broker never sends 2),
 * PUBACK out, PINGREQ/PINGRESP, DISCONNECT.
 *
 * Acknowledgement is manual: a message whose handler returns a promise holds its PUBACK, and
 * those behind it, until the promise settles (for telemetry: until its readings are committed).
 * PUBACKs leave in the order the PUBLISH packets came (MQTT 5 §4.6), all those ready within a
 * millisecond in one write. With the broker's in-flight limit (the session's Receive Maximum, and
 * the broker's own cap, Mosquitto's max_inflight_messages) that is the back-pressure on the
 * publishers.
 *
 * With `sessionExpiryS` the broker keeps the session while this node is away (a crash, a restart,
 * a lost connection): the messages it sent and this node had not acknowledged yet, and those that
 * arrive meanwhile, are delivered when the same client id connects again. On a lost connection it
 * reconnects every `reconnectMs` and subscribes again.
 */
export interface ReceiverOptions {
  /** mqtt://[user:password@]host[:port], tcp://… or mqtts://… */
  url: string;
  /** With a session expiry, the same id on every start of the node (the session's name). */
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
  /** How long the broker keeps the session after a disconnect; 0 (default): a clean session. */
  sessionExpiryS?: number;
}

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

/**
 * A connection's PUBACKs, kept in arrival order until each message is handled. Consecutive
 * messages that wait on the same promise (one commit holds a whole batch of them) share one
 * reaction to it, not one each.
 */
class AckQueue {
  private ids: number[] = [];
  private done: boolean[] = [];
  private head = 0;
  private lastWait: Promise<void> | null = null;
  private lastGroup: { from: number; to: number; settled: boolean } | null = null;

  constructor(private readonly onSettled: () => void) {}

  /** A message to acknowledge now (wait undefined) or once `wait` settles. */
  add(id: number, wait: Promise<void> | undefined): void {
    const slot = this.ids.length;
    this.ids.push(id);
    this.done.push(wait === undefined);
    if (!wait) return;
    const g = this.lastGroup;
    if (wait === this.lastWait && g && !g.settled && g.to === slot - 1) {
      g.to = slot;
      return;
    }
    const group = { from: slot, to: slot, settled: false };
    this.lastWait = wait;
    this.lastGroup = group;
    const settle = () => {
      group.settled = true;
      for (let k = group.from; k <= group.to; k++) this.done[k] = true;
      this.onSettled();
    };
    wait.then(settle, settle);
  }

  /** The PUBACK packets now due, head first; null when none is. */
  take(): Buffer | null {
    let n = 0;
    while (this.head + n < this.ids.length && this.done[this.head + n]) n++;
    if (n === 0) return null;
    const out = pubackPackets(this.ids, this.head, n);
    this.head += n;
    // Compacted only when nothing is held: slots are indexes into these arrays.
    if (this.head === this.ids.length && (!this.lastGroup || this.lastGroup.settled)) {
      this.ids = [];
      this.done = [];
      this.head = 0;
      this.lastWait = null;
      this.lastGroup = null;
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
    const reader = new PacketReader();
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
    const queueFlush = () => {
      if (flushQueued) return;
      flushQueued = true;
      setTimeout(flushAcks, ACK_DELAY_MS);
    };
    // A message settled after this connection was lost is not acknowledged on it: the broker
    // sends it again on the next (a duplicate the readings' key absorbs).
    const acks = new AckQueue(queueFlush);

    socket.once(secure ? 'secureConnect' : 'connect', () => {
      write(
        connectPacket({
          clientId: this.o.clientId,
          keepaliveS: this.keepaliveS,
          receiveMaximum: this.receiveMaximum,
          maximumPacketSize: MAX_PACKET_BYTES,
          sessionExpiryS: this.o.sessionExpiryS ?? 0,
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
        const m = readPublish(b, start, body, end);
        let wait: Promise<void> | undefined;
        try {
          wait = this.o.onMessage(m.topic, m.payload);
        } catch (err) {
          this.o.log('MQTT message handling failed', err);
        }
        if (m.qos > 0) acks.add(m.id, wait);
      } else if (type === CONNACK) {
        const { reason } = readConnack(b, body);
        if (reason !== 0) {
          this.o.log(`MQTT broker ${this.o.url} refused the connection (reason 0x${reason.toString(16)})`);
          socket.destroy();
          return;
        }
        write(subscribePacket(1, this.o.filters));
      } else if (type === SUBACK) {
        if (subackRefused(b, body, end)) {
          const err = new Error(
            `MQTT broker ${this.o.url} refused the subscriptions ${this.o.filters.join(', ')}`,
          );
          this.o.log(err.message);
          this.firstSubscribed?.reject(err);
          this.firstSubscribed = null;
          return;
        }
        if (this.outage) this.o.log(`MQTT broker ${this.o.url} reconnected; subscribed again`);
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
      try {
        reader.push(chunk, handlePacket);
      } catch (err) {
        // A packet whose fields run past its own length (a broken broker): never the process.
        this.o.log(`MQTT broker ${this.o.url} sent a malformed packet; reconnecting`, err);
        socket.destroy();
        return;
      }
      // The PUBACKs of every read in this millisecond leave in one write.
      queueFlush();
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
      if (this.connected) s.end(DISCONNECT_NORMAL);
      else s.destroy();
      setTimeout(() => s.destroy(), 1000).unref();
    });
  }
}
