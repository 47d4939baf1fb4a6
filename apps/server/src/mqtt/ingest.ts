import { PayloadError, parseAck, parseStatus, parseTopic } from '@cityloop/domain';
import { MQTT_ACTOR } from '../actor.js';
import { isDatabaseAway, untilStored } from '../db/errors.js';
import type { AlarmService } from '../features/alarms/alarms.service.js';
import type { CommandService } from '../features/commands/commands.service.js';
import type { DeviceEntry, DeviceService } from '../features/devices/devices.service.js';
import type { TelemetryService } from '../features/telemetry/telemetry.service.js';

const MAX_CACHED_TOPICS = 300_000;

/**
 * What the upstream topics call: who a message is from and its link status (devices), readings
 * (telemetry), the rules they are judged by (alarms), acks (commands). Each of those modules
 * declares its part as its MQTT handler (`mqtt` in its module); buildApp puts them together.
 */
export interface IngestServices {
  devices: DeviceService;
  telemetry: TelemetryService;
  alarms: AlarmService;
  commands: CommandService;
}

declare module '../modules/module.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface MqttHandlers extends IngestServices {}
}

/**
 * The transport-independent MQTT handler: one upstream message in, the services called (acting
 * as `system:mqtt`), and a promise the transport holds the message's PUBACK on until what it says
 * is committed (readings, a link status, a command's ack). The embedded broker calls it from authorizePublish, the
 * external session (receiver.ts) for every PUBLISH.
 */
export class MqttIngest {
  /** Status and ack handling per device, one at a time and in arrival order. */
  private readonly chains = new Map<string, Promise<void>>();
  /**
   * Parsed topics: a fleet publishes on a fixed set of them, and a Map lookup costs a fraction
   * of splitting and checking the topic again for every message. Bounded (cleared when full).
   */
  private readonly topics = new Map<string, ReturnType<typeof parseTopic>>();
  private closing = false;

  constructor(
    private readonly s: IngestServices,
    private readonly log: (msg: string, err?: unknown) => void,
  ) {}

  handle(topic: string, payload: Uint8Array, receivedAt: number): Promise<void> | undefined {
    let parsed = this.topics.get(topic);
    if (parsed === undefined) {
      parsed = parseTopic(topic);
      if (this.topics.size >= MAX_CACHED_TOPICS) this.topics.clear();
      this.topics.set(topic, parsed);
    }
    if (!parsed) {
      this.s.telemetry.countDrop(null, 'bad_topic', receivedAt);
      return undefined;
    }
    const device = this.s.devices.byId(parsed.deviceId);
    if (!device) {
      this.s.telemetry.countDrop(null, 'unknown_device', receivedAt);
      return undefined;
    }
    switch (parsed.kind) {
      case 'telemetry': {
        const { readings, wait } = this.s.telemetry.ingest(device, payload, receivedAt);
        // Only a device that says something usable is alive; garbage is counted, nothing more.
        if (readings.length === 0) return undefined;
        this.s.devices.seenAt(device, receivedAt);
        if (device.status !== 'online') void this.serial(device, () => this.online(device, receivedAt));
        this.s.alarms.onReadings(device, readings, receivedAt, MQTT_ACTOR);
        return wait;
      }
      case 'status': {
        let status;
        try {
          status = parseStatus(payload);
        } catch (err) {
          this.countBad(device, err, receivedAt);
          return undefined;
        }
        // Receipt time, not the payload's: a last will carries the ts of its connect.
        if (status.status === 'online') {
          this.s.devices.seenAt(device, receivedAt);
          return this.serial(device, () => this.online(device, receivedAt));
        }
        return this.serial(
          device,
          async () => void (await this.s.devices.setStatus(device, 'offline', receivedAt)),
        );
      }
      case 'ack': {
        let ack;
        try {
          ack = parseAck(payload);
        } catch (err) {
          this.countBad(device, err, receivedAt);
          return undefined;
        }
        this.s.devices.seenAt(device, receivedAt);
        return this.serial(device, () => this.s.commands.onAck(device, ack, MQTT_ACTOR));
      }
    }
  }

  private async online(device: DeviceEntry, at: number): Promise<void> {
    if (await this.s.devices.setStatus(device, 'online', at))
      await this.s.commands.onDeviceOnline(device, MQTT_ACTOR);
  }

  private countBad(device: DeviceEntry, err: unknown, at: number): void {
    if (err instanceof PayloadError) this.s.telemetry.countDrop(device, err.reason, at);
    else this.log(`message from ${device.id} failed`, err);
  }

  /**
   * Runs fn after the device's earlier status and ack messages; while the database is away it is
   * tried again, not dropped. The promise (the message's PUBACK waits on it) settles once fn is
   * stored, or failed for good and logged.
   */
  private serial(device: DeviceEntry, fn: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(device.id) ?? Promise.resolve();
    const handled = prev
      .then(() =>
        untilStored(fn, {
          stop: () => this.closing,
          onError: (err, attempt) => {
            if (attempt === 1 || attempt % 20 === 0)
              this.log(`handling a message of ${device.id} failed (attempt ${attempt}); trying again`, err);
          },
        }),
      )
      .then(
        () => true,
        (err: unknown) => {
          this.log(`handling a message of ${device.id} failed`, err);
          // Given up at shutdown while the database was away: not stored, so never acknowledged
          // (the device sends it again). Any other failure is this message's for good.
          return !isDatabaseAway(err);
        },
      );
    const next = handled.then(() => undefined);
    void next.finally(() => {
      if (this.chains.get(device.id) === next) this.chains.delete(device.id);
    });
    this.chains.set(device.id, next);
    return handled.then((stored) => (stored ? undefined : new Promise<void>(() => undefined)));
  }

  /** Stops retrying: what the database has not taken by now is given up (shutdown). */
  close(): void {
    this.closing = true;
  }

  /** Resolves when status and ack handling queued so far is done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }
}
