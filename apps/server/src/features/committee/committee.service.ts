import {
  DomainError,
  ZoneClock,
  addDaysToKey,
  parseDateKey,
  weekdayOfKey,
  type Role,
} from '@cityloop/domain';
import type {
  CampaignBulletin,
  CampaignDetail,
  CampaignInput,
  CampaignProblemInput,
  CampaignReportInput,
  CampaignView,
  CommitteeMember,
  CommitteeMemberList,
  MemberKind,
  SpecialCampaignList,
  TaskScoreChange,
  TaskScoreInput,
} from '@cityloop/domain/api';
import { COMMITTEE_ACTOR, actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import { audit } from '../audit/audit.service.js';
import type { AttachmentsOffer } from '../attachments/attachments.module.js';
import type { CasesOffer } from '../cases/cases.module.js';
import type { OrgOffer } from '../org/org.module.js';
import * as repo from './committee.repository.js';

/** Roles that run the committee's campaigns: see them all, create them, score the members. */
export const CAMPAIGN_MANAGERS: readonly Role[] = [
  'leader',
  'supervisor',
  'dispatcher',
  'shift_leader',
  'admin',
];

const iso = (v: Date | string): string => new Date(v).toISOString();

/**
 * The urban-management committee (城管委) and its special campaigns (专项整治). A member is a
 * handling unit (department); a handler sees and acts on the campaigns of their own unit only.
 */
export class CommitteeService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly org: OrgOffer,
    private readonly cases: CasesOffer,
    private readonly attachments: AttachmentsOffer,
    timeZone: string,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  /** Today in the city (YYYY-MM-DD). */
  today(): string {
    return this.zone.dateKeyOf(this.clock.now().getTime());
  }

  async members(_actor: Actor): Promise<CommitteeMemberList> {
    const [rows, depts] = await Promise.all([repo.listMembers(this.db), this.org.allDepartments()]);
    const items = rows.map((m): CommitteeMember => {
      const d = depts.get(m.department_id);
      return {
        id: m.id,
        departmentId: m.department_id,
        code: d?.code ?? String(m.department_id),
        name: d?.name ?? String(m.department_id),
        nameEn: d?.nameEn ?? null,
        kind: m.member_kind as MemberKind,
        contactName: m.contact_name,
        contactPhone: m.contact_phone,
        responsibilities: m.responsibilities,
        responsibilitiesEn: m.responsibilities_en,
      };
    });
    return { items };
  }

  /**
   * The members a user acts for: null for the committee's managers (every campaign), else the
   * members whose handling unit is the user's department (none for anyone else).
   */
  private async actingMembers(user: SessionUser): Promise<number[] | null> {
    if (user.roles.some((r) => CAMPAIGN_MANAGERS.includes(r))) return null;
    if (user.departmentId === null) return [];
    return (await repo.listMembers(this.db))
      .filter((m) => m.department_id === user.departmentId)
      .map((m) => m.id);
  }

  async campaigns(actor: Actor): Promise<SpecialCampaignList> {
    const mine = await this.actingMembers(actingUser(actor));
    const rows = await repo.listCampaigns(this.db, mine);
    return { items: await this.present(rows) };
  }

  /** A campaign the user may see (403 for a member outside it). */
  private async visibleCampaign(id: number, actor: Actor) {
    const c = await repo.getCampaign(this.db, id);
    if (!c) throw new DomainError('not_found', `Campaign ${id} does not exist`);
    const mine = await this.actingMembers(actingUser(actor));
    if (mine !== null) {
      const members = (await repo.campaignMembers(this.db, [id])).map((m) => m.member_id);
      if (!mine.some((m) => members.includes(m)))
        throw new DomainError('auth.forbidden', `You are not a member of campaign ${c.code}`);
    }
    return { campaign: c, mine };
  }

  async detail(id: number, actor: Actor): Promise<CampaignDetail> {
    const { campaign } = await this.visibleCampaign(id, actor);
    const [view] = await this.present([campaign]);
    const [reports, problems] = await Promise.all([
      repo.reportsOf(this.db, id),
      repo.problemsOf(this.db, id),
    ]);
    return {
      ...view!,
      reports: reports.map((r) => ({
        id: r.id,
        taskId: r.task_id,
        count: r.count,
        note: r.note,
        photos: r.photos,
        place: r.place,
        lon: r.lon,
        lat: r.lat,
        reportedAt: iso(r.reported_at),
      })),
      problems: problems.map((p) => ({
        id: p.id,
        memberId: p.member_id,
        description: p.description,
        lon: p.lon,
        lat: p.lat,
        caseId: Number(p.case_id),
        caseCode: p.case_code,
        foundAt: iso(p.found_at),
      })),
    };
  }

  private async present(rows: repo.CampaignRow[]): Promise<CampaignView[]> {
    const ids = rows.map((c) => c.id);
    const [members, tasks] = await Promise.all([
      repo.campaignMembers(this.db, ids),
      repo.tasksOf(this.db, ids),
    ]);
    const today = this.today();
    return rows.map((c): CampaignView => {
      const own = tasks.filter((t) => t.campaign_id === c.id);
      const target = own.reduce((s, t) => s + t.target, 0);
      const done = own.reduce((s, t) => s + Math.min(t.done, t.target), 0);
      const taskViews = own.map((t) => ({
        id: t.id,
        memberId: t.member_id,
        title: t.title,
        titleEn: t.title_en,
        target: t.target,
        done: t.done,
        deadline: t.deadline,
        late: t.deadline < today && t.done < t.target,
        score: t.score,
        reports: t.reports,
      }));
      return {
        id: c.id,
        code: c.code,
        theme: c.theme,
        themeEn: c.theme_en,
        leadMemberId: c.lead_member_id,
        memberIds: members.filter((m) => m.campaign_id === c.id).map((m) => m.member_id),
        areaCodes: c.area_codes,
        targetLabel: c.target_label,
        targetLabelEn: c.target_label_en,
        targetUnit: c.target_unit,
        startDate: c.start_date,
        endDate: c.end_date,
        status: today < c.start_date ? 'planned' : today > c.end_date ? 'ended' : 'running',
        target,
        done,
        progressPct: target === 0 ? 0 : Math.floor((100 * done) / target),
        lateTasks: taskViews.filter((t) => t.late).length,
        tasks: taskViews,
      };
    });
  }

  /** A new campaign with its members and their tasks (the lead is a member too). */
  async create(input: CampaignInput, actor: Actor): Promise<CampaignDetail> {
    parseDateKey(input.startDate);
    parseDateKey(input.endDate);
    if (input.endDate < input.startDate)
      throw new DomainError('validation.failed', 'A campaign ends on or after its start');
    const known = new Set((await repo.listMembers(this.db)).map((m) => m.id));
    const memberIds = [...new Set([input.leadMemberId, ...input.memberIds])];
    const unknown = memberIds.filter((m) => !known.has(m));
    if (unknown.length) throw new DomainError('validation.failed', `Unknown members: ${unknown.join(', ')}`);
    for (const t of input.tasks) {
      if (!memberIds.includes(t.memberId))
        throw new DomainError('validation.failed', `Task “${t.title}” is for a member outside the campaign`);
      parseDateKey(t.deadline);
    }
    const id = await this.db.tx(async (q) => {
      const code = await repo.nextCampaignCode(q, Number(this.today().slice(0, 4)));
      const campaignId = await repo.insertCampaign(q, {
        code,
        theme: input.theme,
        themeEn: input.themeEn?.trim() || input.theme,
        leadMemberId: input.leadMemberId,
        areaCodes: input.areaCodes,
        targetLabel: input.targetLabel,
        targetLabelEn: input.targetLabelEn?.trim() || input.targetLabel,
        targetUnit: input.targetUnit,
        startDate: input.startDate,
        endDate: input.endDate,
        memberIds,
      });
      for (const t of input.tasks)
        await repo.insertTask(q, {
          campaignId,
          memberId: t.memberId,
          title: t.title,
          titleEn: t.titleEn?.trim() || t.title,
          target: t.target,
          deadline: t.deadline,
        });
      await audit(q, actor, { action: 'create', entity: 'campaign', entityId: campaignId, after: input });
      return campaignId;
    });
    return this.detail(id, actor);
  }

  /** A task the user may act on: a manager any, a member only its own unit's (403 otherwise). */
  private async actionableTask(campaignId: number, taskId: number, actor: Actor) {
    const { mine } = await this.visibleCampaign(campaignId, actor);
    const task = await repo.getTask(this.db, taskId);
    if (!task || task.campaign_id !== campaignId)
      throw new DomainError('not_found', `Task ${taskId} is not in campaign ${campaignId}`);
    if (mine !== null && !mine.includes(task.member_id))
      throw new DomainError('auth.forbidden', `Task ${taskId} is another member’s`);
    return task;
  }

  /** A progress report on a task: the count done, photos and the place. */
  async report(campaignId: number, taskId: number, body: CampaignReportInput, actor: Actor) {
    const user = actingUser(actor);
    await this.actionableTask(campaignId, taskId, actor);
    const photos = body.photos ?? [];
    if ((await this.attachments.missing(this.db, photos)).length)
      throw new DomainError('validation.failed', 'Unknown photo');
    if ((body.lon === undefined) !== (body.lat === undefined))
      throw new DomainError('validation.failed', 'Give both lon and lat, or neither');
    await this.db.tx(async (q) => {
      const id = await repo.insertReport(q, {
        taskId,
        count: body.count,
        note: body.note ?? '',
        photos,
        place: body.place ?? null,
        lon: body.lon ?? null,
        lat: body.lat ?? null,
        reportedBy: user.id,
        reportedAt: this.clock.now(),
      });
      await audit(q, actor, { action: 'create', entity: 'campaign_report', entityId: id, after: body });
    });
    return this.detail(campaignId, actor);
  }

  /**
   * A problem found on the campaign: filed as a case (source leader) and dispatched at once by the
   * committee's desk to the handling unit of the member that must fix it. Should the dispatch be
   * refused (a place outside the member's district), the case waits at the desk as any report.
   */
  async problem(campaignId: number, body: CampaignProblemInput, actor: Actor) {
    const user = actingUser(actor);
    const { campaign } = await this.visibleCampaign(campaignId, actor);
    const members = await this.members(actor);
    const member = members.items.find((m) => m.id === body.memberId);
    if (!member) throw new DomainError('validation.failed', `Unknown member ${body.memberId}`);
    const now = this.clock.now();
    const made = await this.fileFor(member, {
      category: body.category,
      lon: body.lon,
      lat: body.lat,
      description: `【专项整治·${campaign.theme}】${body.description}`,
      photos: body.photos ?? [],
      actor,
      now,
    });
    await this.db.tx(async (q) => {
      const id = await repo.insertProblem(q, {
        campaignId,
        memberId: member.id,
        description: body.description,
        lon: body.lon,
        lat: body.lat,
        caseId: made.id,
        caseCode: made.code,
        foundBy: user.id,
        foundAt: now,
      });
      await audit(q, actor, {
        action: 'create',
        entity: 'campaign_problem',
        entityId: id,
        after: { ...body, caseCode: made.code, dispatched: made.dispatched },
      });
    });
    return this.detail(campaignId, actor);
  }

  /**
   * A case for a committee member: reported by the user who found it, then accepted, filed and
   * dispatched to the member's handling unit by the committee's desk (`system:committee`).
   */
  async fileFor(
    member: Pick<CommitteeMember, 'name' | 'departmentId'>,
    c: {
      category: string;
      lon: number;
      lat: number;
      description: string;
      photos: string[];
      actor: Actor;
      now: Date;
    },
  ): Promise<{ id: number; code: string; dispatched: boolean }> {
    const made = await this.cases.report(
      {
        kind: 'event',
        category: c.category,
        lon: c.lon,
        lat: c.lat,
        description: `${c.description}（责任成员：${member.name}）`.slice(0, 2000),
        source: 'leader',
        photos: c.photos,
      },
      c.actor,
      { now: c.now },
    );
    const id = Number(made.case.id);
    let dispatched = false;
    try {
      await this.cases.act(id, { action: 'accept' }, COMMITTEE_ACTOR, { now: c.now });
      await this.cases.act(id, { action: 'file' }, COMMITTEE_ACTOR, { now: c.now });
      await this.cases.act(id, { action: 'dispatch', unitId: member.departmentId }, COMMITTEE_ACTOR, {
        now: c.now,
      });
      dispatched = true;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    return { id, code: made.case.code, dispatched };
  }

  /** A member's score on a task, with the evidence; every change is kept and audited. */
  async score(campaignId: number, taskId: number, body: TaskScoreInput, actor: Actor) {
    const user = actingUser(actor);
    const task = await this.actionableTask(campaignId, taskId, actor);
    const evidence = body.evidence.trim();
    if (!evidence) throw new DomainError('validation.failed', 'A score change needs its evidence');
    const photos = body.evidencePhotos ?? [];
    if ((await this.attachments.missing(this.db, photos)).length)
      throw new DomainError('validation.failed', 'Unknown photo');
    await this.db.tx(async (q) => {
      await repo.setScore(q, {
        taskId,
        before: task.score,
        after: body.score,
        evidence,
        photos,
        by: user.id,
        at: this.clock.now(),
      });
      await audit(q, actor, {
        action: 'update',
        entity: 'campaign_task',
        entityId: taskId,
        before: { score: task.score },
        after: { score: body.score, evidence, evidencePhotos: photos },
      });
    });
    return this.scoreHistory(campaignId, taskId, actor);
  }

  async scoreHistory(
    campaignId: number,
    taskId: number,
    actor: Actor,
  ): Promise<{ items: TaskScoreChange[] }> {
    await this.visibleCampaign(campaignId, actor);
    const task = await repo.getTask(this.db, taskId);
    if (!task || task.campaign_id !== campaignId) throw new DomainError('not_found', `Task ${taskId}`);
    const rows = await repo.scoreChanges(this.db, taskId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        taskId: r.task_id,
        scoreBefore: r.score_before,
        scoreAfter: r.score_after,
        evidence: r.evidence,
        evidencePhotos: r.evidence_photos,
        changedAt: iso(r.changed_at),
      })),
    };
  }

  /**
   * The weekly bulletin (周通报): per member, its target, what it has done by the week's end and in
   * the week, and its late tasks (deadline passed short of the target, as of the week's end or
   * today, whichever is first).
   */
  async bulletin(campaignId: number, week: string | undefined, actor: Actor): Promise<CampaignBulletin> {
    await this.visibleCampaign(campaignId, actor);
    const today = this.today();
    const day = week ?? today;
    parseDateKey(day);
    const weekStart = addDaysToKey(day, -((weekdayOfKey(day) + 6) % 7));
    const weekEnd = addDaysToKey(weekStart, 6);
    const from = new Date(this.zone.instantOf(weekStart, 0));
    const to = new Date(this.zone.instantOf(addDaysToKey(weekEnd, 1), 0));
    const [tasks, members, inWeek, untilEnd] = await Promise.all([
      repo.tasksOf(this.db, [campaignId]),
      repo.campaignMembers(this.db, [campaignId]),
      repo.countsBetween(this.db, campaignId, from, to),
      repo.countsBetween(this.db, campaignId, new Date(0), to),
    ]);
    const asOf = weekEnd < today ? weekEnd : today;
    const rows = members.map(({ member_id }) => {
      const own = tasks.filter((t) => t.member_id === member_id);
      const target = own.reduce((s, t) => s + t.target, 0);
      const doneOf = (t: repo.TaskRow) => untilEnd.get(t.id) ?? 0;
      const done = own.reduce((s, t) => s + doneOf(t), 0);
      const scored = own.filter((t) => t.score !== null);
      return {
        memberId: member_id,
        tasks: own.length,
        target,
        done,
        doneThisWeek: own.reduce((s, t) => s + (inWeek.get(t.id) ?? 0), 0),
        progressPct: target === 0 ? 0 : Math.min(100, Math.floor((100 * done) / target)),
        lateTasks: own.filter((t) => t.deadline < asOf && doneOf(t) < t.target).length,
        score: scored.length ? scored.reduce((s, t) => s + t.score!, 0) / scored.length : null,
      };
    });
    rows.sort(
      (a, b) => b.lateTasks - a.lateTasks || a.progressPct - b.progressPct || a.memberId - b.memberId,
    );
    return { campaignId, weekStart, weekEnd, rows };
  }
}
