import { DomainError, parseDateKey } from '@cityloop/domain';
import type {
  ApprovedSite,
  ApprovedSiteInput,
  ApprovedSiteList,
  CommitmentDetail,
  CommitmentInspectionInput,
  CommitmentList,
  CommitmentState,
  CommitmentView,
  LiaisonCadreInput,
  LiaisonCadreList,
  LiaisonOverview,
  MilestoneDoneInput,
  PermitState,
  SiteKind,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import { audit } from '../audit/audit.service.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import { CAMPAIGN_MANAGERS, type CommitteeService } from './committee.service.js';
import * as repo from './committee.registers.repository.js';

/** Days from one calendar day to another (both YYYY-MM-DD). */
export const daysFrom = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** A permit's state on a day: pending, valid, expiring (its last 30 days) or expired. */
export function permitState(validFrom: string, validTo: string, today: string): PermitState {
  if (today < validFrom) return 'pending';
  if (today > validTo) return 'expired';
  return daysFrom(today, validTo) < 30 ? 'expiring' : 'valid';
}

/**
 * A commitment's state on a day: done when every milestone is done; overdue once its deadline has
 * passed short of that; late when a milestone is past due (escalated to supervision, 督办).
 */
export function commitmentState(
  deadline: string,
  milestones: Array<{ due: string; doneOn: string | null }>,
  today: string,
): CommitmentState {
  if (milestones.length > 0 && milestones.every((m) => m.doneOn !== null)) return 'done';
  if (deadline < today) return 'overdue';
  if (milestones.some((m) => m.doneOn === null && m.due < today)) return 'late';
  return 'on_track';
}

/**
 * The committee's registers beside its campaigns: commitments (承诺事项) with their milestones and
 * inspections, community liaison (双管双责) and the approved seasonal business sites.
 */
export class CommitteeRegisters {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly committee: CommitteeService,
    private readonly attachments: AttachmentsOffer,
  ) {}

  /** The members a user acts for (null: every one, the committee's managers). */
  private async actingMembers(actor: Actor): Promise<number[] | null> {
    const user = actingUser(actor);
    if (user.roles.some((r) => CAMPAIGN_MANAGERS.includes(r))) return null;
    const { items } = await this.committee.members(actor);
    return items.filter((m) => m.departmentId === user.departmentId).map((m) => m.id);
  }

  // ---- Commitments ----

  async commitments(actor: Actor): Promise<CommitmentList> {
    const mine = await this.actingMembers(actor);
    const rows = await repo.listCommitments(this.db, mine);
    const items = await this.present(rows);
    return {
      items,
      total: items.length,
      escalated: items.filter((c) => c.escalated).length,
      done: items.filter((c) => c.state === 'done').length,
    };
  }

  private async present(rows: repo.CommitmentRow[]): Promise<CommitmentView[]> {
    const ids = rows.map((r) => r.id);
    const [milestones, counts] = await Promise.all([
      repo.milestonesOf(this.db, ids),
      repo.inspectionCounts(this.db, ids),
    ]);
    const today = this.committee.today();
    return rows.map((c): CommitmentView => {
      const own = milestones
        .filter((m) => m.commitment_id === c.id)
        .map((m) => ({
          id: m.id,
          title: m.title,
          titleEn: m.title_en,
          due: m.due,
          doneOn: m.done_on,
          late: m.done_on === null && m.due < today,
        }));
      const state = commitmentState(c.deadline, own, today);
      const n = counts.get(c.id) ?? { all: 0, failed: 0 };
      return {
        id: c.id,
        code: c.code,
        title: c.title,
        titleEn: c.title_en,
        streetCode: c.street_code,
        place: c.place,
        placeEn: c.place_en,
        lon: c.lon,
        lat: c.lat,
        memberId: c.member_id,
        partnerIds: c.partner_ids,
        measures: c.measures,
        measuresEn: c.measures_en,
        startDate: c.start_date,
        deadline: c.deadline,
        state,
        escalated: state === 'late' || state === 'overdue',
        milestones: own,
        milestonesDone: own.filter((m) => m.doneOn !== null).length,
        inspections: n.all,
        failedInspections: n.failed,
      };
    });
  }

  /** A commitment the user may see: the managers any, a member those it answers for or works on. */
  private async visibleCommitment(id: number, actor: Actor) {
    const row = await repo.getCommitment(this.db, id);
    if (!row) throw new DomainError('not_found', `Commitment ${id} does not exist`);
    const mine = await this.actingMembers(actor);
    if (mine !== null && !mine.some((m) => m === row.member_id || row.partner_ids.includes(m)))
      throw new DomainError('auth.out_of_jurisdiction', `You do not work on commitment ${row.code}`);
    return { row, mine };
  }

  async commitment(id: number, actor: Actor): Promise<CommitmentDetail> {
    const { row } = await this.visibleCommitment(id, actor);
    const [view] = await this.present([row]);
    const log = await repo.inspectionsOf(this.db, id);
    return {
      ...view!,
      inspectionLog: log.map((i) => ({
        id: i.id,
        inspectedOn: i.inspected_on,
        passed: i.passed,
        note: i.note,
        photos: i.photos,
        caseId: i.case_id === null ? null : Number(i.case_id),
        caseCode: i.case_code,
      })),
    };
  }

  /**
   * An inspection of a commitment's area on the spot. A failed one is a case, dispatched at once
   * to the member answerable for the area.
   */
  async inspect(id: number, body: CommitmentInspectionInput, actor: Actor): Promise<CommitmentDetail> {
    const user = actingUser(actor);
    const { row } = await this.visibleCommitment(id, actor);
    parseDateKey(body.inspectedOn);
    if (body.inspectedOn > this.committee.today())
      throw new DomainError('validation.failed', 'An inspection is not in the future');
    if ((body.lon === undefined) !== (body.lat === undefined))
      throw new DomainError('validation.failed', 'Give both lon and lat, or neither');
    if (!body.passed && !body.category)
      throw new DomainError('validation.failed', 'A failed inspection needs the category of its case');
    const photos = body.photos ?? [];
    if ((await this.attachments.missing(this.db, photos)).length)
      throw new DomainError('validation.failed', 'Unknown photo');
    const now = this.clock.now();
    let made: { id: number; code: string; dispatched: boolean } | null = null;
    if (!body.passed) {
      const member = (await this.committee.members(actor)).items.find((m) => m.id === row.member_id)!;
      made = await this.committee.fileFor(member, {
        category: body.category!,
        lon: body.lon ?? row.lon,
        lat: body.lat ?? row.lat,
        description: `【承诺事项·${row.title}】${body.note}`,
        photos,
        actor,
        now,
      });
    }
    await this.db.tx(async (q) => {
      const inspectionId = await repo.insertInspection(q, {
        commitmentId: id,
        inspectedOn: body.inspectedOn,
        passed: body.passed,
        note: body.note,
        photos,
        caseId: made?.id ?? null,
        caseCode: made?.code ?? null,
        by: user.id,
        at: now,
      });
      await audit(q, actor, {
        action: 'create',
        entity: 'commitment_inspection',
        entityId: inspectionId,
        after: { ...body, caseCode: made?.code ?? null },
      });
    });
    return this.commitment(id, actor);
  }

  /** A milestone marked done (or undone) by the managers or the member answerable for the area. */
  async milestone(
    id: number,
    milestoneId: number,
    body: MilestoneDoneInput,
    actor: Actor,
  ): Promise<CommitmentDetail> {
    const { row, mine } = await this.visibleCommitment(id, actor);
    if (mine !== null && !mine.includes(row.member_id))
      throw new DomainError('auth.out_of_jurisdiction', `Only the answerable member reports on ${row.code}`);
    if (body.doneOn !== null) {
      parseDateKey(body.doneOn);
      if (body.doneOn > this.committee.today())
        throw new DomainError('validation.failed', 'A milestone is not done in the future');
    }
    await this.db.tx(async (q) => {
      const before = await repo.setMilestoneDone(q, id, milestoneId, body.doneOn);
      if (before === undefined)
        throw new DomainError('not_found', `Milestone ${milestoneId} is not in commitment ${row.code}`);
      await audit(q, actor, {
        action: 'update',
        entity: 'commitment_milestone',
        entityId: milestoneId,
        before: { doneOn: before },
        after: body,
      });
    });
    return this.commitment(id, actor);
  }

  // ---- Community liaison ----

  async liaison(): Promise<LiaisonOverview> {
    const [communities, points, perPoint, perCommunity, perDept] = await Promise.all([
      repo.listCommunities(this.db),
      repo.listPoints(this.db),
      repo.cadresPer(this.db, 'point_id'),
      repo.cadresPer(this.db, 'community_id'),
      repo.cadresPer(this.db, 'department_id'),
    ]);
    const items = communities.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      nameEn: c.name_en,
      streetCode: c.street_code,
      lon: c.lon,
      lat: c.lat,
      cadres: perCommunity.get(c.id) ?? 0,
      points: points
        .filter((p) => p.community_id === c.id)
        .map((p) => ({
          id: p.id,
          name: p.name,
          nameEn: p.name_en,
          address: p.address,
          lon: p.lon,
          lat: p.lat,
          hours: p.hours,
          hoursEn: p.hours_en,
          cadres: perPoint.get(p.id) ?? 0,
        })),
    }));
    return {
      cadres: [...perCommunity.values()].reduce((s, n) => s + n, 0),
      communities: items.length,
      points: points.length,
      items,
      byDepartment: [...perDept.entries()]
        .map(([departmentId, cadres]) => ({ departmentId, cadres }))
        .sort((a, b) => b.cadres - a.cadres || a.departmentId - b.departmentId),
    };
  }

  async cadres(communityId: number): Promise<LiaisonCadreList> {
    if (!(await repo.communityExists(this.db, communityId)))
      throw new DomainError('not_found', `Community ${communityId} is not in the liaison register`);
    const rows = await repo.cadresOf(this.db, communityId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        phone: r.phone,
        departmentId: r.department_id,
        communityId: r.community_id,
        pointId: r.point_id,
      })),
    };
  }

  async registerCadre(body: LiaisonCadreInput, actor: Actor): Promise<LiaisonCadreList> {
    const name = body.name.trim();
    if (!name) throw new DomainError('validation.failed', 'A cadre has a name');
    if (!(await repo.communityExists(this.db, body.communityId)))
      throw new DomainError('validation.failed', `Community ${body.communityId} is not in the register`);
    if (body.pointId !== undefined && !(await repo.pointIn(this.db, body.pointId, body.communityId)))
      throw new DomainError('validation.failed', `Point ${body.pointId} is not in that community`);
    if (!(await repo.departmentExists(this.db, body.departmentId)))
      throw new DomainError('validation.failed', `Department ${body.departmentId} does not exist`);
    await this.db.tx(async (q) => {
      const id = await repo.insertCadre(q, { ...body, name, pointId: body.pointId ?? null });
      await audit(q, actor, { action: 'create', entity: 'liaison_cadre', entityId: id, after: body });
    });
    return this.cadres(body.communityId);
  }

  // ---- Approved sites ----

  async sites(): Promise<ApprovedSiteList> {
    const today = this.committee.today();
    const rows = await repo.listSites(this.db);
    const items = rows.map((s): ApprovedSite => ({
      id: s.id,
      code: s.code,
      kind: s.kind as SiteKind,
      name: s.name,
      nameEn: s.name_en,
      operatorName: s.operator_name,
      streetCode: s.street_code,
      address: s.address,
      lon: s.lon,
      lat: s.lat,
      opens: s.opens,
      closes: s.closes,
      conditions: s.conditions,
      conditionsEn: s.conditions_en,
      permitNo: s.permit_no,
      validFrom: s.valid_from,
      validTo: s.valid_to,
      permit: permitState(s.valid_from, s.valid_to, today),
      daysLeft: daysFrom(today, s.valid_to),
    }));
    const count = <K extends string>(keys: readonly K[], of: (s: ApprovedSite) => K) =>
      Object.fromEntries(keys.map((k) => [k, items.filter((s) => of(s) === k).length])) as Record<K, number>;
    return {
      items,
      byKind: count(['beer_plaza', 'barbecue', 'night_market'] as const, (s) => s.kind),
      byPermit: count(['pending', 'valid', 'expiring', 'expired'] as const, (s) => s.permit),
    };
  }

  async registerSite(body: ApprovedSiteInput, actor: Actor): Promise<ApprovedSiteList> {
    parseDateKey(body.validFrom);
    parseDateKey(body.validTo);
    if (body.validTo < body.validFrom)
      throw new DomainError('validation.failed', 'A permit ends on or after its start');
    if (!body.name.trim() || !body.operatorName.trim() || !body.address.trim())
      throw new DomainError('validation.failed', 'A site has a name, an operator and an address');
    if (await repo.permitTaken(this.db, body.permitNo))
      throw new DomainError('conflict', `Permit ${body.permitNo} is registered already`);
    await this.db.tx(async (q) => {
      const id = await repo.insertSite(q, {
        ...body,
        code: await repo.nextSiteCode(q),
        nameEn: body.nameEn?.trim() || body.name,
        conditionsEn: body.conditionsEn?.trim() || body.conditions,
      });
      await audit(q, actor, { action: 'create', entity: 'approved_site', entityId: id, after: body });
    });
    return this.sites();
  }
}
