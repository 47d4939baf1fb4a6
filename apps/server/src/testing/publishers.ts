import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { expect } from 'vitest';
import { deviceTopics } from '@cityloop/domain';
import { loginOver } from './nodeProcess.js';

/**
 * Devices for tests that run nodes as processes (crash, cluster): registered over HTTP, publishing
 * at QoS 1 with real MQTT clients, and the check that what they saw acknowledged is stored once.
 */

/** QoS 1 messages each device keeps in flight. */
const WINDOW = 20;

/** Nodes started for a test: without the demo city (quicker), with this administrator's password. */
export const ADMIN_PASSWORD = 'node-test-admin';
export const NODE_ENV = { DEMO: 'false', ADMIN_PASSWORD };

export interface Device {
  id: string;
  token: string;
}

/** Registers `n` pressure points through the API, as an administrator would. */
export async function registerDevices(httpUrl: string, n: number): Promise<Device[]> {
  const cookie = await loginOver(httpUrl, 'admin', ADMIN_PASSWORD);
  const suffix = randomBytes(3).toString('hex');
  const out: Device[] = [];
  for (let k = 0; k < n; k++) {
    const id = `node-test-${suffix}-${k}`;
    const res = await fetch(`${httpUrl}/api/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ id, type: 'pressure_point', name: `压力点${k}`, lon: 121.4, lat: 37.53 }),
    });
    if (res.status !== 200) throw new Error(`creating ${id}: ${await res.text()}`);
    out.push({ id, token: ((await res.json()) as { token: string }).token });
  }
  return out;
}

/**
 * Devices publishing distinct readings (one a second of device time) with a window of messages in
 * flight; `acked` holds, per device, the ts of every reading whose PUBACK came back.
 */
export class Publishers {
  readonly acked = new Map<string, Set<number>>();
  private stopped = false;
  private running: Promise<void>[] = [];
  private readonly clients: MqttClient[] = [];
  private waiters: Array<{ n: number; resolve: () => void }> = [];
  readonly base = Date.now() - 3_600_000;

  get total(): number {
    let n = 0;
    for (const s of this.acked.values()) n += s.size;
    return n;
  }

  async start(url: string, devices: readonly Device[], perDevice: number): Promise<void> {
    for (const d of devices) {
      const c = await mqtt.connectAsync(url, {
        clientId: d.id,
        username: d.id,
        password: d.token,
        reconnectPeriod: 0,
        // A real device that restarts its session: a clean one (the broker's copy is not needed).
        clean: true,
      });
      c.on('error', () => undefined);
      this.clients.push(c);
      const acked = new Set<number>();
      this.acked.set(d.id, acked);
      this.running.push(this.run(c, d, perDevice, acked));
    }
  }

  private async run(c: MqttClient, d: Device, perDevice: number, acked: Set<number>): Promise<void> {
    let inFlight = 0;
    let free: (() => void) | null = null;
    // A lost connection answers no more PUBACKs: stop waiting for them.
    c.on('close', () => {
      const f = free;
      free = null;
      f?.();
    });
    for (let i = 0; i < perDevice && !this.stopped && c.connected; i++) {
      while (inFlight >= WINDOW && c.connected) await new Promise<void>((r) => (free = r));
      if (this.stopped || !c.connected) break;
      const ts = this.base + i * 1000;
      inFlight++;
      c.publish(
        deviceTopics.telemetry(d.id),
        JSON.stringify({ ts, values: { pressure: 0.3 + (i % 50) / 1000 } }),
        { qos: 1 },
        (err) => {
          inFlight--;
          if (!err) {
            acked.add(ts);
            this.reached();
          }
          const f = free;
          free = null;
          f?.();
        },
      );
    }
    while (inFlight > 0 && c.connected) await new Promise<void>((r) => (free = r));
  }

  private reached(): void {
    const total = this.total;
    this.waiters = this.waiters.filter((w) => {
      if (total < w.n) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once the devices have seen `n` PUBACKs in all. */
  ackedAtLeast(n: number): Promise<void> {
    if (this.total >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  /** Resolves when every device has published its readings (or lost its connection). */
  async finished(): Promise<void> {
    await Promise.all(this.running);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.clients.map((c) => c.endAsync(true).catch(() => undefined)));
  }
}

/** Every acked reading is stored exactly once: `rows` are (device, ts, copies) read back. */
export function expectStoredOnce(
  acked: ReadonlyMap<string, ReadonlySet<number>>,
  rows: ReadonlyArray<{ device: string; ts: number; n: number }>,
): void {
  const stored = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let m = stored.get(r.device);
    if (!m) stored.set(r.device, (m = new Map()));
    m.set(r.ts, r.n);
  }
  const missing: string[] = [];
  for (const [device, set] of acked)
    for (const ts of set) if (!stored.get(device)?.has(ts)) missing.push(`${device}@${ts}`);
  expect(missing, `acknowledged but not stored: ${missing.slice(0, 10).join(', ')}`).toEqual([]);
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
}
