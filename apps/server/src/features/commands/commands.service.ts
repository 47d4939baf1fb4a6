import { actingUser, eventActor, type Actor } from '../../actor.js';
import {
  COMMAND_TIMING,
  DomainError,
  applyAck,
  commandDeadline,
  commandDef,
  commandTransition,
  confirmCommand,
  describeViolations,
  initialCommandState,
  validateCommand,
  type AckPayload,
  type CommandPayload,
  type CommandRequest,
  type CommandState,
  type CommandTiming,
} from '@cityloop/domain';
import type { CommandListQuery, CommandView } from '@cityloop/domain/api';
import type { Db, Queryable } from '../../db/db.js';
import type { EntityNamer } from '../audit/audit.log.js';
import type { EventBus } from '../../events/bus.js';
import type { SessionUser } from '../../http/access.js';
import { audit } from '../audit/audit.service.js';
import type { DeviceEntry } from '../devices/devices.service.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import { ALARM_READERS } from '../alarms/alarms.service.js';
import type { TelemetryOffer } from '../telemetry/telemetry.module.js';
import * as repo from './commands.repository.js';

/** Sends a command to a device over MQTT (QoS 1); resolves when the broker has taken it. */
export interface CommandPublisher {
  publish(deviceId: string, payload: CommandPayload): Promise<void>;
}

/**
 * Remote commands: range interlocks (validateCommand, with the step measured from the latest
 * reading), the second operator's confirmation of critical commands, dispatch when the device is
 * online (else queued until it expires), acks driving the state, deadlines run by the scheduler.
 * Every change is a command_events row in the same transaction; moves are conditional on the
 * state read, so an ack racing a timeout or two nodes dispatching cannot both win.
 */
export class CommandService {
  private publisher: CommandPublisher | null = null;
  timing: CommandTiming = { ...COMMAND_TIMING };

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly devices: DevicesOffer,
    private readonly telemetry: TelemetryOffer,
    private readonly log: (msg: string, err?: unknown) => void = () => undefined,
  ) {}

  /** The MQTT side, once the ingest role has connected it. */
  attachPublisher(p: CommandPublisher | null): void {
    this.publisher = p;
  }

  private deadline(state: CommandState, at: Date): Date | null {
    const d = commandDeadline(state, at.getTime(), this.timing);
    return d ? new Date(d.at) : null;
  }

  async request(deviceId: string, body: CommandRequest, actor: Actor): Promise<CommandView> {
    const user = actingUser(actor);
    const device = this.devices.mustGet(deviceId);
    const def = commandDef(device.profile, body.name);
    const params = body.params ?? {};
    const stepMetric = def?.params?.find((p) => p.maxStep !== undefined)?.currentMetric;
    const current = stepMetric ? await this.telemetry.currentValue(device, stepMetric) : undefined;
    const violations = validateCommand(device.profile, body.name, params, current);
    if (!def || violations.length > 0) {
      throw new DomainError('command.rejected', describeViolations(violations), {
        violations,
        ...(current !== undefined ? { current } : {}),
      });
    }
    const at = new Date();
    const state = initialCommandState(def);
    const row = await this.db.tx(async (q) => {
      const cmd = await repo.insertCommand(q, {
        deviceId,
        name: body.name,
        params,
        critical: def.critical,
        state,
        requestedBy: user.id,
        requestedByName: user.displayName,
        requestedByNameEn: user.displayNameEn,
        at,
        deadlineAt: this.deadline(state, at),
        current: current ?? null,
      });
      await repo.insertEvent(q, {
        commandId: cmd.id,
        event: 'request',
        fromState: null,
        toState: state,
        ...eventActor(actor),
        at,
        detail: { params, ...(current !== undefined ? { current } : {}) },
      });
      await audit(q, actor, {
        action: 'command.request',
        entity: 'command',
        entityId: cmd.id,
        after: { deviceId, name: body.name, params },
      });
      return cmd;
    });
    await this.announce(row);
    if (row.state === 'queued') return this.view(await this.dispatch(row, actor));
    return this.view(row);
  }

  /** A second operator confirms a critical command, which is then sent (or queued). */
  async confirm(id: number, actor: Actor): Promise<CommandView> {
    const user = actingUser(actor);
    const row = await this.mustGet(id);
    const at = new Date();
    let next: CommandState;
    try {
      next = confirmCommand(
        { state: row.state, requestedBy: row.requested_by, requestedAt: row.requested_at.getTime() },
        user.id,
        at.getTime(),
        this.timing.confirmationWindowS,
      );
    } catch (err) {
      if (err instanceof DomainError && err.code === 'command.confirmation_expired')
        await this.move(row, 'expire', at, actor);
      throw err;
    }
    const moved = await this.db.tx(async (q) => {
      const m = await repo.moveCommand(q, id, row.state, next, {
        at,
        deadlineAt: this.deadline(next, at),
        confirmedBy: user.id,
        confirmedByName: user.displayName,
        confirmedByNameEn: user.displayNameEn,
      });
      if (!m) throw new DomainError('command.invalid_transition', 'The command changed meanwhile');
      await repo.insertEvent(q, {
        commandId: id,
        event: 'confirm',
        fromState: row.state,
        toState: next,
        ...eventActor(actor),
        at,
      });
      await audit(q, actor, { action: 'command.confirm', entity: 'command', entityId: id });
      return m;
    });
    await this.announce(moved);
    return this.view(await this.dispatch(moved, actor));
  }

  /** A second operator refuses a critical command. */
  async reject(id: number, comment: string | undefined, actor: Actor): Promise<CommandView> {
    actingUser(actor);
    const row = await this.mustGet(id);
    commandTransition(row.state, 'reject');
    const moved = await this.move(row, 'reject', new Date(), actor, {
      message: comment ?? null,
      audited: true,
    });
    if (!moved) throw new DomainError('command.invalid_transition', 'The command changed meanwhile');
    return this.view(moved);
  }

  /**
   * Applies one state machine event to a command, if it is still in the state it was read in. The
   * event names its actor: an operator, a device's ack (`system:mqtt`), a deadline (`system:scheduler`);
   * an operator's own decision is audited too.
   */
  private async move(
    row: repo.CommandRow,
    event: Parameters<typeof commandTransition>[1],
    at: Date,
    actor: Actor,
    o: { message?: string | null; detail?: Record<string, unknown> | null; audited?: boolean } = {},
  ): Promise<repo.CommandRow | null> {
    const message = o.message ?? null;
    const detail = o.detail ?? null;
    const next = commandTransition(row.state, event);
    const moved = await this.db.tx(async (q: Queryable) => {
      const m = await repo.moveCommand(q, row.id, row.state, next, {
        at,
        deadlineAt: this.deadline(next, at),
        ...(message !== null ? { message } : {}),
      });
      if (!m) return null;
      await repo.insertEvent(q, {
        commandId: row.id,
        event,
        fromState: row.state,
        toState: next,
        ...eventActor(actor),
        at,
        detail: message !== null ? { ...detail, message } : detail,
      });
      if (o.audited)
        await audit(q, actor, {
          action: `command.${event}`,
          entity: 'command',
          entityId: row.id,
          after: { message },
        });
      return m;
    });
    if (moved) await this.announce(moved);
    return moved;
  }

  /** Publishes a queued command when its device is online; otherwise it stays queued. */
  private async dispatch(row: repo.CommandRow, actor: Actor): Promise<repo.CommandRow> {
    const device = this.devices.byId(row.device_id);
    const publisher = this.publisher;
    if (row.state !== 'queued' || !device || device.status !== 'online' || !publisher) return row;
    const sent = await this.move(row, 'send', new Date(), actor);
    if (!sent) return (await repo.getCommand(this.db, row.id)) ?? row;
    try {
      await publisher.publish(device.id, {
        id: String(row.id),
        name: row.name,
        params: row.params,
        ts: Date.now(),
      });
    } catch (err) {
      // The command stays sent; without an ack it times out and the operator sees it.
      this.log(`command ${row.id}: publish to ${device.id} failed`, err);
    }
    return sent;
  }

  /** The device came online: send what waited for it. */
  async onDeviceOnline(device: DeviceEntry, actor: Actor): Promise<void> {
    for (const row of await repo.queuedFor(this.db, device.id)) await this.dispatch(row, actor);
  }

  /** A device's ack; repeated or stale acks (QoS 1 duplicates) change nothing. */
  async onAck(device: DeviceEntry, ack: AckPayload, actor: Actor): Promise<void> {
    const id = Number(ack.id);
    if (!Number.isSafeInteger(id)) return;
    const event = ack.status === 'delivered' ? 'deliver' : ack.status === 'succeeded' ? 'succeed' : 'fail';
    // Acks of one command may be handled concurrently ("delivered" and "succeeded" back to back):
    // a move that lost the race re-reads the state and tries again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await repo.getCommand(this.db, id);
      if (!row || row.device_id !== device.id) return;
      if (applyAck(row.state, ack.status) === null) return;
      const o = { message: ack.message ?? null, detail: { deviceTs: ack.ts } };
      if (await this.move(row, event, new Date(), actor, o)) return;
    }
  }

  /** Expires and times out commands past their deadline (the scheduler, under a lease). */
  async expireDue(now: Date, actor: Actor): Promise<number> {
    let n = 0;
    for (const row of await repo.due(this.db, now)) {
      const d = commandDeadline(row.state, row.state_since.getTime(), this.timing);
      if (!d) continue;
      if (await this.move(row, d.event, now, actor)) n++;
    }
    return n;
  }

  private async mustGet(id: number): Promise<repo.CommandRow> {
    const row = await repo.getCommand(this.db, id);
    if (!row) throw new DomainError('command.not_found');
    return row;
  }

  private visible(deviceId: string, user: SessionUser): boolean {
    if (user.jurisdiction.level !== 'department') return true;
    return this.devices.byId(deviceId)?.departmentId === user.departmentId;
  }

  async get(id: number, actor: Actor) {
    const user = actingUser(actor);
    const row = await this.mustGet(id);
    if (!this.visible(row.device_id, user)) throw new DomainError('command.not_found');
    const events = await repo.eventsOf(this.db, id);
    return {
      ...this.view(row),
      events: events.map((e) => ({
        id: e.id,
        event: e.event,
        fromState: e.from_state,
        toState: e.to_state,
        actorName: e.actor_name,
        at: e.at.toISOString(),
        detail: e.detail,
      })),
    };
  }

  async list(query: CommandListQuery, actor: Actor) {
    const user = actingUser(actor);
    const limit = query.limit ?? 100;
    let deviceIds = query.deviceId ? [query.deviceId] : undefined;
    if (user.jurisdiction.level === 'department') {
      const own = [...this.devices.all()]
        .filter((d) => d.departmentId === user.departmentId)
        .map((d) => d.id);
      deviceIds = deviceIds ? deviceIds.filter((id) => own.includes(id)) : own;
    }
    const rows = await repo.listCommands(this.db, {
      deviceIds,
      state: query.state,
      before: query.before,
      limit,
    });
    return {
      items: rows.map((r) => this.view(r)),
      nextBefore: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
    };
  }

  view(row: repo.CommandRow): CommandView {
    const device = this.devices.byId(row.device_id);
    const def = device ? commandDef(device.profile, row.name) : undefined;
    return {
      id: row.id,
      deviceId: row.device_id,
      deviceName: device?.name ?? row.device_id,
      deviceType: device?.profile.type ?? '',
      name: row.name,
      label: def?.label ?? row.name,
      params: row.params,
      critical: row.critical,
      state: row.state,
      requestedBy: row.requested_by_name,
      requestedByEn: row.requested_by_name_en,
      requestedById: row.requested_by,
      requestedAt: row.requested_at.toISOString(),
      confirmedBy: row.confirmed_by_name,
      confirmedByEn: row.confirmed_by_name_en,
      confirmedAt: row.confirmed_at?.toISOString() ?? null,
      stateSince: row.state_since.toISOString(),
      deadlineAt: row.deadline_at?.toISOString() ?? null,
      message: row.message,
      current: row.current_value,
    };
  }

  /** Commands as the audit log names them: the station and the command ("花园社区加压泵站1号 · 设定出水压力"). */
  readonly auditNamer: EntityNamer = {
    names: async (ids) => {
      const rows = await repo.getCommands(this.db, ids.map(Number).filter(Number.isSafeInteger));
      return new Map(
        rows.map((r) => {
          const device = this.devices.byId(r.device_id);
          const def = device ? commandDef(device.profile, r.name) : undefined;
          const station = device?.name ?? r.device_id;
          return [
            String(r.id),
            {
              name: `${station} · ${def?.label ?? r.name}`,
              nameEn: `${station} · ${def?.labelEn ?? r.name}`,
            },
          ];
        }),
      );
    },
  };

  private async announce(row: repo.CommandRow): Promise<void> {
    const device = this.devices.byId(row.device_id);
    await this.bus.publish({
      type: 'command.updated',
      scope: {
        roles: [...ALARM_READERS],
        // null too: a unit's staff see only their own devices' commands, as the command list does.
        departmentId: device?.departmentId ?? null,
      },
      data: this.view(row) as unknown as Record<string, unknown>,
    });
  }
}
