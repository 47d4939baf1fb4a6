import { DomainError } from '@cityloop/domain';
import type { EmergencyPonding, EmergencyPondingBody } from '@cityloop/domain/api';
import { PONDING_TARGET_MIN } from '@cityloop/domain/emergency/resources';
import { eventActor, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { DevicesOffer } from '../devices/devices.module.js';
import * as ops from './emergency.ops.repository.js';
import * as repo from './emergency.repository.js';
import type { EmergencyService } from './emergency.service.js';

const DAY = 86_400_000;

/** A point's depth now, as the trigger evaluation read it. */
export interface DepthNow {
  deviceId: string;
  cm: number;
  /** When the gauge measured it. */
  ts: number;
  yellowCm: number;
}

/**
 * Ponding (积水) per point: an episode starts when a gauge's reading reaches the point's yellow
 * depth and ends at its first reading back under it; staff may also report one (start and end).
 * Its duration is held against the target (docs: cleared within 2 h).
 */
export class EmergencyPondingLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly service: EmergencyService,
    private readonly devices: DevicesOffer,
  ) {}

  /** Called by each trigger evaluation with the reporting points (silent ones are left as they are). */
  async track(depths: readonly DepthNow[]): Promise<number> {
    const open = new Map((await ops.openPonding(this.db)).map((p) => [p.device_id, p]));
    let changed = 0;
    for (const d of depths) {
      const ep = open.get(d.deviceId);
      const over = d.cm >= d.yellowCm;
      if (over && !ep) {
        const made = await ops.startPonding(this.db, {
          deviceId: d.deviceId,
          source: 'sensor',
          at: new Date(d.ts),
          cm: d.cm,
          by: null,
        });
        if (made) changed++;
      } else if (over && ep && (ep.peak_cm ?? 0) < d.cm) await ops.raisePeak(this.db, ep.id, d.cm);
      else if (!over && ep?.source === 'sensor' && d.ts > ep.started_at.getTime()) {
        if (await ops.endPonding(this.db, ep.id, new Date(d.ts))) changed++;
      }
    }
    if (changed) await this.service.announce('emergency.ponding', { changed });
    return changed;
  }

  private present(p: ops.PondingRow, now: number): EmergencyPonding {
    const end = p.ended_at?.getTime() ?? now;
    const minutes = Math.round((end - p.started_at.getTime()) / 6_000) / 10;
    return {
      id: p.id,
      deviceId: p.device_id,
      name: this.devices.byId(p.device_id)?.name ?? null,
      source: p.source,
      startedAt: p.started_at.toISOString(),
      endedAt: p.ended_at?.toISOString() ?? null,
      minutes,
      peakCm: p.peak_cm,
      targetMin: PONDING_TARGET_MIN,
      met: minutes > PONDING_TARGET_MIN ? false : p.ended_at ? true : null,
    };
  }

  /** Episodes lasting now and those of the last day (or of a response's window). */
  async list(window?: { from: Date; to: Date | null }): Promise<EmergencyPonding[]> {
    const now = this.clock.now();
    const w = window ?? { from: new Date(now.getTime() - DAY), to: null };
    return (await ops.pondingBetween(this.db, w.from, w.to)).map((p) => this.present(p, now.getTime()));
  }

  /** Staff report ponding at a point: its start (it lasts until they end it) or start and end. */
  async reportPonding(body: EmergencyPondingBody, actor: Actor): Promise<EmergencyPonding> {
    if (!this.devices.byId(body.deviceId))
      throw new DomainError('emergency.not_found', `No point ${body.deviceId}`);
    const from = new Date(body.startedAt);
    const to = body.endedAt ? new Date(body.endedAt) : null;
    const now = this.clock.now();
    if (from > now || (to && (to < from || to > now)))
      throw new DomainError('validation.failed', 'Ponding starts before it ends, and not in the future');
    const who = eventActor(actor);
    const row = await this.db.tx(async (q) => {
      const r = to
        ? await ops.insertReportedPonding(q, { deviceId: body.deviceId, from, to, by: who.actorName })
        : await ops.startPonding(q, {
            deviceId: body.deviceId,
            source: 'reported',
            at: from,
            cm: null,
            by: who.actorName,
          });
      if (!r) throw new DomainError('emergency.invalid_transition', 'Ponding at this point is already open');
      const active =
        (await repo.activeResponseOf(q, 'rainstorm')) ?? (await repo.activeResponseOf(q, 'typhoon'));
      await repo.insertEvent(q, {
        responseId: active?.id ?? null,
        hazard: (active?.hazard as 'rainstorm' | 'typhoon' | undefined) ?? null,
        kind: 'ponding_reported',
        ...who,
        data: { pondingId: r.id, deviceId: body.deviceId },
        at: now,
      });
      return r;
    });
    await this.service.announce('emergency.ponding', { id: row.id });
    return this.present(row, now.getTime());
  }

  /** Ends an open (reported) episode now. */
  async end(id: number, actor: Actor): Promise<EmergencyPonding> {
    const now = this.clock.now();
    const who = eventActor(actor);
    await this.db.tx(async (q) => {
      if (!(await ops.endPonding(q, id, now)))
        throw new DomainError('emergency.invalid_transition', `Ponding ${id} is not open`);
      await repo.insertEvent(q, {
        responseId: null,
        hazard: null,
        kind: 'ponding_ended',
        ...who,
        data: { pondingId: id },
        at: now,
      });
    });
    await this.service.announce('emergency.ponding', { id });
    return (await this.list()).find((p) => p.id === id)!;
  }
}
