/**
 * The MQTT wire format, as much of it as the server's receiving session (receiver.ts) and the
 * benchmark's publishers need: building CONNECT, SUBSCRIBE and PUBACK packets, cutting a byte
 * stream into packets, and reading the fields of PUBLISH, CONNACK and SUBACK. Pure functions over
 * buffers, no sockets (MQTT 5 §1.5 and §3; 3.1.1 where `level: 4` says so).
 */

export const CONNACK = 2;
export const PUBLISH = 3;
export const SUBACK = 9;
export const DISCONNECT = 14;
export const PINGREQ = Buffer.from([0xc0, 0x00]);
/** DISCONNECT with reason 0 (normal), no properties. */
export const DISCONNECT_NORMAL = Buffer.from([0xe0, 0x00]);

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
export function afterProperties(b: Buffer, p: number): number {
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

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/**
 * CONNECT: MQTT 5 (with a Receive Maximum, a Maximum Packet Size and a Session Expiry Interval
 * when given) or, for `level: 4`, 3.1.1 (the benchmark's devices). A session expiry above 0 asks
 * the broker to keep the session (Clean Start 0): its subscriptions, the messages sent but not
 * yet acknowledged, and those that arrive while this client is away.
 */
export function connectPacket(o: {
  level?: 4 | 5;
  clientId: string;
  keepaliveS: number;
  username?: string;
  password?: string;
  receiveMaximum?: number;
  maximumPacketSize?: number;
  sessionExpiryS?: number;
}): Buffer {
  const level = o.level ?? 5;
  const keep = level === 5 && (o.sessionExpiryS ?? 0) > 0;
  const flags =
    (keep ? 0 : 0x02) | (o.username !== undefined ? 0x80 : 0) | (o.password !== undefined ? 0x40 : 0);
  // MQTT 5 properties: Session Expiry Interval (0x11), Receive Maximum (0x21), Maximum Packet Size (0x27).
  const rm = o.receiveMaximum;
  const mp = o.maximumPacketSize;
  const props =
    level === 4
      ? null
      : Buffer.from([
          ...(keep ? [0x11, ...u32(o.sessionExpiryS!)] : []),
          ...(rm === undefined ? [] : [0x21, (rm >> 8) & 0xff, rm & 0xff]),
          ...(mp === undefined ? [] : [0x27, ...u32(mp)]),
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

/** PUBACKs (reason 0, the short form) for `n` packet ids from `ids[from]` on, in one buffer. */
export function pubackPackets(ids: readonly number[], from: number, n: number): Buffer {
  const out = Buffer.allocUnsafe(4 * n);
  for (let k = 0; k < n; k++) {
    const id = ids[from + k]!;
    out[4 * k] = 0x40;
    out[4 * k + 1] = 0x02;
    out[4 * k + 2] = id >> 8;
    out[4 * k + 3] = id & 0xff;
  }
  return out;
}

/** A PUBLISH packet's fields; `payload` is a view of the read buffer, not a copy. */
export interface Publish {
  qos: number;
  /** Packet id (0 at QoS 0). */
  id: number;
  topic: string;
  payload: Buffer;
}

/** Reads the PUBLISH in b[start, end) whose variable header begins at `body` (MQTT 5: with properties). */
export function readPublish(b: Buffer, start: number, body: number, end: number): Publish {
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
  // Properties (none are acted on): skipped.
  p = afterProperties(b, p);
  if (p > end) throw new RangeError('PUBLISH fields run past the packet');
  return { qos, id, topic, payload: b.subarray(p, end) };
}

/** CONNACK: whether the broker kept a session for this client, and its reason code (0 = accepted). */
export function readConnack(b: Buffer, body: number): { sessionPresent: boolean; reason: number } {
  return { sessionPresent: (b[body]! & 1) === 1, reason: b[body + 1]! };
}

/** SUBACK: true when the broker refused any of the filters (a reason code ≥ 0x80). */
export function subackRefused(b: Buffer, body: number, end: number): boolean {
  // Packet id (2), properties, then one reason code per filter.
  const p = afterProperties(b, body + 2);
  return [...b.subarray(p, end)].some((code) => code >= 0x80);
}

/**
 * Cuts a byte stream into MQTT packets. A packet larger than one read arrives in pieces: they are
 * kept aside until it is whole and joined once (joining on every read would copy a large message
 * over and over).
 */
export class PacketReader {
  private pending: Buffer[] | null = null;
  private pendingBytes = 0;
  /** Bytes the first packet in `pending` needs in all (0: its header is not complete yet). */
  private pendingNeed = 0;

  /**
   * Calls onPacket(b, start, body, end) for every whole packet in what has arrived: its first
   * byte at `start`, its variable header at `body`, its end at `end`. Throws on a malformed
   * fixed header (a remaining length of more than four bytes).
   */
  push(chunk: Buffer, onPacket: (b: Buffer, start: number, body: number, end: number) => void): void {
    if (this.pending) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes < this.pendingNeed) return;
    }
    const b = this.pending ? Buffer.concat(this.pending, this.pendingBytes) : chunk;
    this.pending = null;
    this.pendingBytes = 0;
    this.pendingNeed = 0;
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
        if (q >= pos + 5) throw new RangeError('malformed remaining length');
        break;
      }
      if (q + len > b.length) {
        this.pendingNeed = q + len - pos;
        break;
      }
      onPacket(b, pos, q, q + len);
      pos = q + len;
    }
    if (pos < b.length) {
      this.pending = [b.subarray(pos)];
      this.pendingBytes = b.length - pos;
    }
  }
}
