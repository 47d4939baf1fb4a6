import { PayloadError, parseAck, parseStatus, parseTopic } from '@cityloop/domain';
import { MQTT_ACTOR } from '../actor.js';
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
 * as `system:mqtt`), and for a message with readings a promise the transport holds the message's
 * PUBACK on until they are committed. The embedded broker calls it from authorizePublish, the
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
        if (device.status !== 'online') this.serial(device, () => this.online(device, receivedAt));
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
          this.serial(device, () => this.online(device, receivedAt));
        } else
          this.serial(
            device,
            async () => void (await this.s.devices.setStatus(device, 'offline', receivedAt)),
          );
        return undefined;
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
        this.serial(device, () => this.s.commands.onAck(device, ack, MQTT_ACTOR));
        return undefined;
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

  private serial(device: DeviceEntry, fn: () => Promise<void>): void {
    const prev = this.chains.get(device.id) ?? Promise.resolve();
    const next = prev
      .then(fn)
      .catch((err: unknown) => this.log(`handling a message of ${device.id} failed`, err))
      .finally(() => {
        if (this.chains.get(device.id) === next) this.chains.delete(device.id);
      });
    this.chains.set(device.id, next);
  }

  /** Resolves when status and ack handling queued so far is done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }
}
