import { DomainError, actorMayActOnCase, decideAction, type CaseActionRequest } from '@cityloop/domain';
import type { User } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { actingUser, actorSystemName, type Actor } from '../../actor.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { OrgOffer } from '../org/org.module.js';
import type { DepartmentRecord } from '../org/org.service.js';
import type { Clock } from '../../clock.js';
import type { CaseClock } from './caseClock.js';
import { isOwnReport } from './cases.access.js';
import { announceCase } from './cases.announce.js';
import * as repo from './cases.repository.js';

/** What a unit is suggested for: the case's kind, category, district and (when known) grid. */
export type SuggestFor = Pick<repo.CaseRow, 'kind' | 'category' | 'district_code'> & {
  grid_code?: string | null;
};

/** The contractors' units whose sections cover a place for a case's category (none by default). */
export type SectionUnits = (c: Pick<repo.CaseRow, 'kind' | 'category' | 'grid_code'>) => number[];

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

/**
 * The steps of the loop (立案, 派遣, 处置, 核查, 结案…): who may take a step on a case, what the
 * state machine decides, and the event and working-time clock it leaves, in one transaction.
 */
export class CaseSteps {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: CaseClock,
    private readonly attachments: Pick<AttachmentsOffer, 'missing'>,
    private readonly org: OrgOffer,
    /** A user account (the users feature answers), for the inspector a task is sent to. */
    private readonly userById: (id: number) => Promise<User | null>,
    /** The node's clock: what "now" is for a step without its own time. */
    private readonly time: Clock,
  ) {}

  /**
   * One step of the loop by one user; the state machine decides, the event is appended in the
   * same transaction. Returns the case row; the case page is `detail()`.
   */
  async act(
    id: number,
    request: CaseActionRequest,
    actor: Actor,
    opts: { now?: Date } = {},
  ): Promise<repo.CaseRow> {
    // A resident's own rating on the public portal is a return visit made by the portal itself
    // (channel online), in the visit seat's role; every other step needs a signed-in user.
    const portalVisit =
      !actor.user &&
      actor.system === 'portal' &&
      request.action === 'return_visit' &&
      request.channel === 'online';
    // A problem the urban-management committee's work found (a campaign, an inspection of a
    // commitment) goes straight to the member that must fix it: the committee's desk accepts,
    // files and dispatches it through the same state machine, named `system:committee`.
    const committeeDesk =
      !actor.user &&
      actor.system === 'committee' &&
      (request.action === 'accept' || request.action === 'file' || request.action === 'dispatch');
    const user = portalVisit || committeeDesk ? null : actingUser(actor);
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
        user &&
        !actorMayActOnCase(user.jurisdiction, user.departmentId, c.grid_code, c.unit_id) &&
        !isOwnReport(user, c)
      ) {
        throw new DomainError('auth.out_of_jurisdiction', `Case ${c.code} is outside your jurisdiction`);
      }
      const photos = 'photos' in request && Array.isArray(request.photos) ? request.photos : [];
      const missing = await this.attachments.missing(q, photos);
      if (missing.length)
        throw new DomainError('validation.failed', `Unknown photo ids: ${missing.join(', ')}`);
      if (request.action === 'dispatch') await this.checkDispatchTarget(c, request.unitId, request.level);
      if (taskInspector) checkTaskInspector(c, taskInspector.id, taskInspector.user, request.action);
      const d = decideAction(
        c.snapshot,
        request,
        user
          ? { userId: user.id, roles: user.roles }
          : committeeDesk
            ? { userId: 0, roles: ['operator', 'shift_leader', 'dispatcher'] }
            : { userId: 0, roles: ['hotline'] },
        now,
      );
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
        actorId: user?.id ?? null,
        actorRole: d.event.role,
        actorSystem: actorSystemName(actor),
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
    await announceCase(this.bus, row);
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

  private sectionUnits: SectionUnits = () => [];

  /** The market-run services' contracts name the contractor answering for a place (contracts module). */
  setSectionUnits(source: SectionUnits): void {
    this.sectionUnits = source;
  }

  /**
   * Units responsible for a case: the contractor whose contract covers its grid and category
   * first (given the grid), then the category × area rules, the district's own unit first.
   */
  async suggestUnits(c: SuggestFor): Promise<DepartmentRecord[]> {
    const all = await this.org.allDepartments();
    const contracted = (c.grid_code ? this.sectionUnits({ ...c, grid_code: c.grid_code }) : [])
      .map((id) => all.get(id))
      .filter((d): d is DepartmentRecord => !!d && d.active);
    const depts = [...all.values()].filter((d) => {
      const cats = c.kind === 'component' ? d.componentCategories : d.eventCategories;
      return (
        d.active &&
        cats.includes(c.category) &&
        (d.districtCode === null || d.districtCode === c.district_code) &&
        (d.areaCodes.length === 0 || d.areaCodes.includes(c.district_code))
      );
    });
    // The district's own unit before a city-wide one.
    const byRules = depts.sort(
      (a, b) => Number(b.districtCode !== null) - Number(a.districtCode !== null) || a.id - b.id,
    );
    return [...contracted, ...byRules.filter((d) => !contracted.includes(d))];
  }
}
