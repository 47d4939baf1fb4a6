import { DomainError, maskPhone, type CaseSource } from '@cityloop/domain';
import type {
  CaseRepeats,
  HotlineComplaintBody,
  HotlineComplaintResult,
  HotlineSettings,
  RepeatAlert,
  RepeatAlertList,
  RepeatAlertQuery,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import * as repo from './hotline.repository.js';

/**
 * The residents' channels whose linked reports count as repeat complaints (重复投诉): a resident
 * calling again, writing online or through a partner's app. An inspector's or a device's second
 * report of the same problem is a duplicate, but not a resident's complaint.
 */
export const REPEAT_SOURCES: readonly CaseSource[] = ['hotline', 'web', 'open311'];

/** How long a node trusts the repeat radius it read (another node's change shows within it). */
const RADIUS_FRESH_MS = 30_000;

type Cases = Pick<
  CasesOffer,
  'byId' | 'canSee' | 'report' | 'duplicatesNear' | 'linkedReports' | 'escalateForRepeats' | 'announce'
>;

/**
 * Repeat complaints (重复投诉): a request or complaint at the place and of the category of an open
 * case (within the desk's repeat radius) joins that case as a linked report instead of opening a
 * second one. Every `repeatThreshold` repeats from residents raise the case's urgency one step,
 * write an event on it and alert the supervisors (hotline_repeat_alerts, the live channel).
 */
export class RepeatComplaints {
  constructor(
    private readonly db: Db,
    private readonly time: Clock,
    private readonly bus: EventBus,
    private readonly cases: Cases,
  ) {}

  private radius: { at: number; value: Promise<number> } | null = null;

  /**
   * The repeat radius, which is also every channel's duplicate radius (the cases' intake asks it
   * for each report): read again after a change here at once, else at most every 30 s, for a
   * change made on another node.
   */
  duplicateRadiusM(): Promise<number> {
    const now = performance.now();
    if (!this.radius || now - this.radius.at > RADIUS_FRESH_MS) {
      const value = repo.settings(this.db).then((s) => s.repeat_radius_m);
      const entry = { at: now, value };
      // A failed read is not kept: the next report asks again.
      value.catch(() => {
        if (this.radius === entry) this.radius = null;
      });
      this.radius = entry;
    }
    return this.radius.value;
  }

  async settings(): Promise<HotlineSettings> {
    const s = await repo.settings(this.db);
    return { repeatRadiusM: s.repeat_radius_m, repeatThreshold: s.repeat_threshold };
  }

  async saveSettings(body: HotlineSettings, actor: Actor): Promise<HotlineSettings> {
    const user = actingUser(actor);
    const before = await this.settings();
    await this.db.tx(async (q) => {
      await repo.saveSettings(q, {
        radiusM: body.repeatRadiusM,
        threshold: body.repeatThreshold,
        by: user.id,
        at: this.time.now(),
      });
      await audit(q, actor, {
        action: 'update',
        entity: 'hotline_settings',
        entityId: 1,
        before,
        after: body,
      });
    });
    this.radius = null;
    return this.settings();
  }

  /**
   * Takes a request or complaint: a repeat of the open case it names (`repeatOf`) or of the
   * nearest within the repeat radius, else (or when the seat judged it `separate`) a new case.
   */
  async take(body: HotlineComplaintBody, actor: Actor): Promise<HotlineComplaintResult> {
    actingUser(actor);
    const { repeatRadiusM, repeatThreshold } = await this.settings();
    const report = {
      kind: body.kind,
      category: body.category,
      lon: body.lon,
      lat: body.lat,
      description: body.description.trim(),
      source: 'hotline' as const,
      nature: body.nature,
      ...(body.address?.trim() ? { address: body.address.trim() } : {}),
      ...(body.callerName?.trim() ? { reporterName: body.callerName.trim() } : {}),
      ...(body.callerPhone?.trim() ? { reporterPhone: body.callerPhone.trim() } : {}),
      ...(body.wantsReply !== undefined ? { wantsReply: body.wantsReply } : {}),
      ...(body.urgency ? { urgency: body.urgency } : {}),
      ...(body.idempotencyKey ? { idempotencyKey: body.idempotencyKey } : {}),
    };
    let targetId: number | null = null;
    if (!body.separate) {
      const near = await this.cases.duplicatesNear(body, undefined, actor, repeatRadiusM);
      if (body.repeatOf !== undefined) {
        if (!near.some((c) => c.id === body.repeatOf))
          throw new DomainError(
            'validation.failed',
            `Case ${body.repeatOf} is not an open case of this category within ${repeatRadiusM} m`,
          );
        targetId = body.repeatOf;
      } else {
        targetId = near[0]?.id ?? null;
      }
    }
    if (targetId === null) {
      const r = await this.cases.report(report, actor);
      return { outcome: 'created', case: { id: r.case.id, code: r.case.code }, repeatOf: null };
    }
    const r = await this.cases.report({ ...report, duplicateOf: targetId }, actor);
    const original = await this.cases.byId(this.db, targetId);
    if (!original) throw new DomainError('case.not_found', `Case ${targetId} does not exist`);
    // A retried request (same key) finds the report it made: no second count, no second alert.
    let escalated = false;
    let urgency = original.urgency;
    if (r.created) {
      const result = await this.db.tx(async (q) => {
        const repeats = countRepeats(await this.cases.linkedReports(q, targetId));
        if (repeats === 0 || repeats % repeatThreshold !== 0) return null;
        const e = await this.cases.escalateForRepeats(q, targetId, repeats, actor);
        if (!e) return null;
        await repo.insertAlert(q, {
          caseId: targetId,
          repeats,
          from: e.from,
          to: e.to,
          at: this.time.now(),
        });
        return e;
      });
      if (result) {
        escalated = true;
        urgency = result.to;
        await this.cases.announce(targetId);
        await this.bus.publish({
          type: 'hotline.repeat_alert',
          scope: { roles: ['supervisor', 'shift_leader', 'leader'], areaCode: original.grid_code },
          data: { caseId: targetId, code: original.code, urgency: result.to },
        });
      }
    }
    const repeats = countRepeats(await this.cases.linkedReports(this.db, targetId));
    return {
      outcome: 'repeat',
      case: { id: r.case.id, code: r.case.code },
      repeatOf: { id: original.id, code: original.code, repeats, escalated, urgency },
    };
  }

  /** The reports linked to a case, residents' repeats counted (the case page lists them). */
  async ofCase(caseId: number, actor: Actor): Promise<CaseRepeats> {
    const user = actingUser(actor);
    const c = await this.cases.byId(this.db, caseId);
    if (!c) throw new DomainError('case.not_found', `Case ${caseId} does not exist`);
    if (!this.cases.canSee(user, c))
      throw new DomainError('auth.out_of_jurisdiction', `Case ${c.code} is outside your jurisdiction`);
    const [rows, settings] = await Promise.all([this.cases.linkedReports(this.db, caseId), this.settings()]);
    return {
      caseId,
      repeats: countRepeats(rows),
      threshold: settings.repeatThreshold,
      items: rows.map((r) => ({
        id: r.id,
        code: r.code,
        source: r.source,
        nature: r.nature,
        description: r.description,
        callerName: r.reporter_name,
        phone: maskPhone(r.reporter_phone),
        at: r.reported_at.toISOString(),
        counted: isRepeat(r),
      })),
    };
  }

  /** The supervisors' list: cases residents keep calling about, not yet taken up (or all). */
  async alerts(query: RepeatAlertQuery, actor: Actor): Promise<RepeatAlertList> {
    const user = actingUser(actor);
    const rows = await repo.listAlerts(this.db, { seen: query.seen ?? false, limit: 200 });
    const items: RepeatAlert[] = [];
    for (const r of rows) {
      const c = await this.cases.byId(this.db, r.case_id);
      if (!c || !this.cases.canSee(user, c)) continue;
      items.push(presentAlert(r, c));
    }
    return { items };
  }

  /** A supervisor takes an alert up (and urges the case on its page). */
  async markSeen(id: number, actor: Actor): Promise<RepeatAlert> {
    const user = actingUser(actor);
    const [row] = await repo.listAlerts(this.db, { seen: true, limit: 1, id });
    const c = row ? await this.cases.byId(this.db, row.case_id) : null;
    if (!row || !c || !this.cases.canSee(user, c))
      throw new DomainError('case.not_found', `Repeat alert ${id} does not exist`);
    await repo.markAlertSeen(this.db, id, user.id, this.time.now());
    const [after] = await repo.listAlerts(this.db, { seen: true, limit: 1, id });
    return presentAlert(after!, c);
  }
}

function isRepeat(r: { source: string }): boolean {
  return (REPEAT_SOURCES as readonly string[]).includes(r.source);
}

const countRepeats = (rows: ReadonlyArray<{ source: string }>) => rows.filter(isRepeat).length;

function presentAlert(r: repo.AlertRow, c: { code: string; description: string }): RepeatAlert {
  return {
    id: r.id,
    caseId: r.case_id,
    caseCode: c.code,
    description: c.description.length > 120 ? `${c.description.slice(0, 120)}…` : c.description,
    repeats: r.repeats,
    urgencyFrom: r.urgency_from,
    urgencyTo: r.urgency_to,
    at: r.created_at.toISOString(),
    seenBy: r.seen_by,
    seenAt: r.seen_at ? r.seen_at.toISOString() : null,
  };
}
