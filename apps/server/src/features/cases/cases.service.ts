import { CaseFigures } from './cases.figures.js';
import {
  DomainError,
  actorMayActOnCase,
  allowedActions,
  isOnlyCitizen,
  URGENCIES,
  type CaseActionRequest,
  type Urgency,
} from '@cityloop/domain';
import type { User } from '@cityloop/domain/api';
import type { Db, Queryable } from '../../db/db.js';
import type { EntityNamer } from '../audit/audit.log.js';
import type { EventBus } from '../../events/bus.js';
import type { SessionUser } from '../../http/access.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { OrgOffer } from '../org/org.module.js';
import type { DepartmentRecord } from '../org/org.service.js';
import { actingUser, actorSystemName, type Actor } from '../../actor.js';
import { announceCase } from './cases.announce.js';
import { CaseClock } from './caseClock.js';
import { canSeeCase, isOwnReport } from './cases.access.js';
import { CaseIntake, type ReportInput } from './cases.intake.js';
import { listCases, type CaseFilter } from './cases.queries.js';
import * as repo from './cases.repository.js';
import { presentCase, presentSummary, type CaseDetail } from './cases.present.js';
import { presentPublicCase, type PublicCaseDetail } from './cases.public.js';
import { CaseSteps, type SectionUnits, type SuggestFor } from './cases.steps.js';
import { systemClock, type Clock } from '../../clock.js';

export type { ReportInput } from './cases.intake.js';

/**
 * The case loop as one service: intake (cases.intake.ts) and the steps of the state machine
 * (cases.steps.ts) behind it, and here what users see — a case's page, the lists — and what other
 * features ask of a case.
 */
export class CaseService {
  readonly clock: CaseClock;
  /** The period's reports by source and category (the cockpit's source mix and top categories). */
  readonly figures: CaseFigures;
  /** Reports and the duplicates near them. */
  private readonly intake: CaseIntake;
  /** The state machine's steps with their events. */
  private readonly steps: CaseSteps;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly grids: GridsOffer,
    private readonly calendar: CalendarService,
    private readonly attachments: Pick<AttachmentsOffer, 'list' | 'missing'>,
    private readonly org: OrgOffer,
    private readonly timeZone: string,
    /** Whether a component instance exists (the component registry answers). */
    componentExists: (code: string) => Promise<boolean>,
    /** A user account (the users feature answers), for the inspector a task is sent to. */
    userById: (id: number) => Promise<User | null>,
    /** The node's clock: what "now" is for a step without its own time, the lights and the queues. */
    private readonly time: Clock = systemClock,
    /** Distance within which an open case of the same category is offered as a duplicate. */
    readonly duplicateRadiusM = 50,
  ) {
    this.figures = new CaseFigures(db);
    this.clock = new CaseClock(calendar);
    this.intake = new CaseIntake(
      db,
      bus,
      grids,
      calendar,
      this.clock,
      attachments,
      componentExists,
      time,
      duplicateRadiusM,
    );
    this.steps = new CaseSteps(db, bus, this.clock, attachments, org, userById, time);
  }

  /** The node's clock now. */
  now(): Date {
    return this.time.now();
  }

  /**
   * A new report (上报) by a user, or by the system (an alarm's case). Idempotent by key: the same
   * key returns the case made the first time.
   */
  report(input: ReportInput, actor: Actor, opts: { now?: Date } = {}) {
    return this.intake.report(input, actor, opts);
  }

  /** Open cases of the same category near a point (the duplicate radius), nearest first; only those the viewer may see. */
  duplicatesNear(
    p: { kind: string; category: string; lon: number; lat: number },
    excludeId: number | undefined,
    viewer: Actor,
    radiusM?: number,
  ) {
    return this.intake.duplicatesNear(p, excludeId, actingUser(viewer), radiusM);
  }

  /**
   * One step of the loop by one user; the state machine decides, the event is appended in the
   * same transaction. Returns the case row; the case page is `detail()`.
   */
  act(
    id: number,
    request: CaseActionRequest,
    actor: Actor,
    opts: { now?: Date } = {},
  ): Promise<repo.CaseRow> {
    return this.steps.act(id, request, actor, opts);
  }

  /** Units responsible for a case: its section's contractor, then category × area rules. */
  suggestUnits(c: SuggestFor): Promise<DepartmentRecord[]> {
    return this.steps.suggestUnits(c);
  }

  /**
   * The hotline desk registers the administrator's repeat radius: the distance within which an
   * open case of the same category is a duplicate, for every channel's report (see CaseIntake).
   */
  setDuplicateRadius(source: () => Promise<number>): void {
    this.intake.setDuplicateRadius(source);
  }

  /** The contracts module registers who answers for a contracted section (see CaseSteps). */
  setSectionUnits(source: SectionUnits): void {
    this.steps.setSectionUnits(source);
  }

  canSee(user: SessionUser, c: Pick<repo.CaseRow, 'grid_code' | 'unit_id' | 'reporter_id'>): boolean {
    return canSeeCase(user, c);
  }

  /** Whether a user may read a file through a case it belongs to (attachments ask). */
  async mayReadPhoto(user: SessionUser, attachmentId: string): Promise<boolean> {
    return (await repo.casesWithPhoto(this.db, attachmentId)).some((c) => this.canSee(user, c));
  }

  /** A case's page as the actor may see it: the staff view, or a citizen's own report's public view. */
  async detail(id: number, actor: Actor): Promise<CaseDetail | PublicCaseDetail> {
    const user = actingUser(actor);
    const c = await repo.getCase(this.db, id);
    if (!c) throw new DomainError('case.not_found', `Case ${id} does not exist`);
    if (!this.canSee(user, c))
      throw new DomainError('auth.out_of_jurisdiction', `Case ${c.code} is outside your jurisdiction`);
    if (isOnlyCitizen(user)) return this.publicDetail(c, user);
    const [events, photoIds, depts, related] = await Promise.all([
      repo.listEvents(this.db, id),
      repo.photosOf(this.db, id),
      this.org.allDepartments(),
      c.closed_at ? Promise.resolve([]) : this.intake.duplicatesNear(c, id),
    ]);
    const photos = await this.attachments.list(this.db, photoIds);
    const mayAct =
      actorMayActOnCase(user.jurisdiction, user.departmentId, c.grid_code, c.unit_id) || isOwnReport(user, c);
    const actions = mayAct ? allowedActions(c.snapshot, user.roles, user.id) : [];
    const limit = this.calendar.categoryLimit(c.kind, c.category, c.urgency as Urgency);
    return presentCase(c, {
      events,
      photos,
      unitName: c.unit_id ? (depts.get(c.unit_id)?.name ?? null) : null,
      unitNameEn: c.unit_id ? (depts.get(c.unit_id)?.nameEn ?? null) : null,
      grid: this.grids.has(c.grid_code) ? this.grids.get(c.grid_code) : null,
      sla: this.clock.light(c, this.time.now()),
      actions,
      related,
      limit,
      suggestedUnits: actions.includes('dispatch')
        ? (await this.suggestUnits(c)).map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn }))
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

  /**
   * A case as anyone may see it who holds its tracking code (the public portal): the public view
   * without the reporter's own fields or allowed actions. Null when there is no such case.
   */
  async publicView(
    id: number,
  ): Promise<Omit<PublicCaseDetail, 'reporterName' | 'reporterPhone' | 'reporterId'> | null> {
    const c = await repo.getCase(this.db, id);
    if (!c) return null;
    const [events, photoIds] = await Promise.all([
      repo.listEvents(this.db, c.id),
      repo.photosOf(this.db, c.id),
    ]);
    const eventPhotoIds = events.flatMap((e) => e.photos);
    const photos = await this.attachments.list(this.db, [...new Set([...photoIds, ...eventPhotoIds])]);
    const {
      reporterName: _n,
      reporterPhone: _p,
      reporterId: _i,
      ...view
    } = presentPublicCase(c, {
      events,
      photos,
      grid: null,
      actions: [],
    });
    return view;
  }

  /** A page of the cases the actor may see, under a queue and filters. */
  async list(filter: CaseFilter, actor: Actor) {
    const user = actingUser(actor);
    const now = this.time.now();
    const page = await listCases(this.db, filter, user, isOnlyCitizen(user), now);
    const depts = await this.org.allDepartments();
    return {
      items: page.rows.map((r) =>
        presentSummary(
          r,
          this.clock.light(r, now),
          r.unit_id ? (depts.get(r.unit_id)?.name ?? null) : null,
          r.unit_id ? (depts.get(r.unit_id)?.nameEn ?? null) : null,
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /** A component instance's cases, newest first (its page shows them). */
  casesOfComponent = (code: string) => repo.casesOfComponent(this.db, code);

  /** For other features (alarms, hotline): a case by id without a user's view. */
  async byId(q: Queryable, id: number) {
    return repo.getCase(q, id);
  }

  /** For the hotline: the reports linked to a case as repeats of it (duplicate_of), oldest first. */
  linkedReports(q: Queryable, id: number) {
    return repo.linkedReports(q, id);
  }

  /** For the hotline: a caller's cases by the digits of their number, newest first, those the user may see. */
  async casesByPhone(digits: string, limit: number, actor: Actor) {
    const user = actingUser(actor);
    const now = this.time.now();
    const rows = (await repo.casesByPhone(this.db, digits, limit)).filter((r) => this.canSee(user, r));
    return rows.map((r) => ({
      ...presentSummary(r, r.closed_at ? null : this.clock.light(r, now)),
      open: r.closed_at === null,
    }));
  }

  /**
   * Residents keep calling about an open case (重复投诉): its urgency rises one step (the steps that
   * start from now get that urgency's time limit) and an event tells the timeline and the
   * supervisors why. In the caller's transaction; null when the case is no longer open.
   */
  async escalateForRepeats(q: Queryable, id: number, repeats: number, actor: Actor) {
    const c = await repo.getCase(q, id, true);
    if (!c || c.closed_at) return null;
    const from = c.urgency as Urgency;
    const to = URGENCIES[Math.min(URGENCIES.indexOf(from) + 1, URGENCIES.length - 1)] ?? from;
    if (to !== from) await repo.updateCase(q, id, { urgency: to, snapshot: { ...c.snapshot, urgency: to } });
    await repo.insertEvent(q, {
      caseId: id,
      action: 'repeat_escalated',
      fromState: c.state,
      toState: c.state,
      actorId: actor.user?.id ?? null,
      actorRole: actor.user?.roles[0] ?? null,
      actorSystem: actorSystemName(actor),
      at: this.time.now(),
      comment: null,
      payload: {
        repeats,
        urgencyFrom: from,
        urgencyTo: to,
        note: { code: 'case.repeat_escalated', params: { repeats: String(repeats) } },
      },
      photos: [],
      unitId: c.unit_id,
      step: null,
      dueAt: null,
      onTime: null,
      usedMs: null,
      limitMs: null,
    });
    return { id: c.id, code: c.code, from, to, row: c };
  }

  /** Tells the live channel a case changed (after a change another feature made in its transaction). */
  async announce(id: number) {
    const c = await repo.getCase(this.db, id);
    if (c) await announceCase(this.bus, c);
  }

  /** For other features (the evaluation's drill-down): several cases by id in one statement. */
  async byIds(q: Queryable, ids: readonly number[]) {
    return repo.getCases(q, ids);
  }

  /** Cases as the audit log names them: by their codes (and found by the start of one). */
  readonly auditNamer: EntityNamer = {
    names: async (ids) => {
      const numeric = ids.map(Number).filter(Number.isSafeInteger);
      const rows = await repo.codesOf(this.db, numeric);
      return new Map(rows.map((r) => [String(r.id), { name: r.code, nameEn: null }]));
    },
    search: async (text) => (await repo.idsByCode(this.db, text)).map(String),
  };
}
