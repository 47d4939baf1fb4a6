import { describe, expect, it } from 'vitest';
import { PacketReader, connectPacket, pubackPackets, readPublish } from './codec.js';

describe('MQTT codec', () => {
  it('asks the broker to keep the session (Clean Start 0 and a Session Expiry Interval) when given one', () => {
    const clean = connectPacket({ clientId: 'n', keepaliveS: 30 });
    const kept = connectPacket({ clientId: 'n', keepaliveS: 30, sessionExpiryS: 3600 });
    // Fixed header (2), protocol name (6), level (1), then the connect flags.
    expect(clean[9]! & 0x02).toBe(0x02);
    expect(kept[9]! & 0x02).toBe(0);
    // Properties: their length, then 0x11 and the interval in four bytes.
    expect([...kept.subarray(12, 18)]).toEqual([5, 0x11, 0, 0, 0x0e, 0x10]);
    // MQTT 3.1.1 has no session expiry: its clean-session flag stays as it was.
    expect(connectPacket({ level: 4, clientId: 'n', keepaliveS: 0, sessionExpiryS: 60 })[9]! & 0x02).toBe(2);
  });

  it('cuts a stream into packets however it is split, and reads PUBLISH and PUBACK fields', () => {
    // Two QoS 1 PUBLISHes (MQTT 5: empty properties) and a PINGRESP, fed a byte at a time.
    const publish = (id: number, payload: string) => {
      const body = Buffer.concat([Buffer.from([0, 1, 0x74, id >> 8, id & 0xff, 0]), Buffer.from(payload)]);
      return Buffer.concat([Buffer.from([0x32, body.length]), body]);
    };
    const stream = Buffer.concat([publish(7, 'abc'), publish(300, ''), Buffer.from([0xd0, 0])]);
    const reader = new PacketReader();
    const got: string[] = [];
    for (const byte of stream)
      reader.push(Buffer.from([byte]), (b, start, body, end) => {
        if (b[start]! >> 4 === 3) {
          const m = readPublish(b, start, body, end);
          got.push(`${m.topic}:${m.id}:${m.qos}:${m.payload.toString()}`);
        } else got.push(`type ${b[start]! >> 4}`);
      });
    expect(got).toEqual(['t:7:1:abc', 't:300:1:', 'type 13']);
    expect([...pubackPackets([7, 300], 0, 2)]).toEqual([0x40, 2, 0, 7, 0x40, 2, 1, 44]);
  });
});
