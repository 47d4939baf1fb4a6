import {
  DomainError,
  actorMayActOnCase,
  allowedActions,
  categoryByCode,
  decideAction,
  degreesAround,
  isOnlyCitizen,
  jurisdictionCoversArea,
  mayReadCase,
  newCaseSnapshot,
  reportProvenance,
  type CaseActionRequest,
  type CaseSnapshot,
  type CaseSource,
  type SystemNote,
  type Urgency,
} from '@cityloop/domain';
import type { NearbyCase, User } from '@cityloop/domain/api';
import type { Db, Queryable } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import type { SessionUser } from '../../http/access.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { OrgOffer } from '../org/org.module.js';
import { toWgs84 } from '../grids/grids.service.js';
import type { DepartmentRecord } from '../org/org.service.js';
import { CaseClock } from './caseClock.js';
import * as repo from './cases.repository.js';
import { distanceM, presentCase, presentSummary, type CaseDetail } from './cases.present.js';
import { presentPublicCase, type PublicCaseDetail } from './cases.public.js';
import { ReportWriter } from './reportWriter.js';
import { systemClock, type Clock } from '../../clock.js';

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

/** A verify or check task goes to an active inspector who may work on the case's grid. */
function checkTaskInspector(
  c: repo.CaseRow,
  id: number,
  u: User | null,
  action: CaseActionRequest['action'],
) {
  if (!u || !u.active || !u.roles.includes('inspector'))
    throw new DomainError('validation.failed', `User ${id} is not an active inspector`);
  if (!actorMayActOnCase(u.jurisdiction, u.departmentId, c.grid_code, null))
    throw new DomainError('validation.failed', `${u.displayName} does not work in grid ${c.grid_code}`);
  if (action === 'send_verify' && u.id === c.reporter_id)
    throw new DomainError('validation.failed', `${u.displayName} reported this case and may not verify it`);
}

/** A report resolved to its place and reporter, before it is written. */
interface PlacedReport {
  input: ReportInput;
  user: SessionUser | null;
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

/** The case loop: reports, the state machine's decisions with their events, and what users see. */
export class CaseService {
  readonly clock: CaseClock;
  /** New reports, filed together when they arrive together (group commit). */
  private readonly reports: ReportWriter;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly grids: GridsOffer,
    private readonly calendar: CalendarService,
    private readonly attachments: Pick<AttachmentsOffer, 'list' | 'missing'>,
    private readonly org: OrgOffer,
    private readonly timeZone: string,
    /** Whether a component instance exists (the component registry answers). */
    private readonly componentExists: (code: string) => Promise<boolean>,
    /** A user account (the users feature answers), for the inspector a task is sent to. */
    private readonly userById: (id: number) => Promise<User | null>,
    /** The node's clock: what "now" is for a step without its own time, the lights and the queues. */
    private readonly time: Clock = systemClock,
    /** Distance within which an open case of the same category is offered as a duplicate. */
    readonly duplicateRadiusM = 50,
  ) {
    this.clock = new CaseClock(calendar);
    this.reports = new ReportWriter(db);
  }

  /** The node's clock now. */
  now(): Date {
    return this.time.now();
  }

  /** A new report (上报). Idempotent by key: the same key returns the case made the first time. */
  async report(input: ReportInput, user: SessionUser | null, opts: { now?: Date } = {}) {
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
    const placed: PlacedReport = { input, user, now, source, urgency, role, photos, gridCode, lon, lat };
    if (input.duplicateOf === undefined) return this.reportNew(placed);
    return this.reportDuplicate(placed, input.duplicateOf);
  }

  /**
   * A report the reporter confirmed is the same problem as an open case: recorded (it counts as a
   * valid report) but cancelled at once, opening no work, and linked on the original's timeline.
   */
  private async reportDuplicate(placed: PlacedReport, duplicateOf: number) {
    const { input, user, now, source, urgency, role, photos, lon, lat } = placed;
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
    if (result.created) await this.announce(result.row);
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
    const { input, user, now, source, urgency, role, photos, lat } = placed;
    const snapshot = newCaseSnapshot({
      source,
      reporterId: user?.id ?? null,
      urgency,
      autoVerify: true,
    });
    const clock = this.clock.start(snapshot.state, input, snapshot.urgency, now);
    const { dLat, dLon } = degreesAround(lat, this.duplicateRadiusM);
    let rows: repo.ReportRows;
    try {
      rows = await this.reports.write({
        row: this.newRow(placed, snapshot, clock, null),
        reportDay: this.calendar.calendar.dateKeyOf(now),
        event: {
          actorId: user?.id ?? null,
          actorRole: role,
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
    await this.announce(created);
    return { case: created, created: true, duplicates: this.nearby(rows.near, created, user) };
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
    user?: SessionUser | null,
  ) {
    const citizen = !!user && isOnlyCitizen(user);
    return rows
      .map((row) => ({ row, distance: distanceM(row, p) }))
      .filter((x) => x.distance <= this.duplicateRadiusM && (!user || citizen || this.canSee(user, x.row)))
      .sort((a, b) => a.distance - b.distance);
  }

  /** The open cases a new report's answer names: id, code, state and distance, nearest first. */
  private nearby(
    rows: repo.NearCaseRow[],
    p: { lon: number; lat: number },
    user: SessionUser | null,
  ): NearbyCase[] {
    return this.withinRadius(rows, p, user).map(({ row, distance }) => ({
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
  private nearest(rows: repo.CaseSummaryRow[], p: { lon: number; lat: number }, user?: SessionUser | null) {
    const citizen = !!user && isOnlyCitizen(user);
    return this.withinRadius(rows, p, user).map(({ row, distance }) => {
      const summary = { ...presentSummary(row, null), distanceM: Math.round(distance) };
      return citizen && !this.isOwnReport(user, row)
        ? { ...summary, description: '', address: null, reporterPhone: null }
        : summary;
    });
  }

  /** Open cases of the same category near a point (default 50 m), nearest first; only those the user may see. */
  async duplicatesNear(
    p: { kind: string; category: string; lon: number; lat: number },
    excludeId?: number,
    user?: SessionUser,
  ) {
    const r = this.duplicateRadiusM;
    const { dLat, dLon } = degreesAround(p.lat, r);
    const rows = await repo.openNear(this.db, {
      ...p,
      dLat,
      dLon,
      ...(excludeId !== undefined ? { excludeId } : {}),
    });
    return this.nearest(rows, p, user);
  }

  /**
   * One step of the loop by one user; the state machine decides, the event is appended in the
   * same transaction. Returns the case row; the case page is `detail()`.
   */
  async act(
    id: number,
    request: CaseActionRequest,
    user: SessionUser,
    opts: { now?: Date } = {},
  ): Promise<repo.CaseRow> {
    const now = opts.now ?? this.time.now();
    // Looked up before the transaction: PGlite has one connection, held by the transaction.
    const taskInspector =
      (request.action === 'send_verify' || request.action === 'to_check') && request.inspectorId !== undefined
        ? { id: request.inspectorId, user: await this.userById(request.inspectorId) }
        : null;
    const row = await this.db.tx(async (q) => {
      const c = await repo.getCase(q, id, true);
      if (!c) throw new DomainError('case.not_found', `Case ${id} does not exist`);
      if (
        !actorMayActOnCase(user.jurisdiction, user.departmentId, c.grid_code, c.unit_id) &&
        !this.isOwnReport(user, c)
      ) {
        throw new DomainError('auth.out_of_jurisdiction', `Case ${c.code} is outside your jurisdiction`);
      }
      const photos = 'photos' in request && Array.isArray(request.photos) ? request.photos : [];
      const missing = await this.attachments.missing(q, photos);
      if (missing.length)
        throw new DomainError('validation.failed', `Unknown photo ids: ${missing.join(', ')}`);
      if (request.action === 'dispatch') await this.checkDispatchTarget(c, request.unitId, request.level);
      if (taskInspector) checkTaskInspector(c, taskInspector.id, taskInspector.user, request.action);
      const d = decideAction(c.snapshot, request, { userId: user.id, roles: user.roles }, now);
      const { timing, update } = this.clock.transition(c, d, now);
      await repo.updateCase(q, id, {
        ...update,
        state: d.toState,
        snapshot: d.snapshot,
        urgency: d.snapshot.urgency,
        unit_id: d.snapshot.unitId,
        task_inspector_id: d.snapshot.taskInspectorId,
        pending_kind: d.snapshot.pendingRequest?.kind ?? null,
      });
      await repo.insertEvent(q, {
        caseId: id,
        action: d.event.action,
        fromState: d.fromState,
        toState: d.toState,
        actorId: user.id,
        actorRole: d.event.role,
        at: now,
        comment: d.event.comment,
        payload: d.event.payload,
        photos,
        // The unit the work sat with: for a dispatch the one it goes to, else the current one.
        unitId: d.snapshot.unitId ?? c.unit_id,
        ...timing,
      });
      return (await repo.getCase(q, id))!;
    });
    await this.announce(row);
    return row;
  }

  private async checkDispatchTarget(c: repo.CaseRow, unitId: number, level: 'district' | undefined) {
    const dept = (await this.org.allDepartments()).get(unitId);
    if (!dept || !dept.active)
      throw new DomainError('validation.failed', `Department ${unitId} does not exist or is inactive`);
    if (dept.districtCode && dept.districtCode !== c.district_code) {
      throw new DomainError(
        'validation.failed',
        `${dept.name} works in district ${dept.districtCode}, the case is in ${c.district_code}`,
      );
    }
    if (level === 'district' && !dept.districtCode) {
      throw new DomainError('validation.failed', 'A second-level dispatch goes to a district unit');
    }
  }

  /** Units responsible for a case: category × area rules, the component's maintainer first. */
  async suggestUnits(
    c: Pick<repo.CaseRow, 'kind' | 'category' | 'district_code'>,
  ): Promise<DepartmentRecord[]> {
    const depts = [...(await this.org.allDepartments()).values()].filter((d) => {
      const cats = c.kind === 'component' ? d.componentCategories : d.eventCategories;
      return (
        d.active &&
        cats.includes(c.category) &&
        (d.districtCode === null || d.districtCode === c.district_code) &&
        (d.areaCodes.length === 0 || d.areaCodes.includes(c.district_code))
      );
    });
    // The district's own unit before a city-wide one.
    return depts.sort(
      (a, b) => Number(b.districtCode !== null) - Number(a.districtCode !== null) || a.id - b.id,
    );
  }

  canSee(user: SessionUser, c: Pick<repo.CaseRow, 'grid_code' | 'unit_id' | 'reporter_id'>): boolean {
    return mayReadCase(user, { gridCode: c.grid_code, unitId: c.unit_id, reporterId: c.reporter_id });
  }

  /** Whether a user may read a file through a case it belongs to (attachments ask). */
  async mayReadPhoto(user: SessionUser, attachmentId: string): Promise<boolean> {
    return (await repo.casesWithPhoto(this.db, attachmentId)).some((c) => this.canSee(user, c));
  }

  private isOwnReport(user: SessionUser, c: Pick<repo.CaseRow, 'reporter_id'>) {
    return c.reporter_id !== null && c.reporter_id === user.id;
  }

  async detail(id: number, user: SessionUser): Promise<CaseDetail | PublicCaseDetail> {
    const c = await repo.getCase(this.db, id);
    if (!c) throw new DomainError('case.not_found', `Case ${id} does not exist`);
    if (!this.canSee(user, c))
      throw new DomainError('auth.out_of_jurisdiction', `Case ${c.code} is outside your jurisdiction`);
    if (isOnlyCitizen(user)) return this.publicDetail(c, user);
    const [events, photoIds, depts, related] = await Promise.all([
      repo.listEvents(this.db, id),
      repo.photosOf(this.db, id),
      this.org.allDepartments(),
      c.closed_at ? Promise.resolve([]) : this.duplicatesNear(c, id),
    ]);
    const photos = await this.attachments.list(this.db, photoIds);
    const mayAct =
      actorMayActOnCase(user.jurisdiction, user.departmentId, c.grid_code, c.unit_id) ||
      this.isOwnReport(user, c);
    const actions = mayAct ? allowedActions(c.snapshot, user.roles, user.id) : [];
    const limit = this.calendar.categoryLimit(c.kind, c.category, c.urgency as Urgency);
    return presentCase(c, {
      events,
      photos,
      unitName: c.unit_id ? (depts.get(c.unit_id)?.name ?? null) : null,
      grid: this.grids.has(c.grid_code) ? this.grids.get(c.grid_code) : null,
      sla: this.clock.light(c, this.time.now()),
      actions,
      related,
      limit,
      suggestedUnits: actions.includes('dispatch')
        ? (await this.suggestUnits(c)).map((d) => ({ id: d.id, name: d.name }))
        : [],
    });
  }

  /** A citizen's own case as the public sees it (presentPublicCase). */
  private async publicDetail(c: repo.CaseRow, user: SessionUser): Promise<PublicCaseDetail> {
    const [events, photoIds] = await Promise.all([
      repo.listEvents(this.db, c.id),
      repo.photosOf(this.db, c.id),
    ]);
    const eventPhotoIds = events.flatMap((e) => e.photos);
    const photos = await this.attachments.list(this.db, [...new Set([...photoIds, ...eventPhotoIds])]);
    return presentPublicCase(c, {
      events,
      photos,
      grid: this.grids.has(c.grid_code) ? this.grids.get(c.grid_code) : null,
      actions: allowedActions(c.snapshot, user.roles, user.id),
    });
  }

  async list(filter: import('./cases.queries.js').CaseFilter, user: SessionUser) {
    const { listCases } = await import('./cases.queries.js');
    const now = this.time.now();
    const page = await listCases(this.db, filter, user, isOnlyCitizen(user), now);
    const depts = await this.org.allDepartments();
    return {
      items: page.rows.map((r) =>
        presentSummary(r, this.clock.light(r, now), r.unit_id ? (depts.get(r.unit_id)?.name ?? null) : null),
      ),
      nextCursor: page.nextCursor,
    };
  }

  private async announce(c: repo.CaseRow) {
    await this.bus.publish({
      type: 'case.updated',
      scope: { case: { gridCode: c.grid_code, unitId: c.unit_id, reporterId: c.reporter_id } },
      data: { id: c.id, code: c.code, state: c.state, unitId: c.unit_id },
    });
  }

  /** A component instance's cases, newest first (its page shows them). */
  casesOfComponent = (code: string) => repo.casesOfComponent(this.db, code);

  /** For other features (alarms, hotline): a case by id without a user's view. */
  async byId(q: Queryable, id: number) {
    return repo.getCase(q, id);
  }

  /** For other features (the evaluation's drill-down): several cases by id in one statement. */
  async byIds(q: Queryable, ids: readonly number[]) {
    return repo.getCases(q, ids);
  }
}
