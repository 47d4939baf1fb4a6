import {
  DomainError,
  categoryByCode,
  degreesAround,
  isOnlyCitizen,
  jurisdictionCoversArea,
  newCaseSnapshot,
  reportProvenance,
  type CaseSnapshot,
  type CaseSource,
  type SystemNote,
  type Urgency,
} from '@cityloop/domain';
import type { NearbyCase } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { actorSystemName, type Actor } from '../../actor.js';
import type { SessionUser } from '../../http/access.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import { toWgs84 } from '../grids/grids.service.js';
import type { Clock } from '../../clock.js';
import type { CaseClock } from './caseClock.js';
import { canSeeCase, isOwnReport } from './cases.access.js';
import { announceCase } from './cases.announce.js';
import * as repo from './cases.repository.js';
import { distanceM, presentSummary } from './cases.present.js';
import { ReportWriter } from './reportWriter.js';

export interface ReportInput {
  kind: 'component' | 'event';
  category: string;
  lon: number;
  lat: number;
  crs?: 'wgs84' | 'gcj02' | 'bd09' | undefined;
  description: string;
  address?: string | undefined;
  urgency?: Urgency | undefined;
  source?: CaseSource | undefined;
  nature?: string | undefined;
  componentCode?: string | undefined;
  photos?: string[] | undefined;
  idempotencyKey?: string | undefined;
  duplicateOf?: number | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  wantsReply?: boolean | undefined;
}

/** A foreign-key violation on the given table (PostgreSQL and PGlite report the same SQLSTATE). */
function isForeignKeyViolation(err: unknown, table: string): boolean {
  const e = err as { code?: unknown; table?: unknown } | null;
  return !!e && e.code === '23503' && (e.table === undefined || e.table === table);
}

/** A report resolved to its place and reporter, before it is written. */
interface PlacedReport {
  input: ReportInput;
  user: SessionUser | null;
  /** The system part reporting (`system:mqtt` for an alarm's case); null when a person reports. */
  system: string | null;
  now: Date;
  source: CaseSource;
  urgency: Urgency;
  /** The role the report is made in (reportProvenance), recorded on its event. */
  role: string | null;
  photos: string[];
  gridCode: string;
  /** WGS-84 */
  lon: number;
  lat: number;
}

/**
 * Intake (受理): a report placed in its grid and filed as a new case — or, when the reporter confirms
 * it is the same problem as an open case nearby, as a duplicate of it — and the open cases near a
 * point that a report may be the same problem as.
 */
export class CaseIntake {
  /** New reports, filed together when they arrive together (group commit). */
  private readonly reports: ReportWriter;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly grids: GridsOffer,
    private readonly calendar: CalendarService,
    private readonly clock: CaseClock,
    private readonly attachments: Pick<AttachmentsOffer, 'missing'>,
    /** Whether a component instance exists (the component registry answers). */
    private readonly componentExists: (code: string) => Promise<boolean>,
    /** The node's clock: what "now" is for a report without its own time. */
    private readonly time: Clock,
    /**
     * Distance within which an open case of the same category is offered as a duplicate, until a
     * setting answers (setDuplicateRadius); also the bound of a confirmed duplicate (4×).
     */
    readonly duplicateRadiusM: number,
  ) {
    this.reports = new ReportWriter(db);
  }

  private radiusSource: (() => Promise<number>) | null = null;

  /** The administrator's duplicate radius (the hotline desk keeps it, as its repeat radius). */
  setDuplicateRadius(source: () => Promise<number>): void {
    this.radiusSource = source;
  }

  /** The duplicate radius now: the setting, or the default while none is registered. */
  radiusM(): Promise<number> {
    return this.radiusSource ? this.radiusSource() : Promise.resolve(this.duplicateRadiusM);
  }

  /**
   * A new report (上报) by a user, or by the system (an alarm's case). Idempotent by key: the same
   * key returns the case made the first time.
   */
  async report(input: ReportInput, actor: Actor, opts: { now?: Date } = {}) {
    const user = actor.user;
    // Without a user it is the system reporting, which may name any source: never a stranger.
    if (!user && !actor.system) throw new DomainError('auth.required');
    const now = opts.now ?? this.time.now();
    if (
      !categoryByCode(input.category, input.kind) ||
      !this.calendar.hasCategory(input.kind, input.category)
    ) {
      throw new DomainError('validation.failed', `Unknown ${input.kind} category ${input.category}`);
    }
    const [lon, lat] = toWgs84(input.lon, input.lat, input.crs);
    const gridCode = this.grids.codeAt(lon, lat);
    if (!gridCode)
      throw new DomainError(
        'grid.not_found',
        `The point lon ${input.lon}, lat ${input.lat} is not inside any unit grid of the city`,
      );
    if (
      user &&
      !isOnlyCitizen(user) &&
      user.jurisdiction.level !== 'city' &&
      !jurisdictionCoversArea(user.jurisdiction, gridCode)
    ) {
      throw new DomainError('auth.out_of_jurisdiction', `Grid ${gridCode} is outside your jurisdiction`);
    }
    if (input.componentCode && !(await this.componentExists(input.componentCode))) {
      throw new DomainError('validation.failed', `Component ${input.componentCode} is not in the registry`);
    }
    // Source, urgency and acting role come from who reports, never from the body alone.
    const { source, urgency, role } = reportProvenance(user ? user.roles : null, input);
    const photos = input.photos ?? [];
    const system = actorSystemName(actor);
    const placed: PlacedReport = {
      input,
      user,
      system,
      now,
      source,
      urgency,
      role,
      photos,
      gridCode,
      lon,
      lat,
    };
    if (input.duplicateOf === undefined) return this.reportNew(placed);
    return this.reportDuplicate(placed, input.duplicateOf);
  }

  /**
   * A report the reporter confirmed is the same problem as an open case: recorded (it counts as a
   * valid report) but cancelled at once, opening no work, and linked on the original's timeline.
   */
  private async reportDuplicate(placed: PlacedReport, duplicateOf: number) {
    const { input, user, system, now, source, urgency, role, photos, lon, lat } = placed;
    const result = await this.db.tx(async (q) => {
      if (input.idempotencyKey) {
        const existing = await repo.findByIdempotencyKey(q, input.idempotencyKey);
        if (existing) return { row: existing, created: false };
      }
      const missing = await this.attachments.missing(q, photos);
      if (missing.length)
        throw new DomainError('validation.failed', `Unknown photo ids: ${missing.join(', ')}`);
      const original = await repo.getCase(q, duplicateOf, true);
      if (
        !original ||
        original.closed_at ||
        original.kind !== input.kind ||
        original.category !== input.category
      ) {
        throw new DomainError(
          'validation.failed',
          `Case ${duplicateOf} is not an open case of the same category`,
        );
      }
      if (distanceM(original, { lon, lat }) > this.duplicateRadiusM * 4) {
        throw new DomainError(
          'validation.failed',
          `Case ${duplicateOf} is too far away to be the same problem`,
        );
      }
      const snapshot = {
        ...newCaseSnapshot({ source, reporterId: user?.id ?? null, urgency }),
        state: 'cancelled' as const,
      };
      const noClock = { step: null, step_started_at: null, step_due_at: null };
      const { created } = await repo.insertReport(q, {
        row: this.newRow(placed, snapshot, noClock, original),
        reportDay: this.calendar.calendar.dateKeyOf(now),
        event: {
          actorId: user?.id ?? null,
          actorRole: role,
          actorSystem: system,
          comment: null,
          payload: {
            source,
            duplicateOf: original.id,
            note: { code: 'case.duplicate_of', params: { code: original.code } } satisfies SystemNote,
          },
          photos,
        },
        box: null,
      });
      // A report racing with this one under the same key got there first: answer with its case.
      if (!created)
        return { row: (await repo.findByIdempotencyKey(q, input.idempotencyKey!))!, created: false };
      await repo.insertEvent(q, {
        caseId: original.id,
        action: 'duplicate_linked',
        fromState: original.state,
        toState: original.state,
        actorId: user?.id ?? null,
        actorRole: user?.roles[0] ?? null,
        actorSystem: system,
        at: now,
        comment: null,
        payload: {
          duplicateId: created.id,
          note: { code: 'case.duplicate_linked', params: { code: created.code } } satisfies SystemNote,
        },
        photos,
        unitId: original.unit_id,
        step: null,
        dueAt: null,
        onTime: null,
        usedMs: null,
        limitMs: null,
      });
      return { row: created, created: true };
    });
    if (result.created) await announceCase(this.bus, result.row);
    // The case the report joined, so the reporter is told which one (not the new, cancelled number).
    const original = result.row.duplicate_of ? await repo.getCase(this.db, result.row.duplicate_of) : null;
    const linkedTo = original ? { id: original.id, code: original.code } : null;
    return { case: result.row, created: result.created, duplicates: [], linkedTo };
  }

  /**
   * The usual report: one statement writes the case, its event and photo links and finds the open
   * cases nearby (see repo.insertReports), together with the reports that arrived with it
   * (ReportWriter); a confirmed duplicate (`duplicateOf`) takes the longer path in report().
   */
  private async reportNew(placed: PlacedReport) {
    const { input, user, system, now, source, urgency, role, photos, lat } = placed;
    const snapshot = newCaseSnapshot({
      source,
      reporterId: user?.id ?? null,
      urgency,
      autoVerify: true,
    });
    const clock = this.clock.start(snapshot.state, input, snapshot.urgency, now);
    const radiusM = await this.radiusM();
    const { dLat, dLon } = degreesAround(lat, radiusM);
    let rows: repo.ReportRows;
    try {
      rows = await this.reports.write({
        row: this.newRow(placed, snapshot, clock, null),
        reportDay: this.calendar.calendar.dateKeyOf(now),
        event: {
          actorId: user?.id ?? null,
          actorRole: role,
          actorSystem: system,
          comment: null,
          payload: { source, duplicateOf: null },
          photos,
        },
        box: { dLat, dLon },
      });
    } catch (err) {
      if (isForeignKeyViolation(err, 'case_photos')) {
        const missing = await this.attachments.missing(this.db, photos);
        throw new DomainError('validation.failed', `Unknown photo ids: ${missing.join(', ')}`);
      }
      throw err;
    }
    if (!rows.created) {
      // The key was used before: answer with the case made the first time.
      const existing = input.idempotencyKey
        ? await repo.findByIdempotencyKey(this.db, input.idempotencyKey)
        : null;
      if (!existing) throw new Error(`report with key ${input.idempotencyKey} neither created nor found`);
      return { case: existing, created: false, duplicates: [] };
    }
    const created = rows.created;
    await announceCase(this.bus, created);
    return { case: created, created: true, duplicates: this.nearby(rows.near, created, user, radiusM) };
  }

  /** The row of a new case: the report, where it is, and the clock of its first step. */
  private newRow(
    placed: PlacedReport,
    snapshot: CaseSnapshot,
    clock: { step?: string | null; step_started_at?: Date | null; step_due_at?: Date | null },
    duplicateOf: repo.CaseRow | null,
  ): repo.NewCaseRow {
    const { input, user, source, gridCode, lon, lat, now } = placed;
    const grid = this.grids.get(gridCode);
    return {
      state: snapshot.state,
      snapshot: snapshot,
      kind: input.kind,
      category: input.category,
      urgency: snapshot.urgency,
      source: source,
      nature: input.nature ?? null,
      description: input.description,
      address: input.address ?? null,
      lon: lon,
      lat: lat,
      grid_code: gridCode,
      district_code: grid.district.code,
      street_code: grid.street.code,
      community_code: grid.community.code,
      supervision_grid_code: grid.supervisionGrid?.code ?? null,
      component_code: input.componentCode ?? null,
      reporter_id: user?.id ?? null,
      reporter_name: input.reporterName ?? null,
      reporter_phone: input.reporterPhone ?? null,
      wants_reply: input.wantsReply ?? false,
      unit_id: null,
      task_inspector_id: null,
      pending_kind: null,
      duplicate_of: duplicateOf?.id ?? null,
      idempotency_key: input.idempotencyKey ?? null,
      reported_at: now,
      step: clock.step ?? null,
      step_started_at: clock.step_started_at ?? null,
      step_due_at: clock.step_due_at ?? null,
      closed_at: duplicateOf ? now : null,
    };
  }

  /**
   * Rows found around a point → those within the duplicate radius that the user may see, nearest
   * first, with their distance. A citizen sees them all: what they are shown is masked below.
   */
  private withinRadius<T extends repo.NearCaseRow>(
    rows: readonly T[],
    p: { lon: number; lat: number },
    user: SessionUser | null | undefined,
    radiusM: number,
  ) {
    const citizen = !!user && isOnlyCitizen(user);
    return rows
      .map((row) => ({ row, distance: distanceM(row, p) }))
      .filter((x) => x.distance <= radiusM && (!user || citizen || canSeeCase(user, x.row)))
      .sort((a, b) => a.distance - b.distance);
  }

  /** The open cases a new report's answer names: id, code, state and distance, nearest first. */
  private nearby(
    rows: repo.NearCaseRow[],
    p: { lon: number; lat: number },
    user: SessionUser | null,
    radiusM: number,
  ): NearbyCase[] {
    return this.withinRadius(rows, p, user, radiusM).map(({ row, distance }) => ({
      id: row.id,
      code: row.code,
      state: row.state,
      distanceM: Math.round(distance),
    }));
  }

  /**
   * Rows found in the search box → duplicates within the radius, nearest first. A citizen is offered
   * other people's cases to link to, but not their words, address or phone.
   */
  private nearest(
    rows: repo.CaseSummaryRow[],
    p: { lon: number; lat: number },
    user: SessionUser | null | undefined,
    radiusM: number,
  ) {
    const citizen = !!user && isOnlyCitizen(user);
    return this.withinRadius(rows, p, user, radiusM).map(({ row, distance }) => {
      const summary = { ...presentSummary(row, null), distanceM: Math.round(distance) };
      return citizen && !isOwnReport(user, row)
        ? { ...summary, description: '', address: null, reporterPhone: null }
        : summary;
    });
  }

  /**
   * Open cases of the same category near a point (within the duplicate radius: the administrator's
   * setting, 10–200 m, by default 50 m; at most the 200 m a confirmed duplicate may be away),
   * nearest first; only those the user may see.
   */
  async duplicatesNear(
    p: { kind: string; category: string; lon: number; lat: number },
    excludeId?: number,
    user?: SessionUser | null,
    radiusM?: number,
  ) {
    const r = radiusM ?? (await this.radiusM());
    const { dLat, dLon } = degreesAround(p.lat, r);
    const rows = await repo.openNear(this.db, {
      ...p,
      dLat,
      dLon,
      ...(excludeId !== undefined ? { excludeId } : {}),
    });
    return this.nearest(rows, p, user, r);
  }
}
