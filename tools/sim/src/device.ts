import mqtt, { type MqttClient } from 'mqtt';
import {
  deviceTopics,
  parseCommand,
  PayloadError,
  type AckPayload,
  type StatusPayload,
  type TelemetryPoint,
} from '@cityloop/domain/telemetry/index';
import type { Rng } from './environment.js';
import { applyCommand } from './commands.js';
import {
  faultUntil,
  FAULT_KINDS,
  injectFault,
  isOffline,
  stepModel,
  type DeviceModel,
  type FaultKind,
} from './models.js';

/**
 * One simulated device on its own MQTT connection: publishes telemetry at its interval, answers
 * commands, and plays the link faults of its model (dropping off abruptly so the broker sends its
 * last will, then coming back and forwarding what it measured meanwhile as a batch).
 */

export interface DeviceCounters {
  telemetry: number;
  readings: number;
  commands: number;
  acks: number;
  faults: number;
  errors: number;
}

export interface DeviceOptions {
  id: string;
  token: string;
  url: string;
  intervalMs: number;
  model: DeviceModel;
  rng: Rng;
  /** Timing jitter has its own stream so it cannot shift the model's random draws. */
  jitter: Rng;
  faults: boolean;
  commandDelayMs?: number;
  counters: DeviceCounters;
  log: (line: string) => void;
}

// What an RTU keeps while its link is down; older points are dropped first.
const MAX_BUFFERED_POINTS = 100;
// Recent command ids: QoS 1 may deliver a command twice and it must not run twice.
const MAX_REMEMBERED_COMMANDS = 50;

export class SimDevice {
  readonly id: string;
  private model: DeviceModel;
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private buffer: TelemetryPoint[] = [];
  private readonly handled = new Map<string, AckPayload | null>();
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** The last connection error logged; repeats are counted but not logged again. */
  private lastLinkError: string | null = null;
  /** The connection was refused (wrong token): retrying will not help. */
  failed = false;

  constructor(private readonly o: DeviceOptions) {
    this.id = o.id;
    this.model = o.model;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  get offline(): boolean {
    return isOffline(this.model, Date.now());
  }

  /** Connects and starts reporting; resolves once the first connection attempt has settled. */
  async start(): Promise<void> {
    if (this.stopped) return;
    const first = this.connect();
    // Spread the fleet's publishes over the interval instead of bursting them together.
    this.schedule(this.o.jitter() * this.o.intervalMs);
    await first;
  }

  injectFault(kind: FaultKind, durationMs: number): void {
    this.model = injectFault(this.model, kind, Date.now(), durationMs);
    this.o.counters.faults++;
    this.o.log(`${this.id}: fault ${kind} for ${Math.round(durationMs / 1000)} s`);
    this.syncLink();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.pending) clearTimeout(t);
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.connected) {
      // A clean shutdown says goodbye itself; the last will is for when it cannot.
      await this.publish(client, deviceTopics.status(this.id), this.status('offline')).catch(() => undefined);
      await client.endAsync().catch(() => undefined);
    } else {
      await client.endAsync(true).catch(() => undefined);
    }
  }

  /**
   * Like mqtt.connectAsync, but keeps hold of the client from the start: connectAsync only hands
   * it over once connected, so a device whose broker is down could never be stopped.
   */
  private connect(): Promise<void> {
    const client = mqtt.connect(this.o.url, {
      clientId: this.id,
      username: this.id,
      password: this.o.token,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: 2000 + Math.round(this.o.jitter() * 3000),
      // The will is fixed at connect time, ts included: a receiver should rely on its receipt time.
      will: {
        topic: deviceTopics.status(this.id),
        payload: Buffer.from(this.status('offline')),
        qos: 1,
        retain: false,
      },
    });
    this.client = client;
    client.on('message', (topic, payload) => this.onCommand(client, topic, payload));
    client.on('connect', () => {
      this.lastLinkError = null;
      // Clean sessions forget subscriptions, so every (re)connect subscribes again.
      client.subscribe(deviceTopics.commands(this.id), { qos: 1 }, (err) => {
        if (err) this.error(`subscribe: ${err.message}`);
      });
      void this.publish(client, deviceTopics.status(this.id), this.status('online')).catch(() => undefined);
      this.flush(client);
    });
    return new Promise<void>((resolve) => {
      client.once('connect', () => resolve());
      client.once('end', () => resolve());
      client.on('error', (err) => {
        // CONNACK refusals (bad username or password, not authorised) are final.
        if (err instanceof mqtt.ErrorWithReasonCode) {
          this.failed = true;
          this.error(`connection refused: ${err.message}`);
          client.end(true);
          if (this.client === client) this.client = null;
        } else if (err.message !== this.lastLinkError) {
          // A broker that is down fails every reconnect the same way: say it once per outage.
          this.lastLinkError = err.message;
          this.error(err.message);
        } else {
          this.o.counters.errors++;
        }
        resolve();
      });
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick();
      this.schedule(this.o.intervalMs * (0.9 + 0.2 * this.o.jitter()));
    }, delayMs);
  }

  private tick(): void {
    const now = Date.now();
    const before = this.model.faults;
    this.model = stepModel(this.model, now, this.o.rng, { faults: this.o.faults });
    const started = FAULT_KINDS.filter((k) => faultUntil(this.model.faults, k) !== faultUntil(before, k));
    if (started.length > 0) {
      this.o.counters.faults += started.length;
      this.o.log(`${this.id}: random fault ${started.join(', ')}`);
    }
    this.syncLink();
    this.buffer.push({ v: 1, ts: now, values: { ...this.model.values } });
    if (this.buffer.length > MAX_BUFFERED_POINTS) this.buffer.shift();
    if (this.client?.connected) this.flush(this.client);
  }

  /** Drops or restores the link to match the model's offline fault. */
  private syncLink(): void {
    if (this.stopped || this.failed) return;
    const offline = isOffline(this.model, Date.now());
    if (offline && this.client) {
      // Forced end closes the socket without DISCONNECT: to the broker this is a lost device.
      this.client.end(true);
      this.client = null;
    } else if (!offline && !this.client) {
      void this.connect();
    }
  }

  private flush(client: MqttClient): void {
    if (this.buffer.length === 0) return;
    const points = this.buffer;
    this.buffer = [];
    const payload = JSON.stringify(points.length === 1 ? points[0] : points);
    this.publish(client, deviceTopics.telemetry(this.id), payload).then(
      () => {
        this.o.counters.telemetry++;
        this.o.counters.readings += points.reduce((n, p) => n + Object.keys(p.values).length, 0);
      },
      (err: unknown) => this.error(`publish: ${String(err)}`),
    );
  }

  private onCommand(client: MqttClient, topic: string, payload: Buffer): void {
    if (topic !== deviceTopics.commands(this.id)) return;
    let cmd;
    try {
      cmd = parseCommand(payload);
    } catch (e) {
      // Without a readable id there is nobody to answer.
      this.error(`bad command: ${e instanceof PayloadError ? e.reason : String(e)}`);
      return;
    }
    const seen = this.handled.get(cmd.id);
    if (seen !== undefined) {
      // A redelivered command: repeat the outcome (if any yet) rather than act twice.
      if (seen) this.ack(client, seen);
      return;
    }
    this.remember(cmd.id, null);
    this.o.counters.commands++;
    this.ack(client, { id: cmd.id, status: 'delivered', ts: Date.now() });

    const delay = this.o.commandDelayMs ?? 500 + 1000 * this.o.jitter();
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      this.model = stepModel(this.model, Date.now(), this.o.rng, { faults: false });
      const outcome = applyCommand(this.model, cmd.name, cmd.params ?? {});
      this.model = outcome.model;
      const ack: AckPayload = { id: cmd.id, status: outcome.ok ? 'succeeded' : 'failed', ts: Date.now() };
      if (outcome.message) ack.message = outcome.message;
      this.remember(cmd.id, ack);
      this.o.log(`${this.id}: ${cmd.name} ${JSON.stringify(cmd.params ?? {})} → ${ack.status}`);
      const current = this.client;
      if (current) {
        this.ack(current, ack);
        // Report the effect right away instead of at the next interval.
        if (outcome.ok) this.tick();
      }
    }, delay);
    this.pending.add(timer);
  }

  private remember(id: string, ack: AckPayload | null): void {
    this.handled.set(id, ack);
    if (this.handled.size > MAX_REMEMBERED_COMMANDS) {
      const oldest = this.handled.keys().next().value;
      if (oldest !== undefined) this.handled.delete(oldest);
    }
  }

  private ack(client: MqttClient, ack: AckPayload): void {
    this.publish(client, deviceTopics.ack(this.id), JSON.stringify(ack)).then(
      () => this.o.counters.acks++,
      (err: unknown) => this.error(`ack: ${String(err)}`),
    );
  }

  private status(status: StatusPayload['status']): string {
    return JSON.stringify({ status, ts: Date.now() } satisfies StatusPayload);
  }

  private async publish(client: MqttClient, topic: string, payload: string): Promise<void> {
    await client.publishAsync(topic, payload, { qos: 1 });
  }

  private error(message: string): void {
    this.o.counters.errors++;
    this.o.log(`${this.id}: ${message}`);
  }
}
