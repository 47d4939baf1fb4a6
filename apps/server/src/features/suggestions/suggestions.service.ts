import { randomInt } from 'node:crypto';
import { DomainError, ZoneClock, maskPhone } from '@cityloop/domain';
import type {
  AssignBody,
  Campaign,
  CampaignList,
  DecideBody,
  GroupBody,
  PublicSuggestion,
  SuggestionBody,
  SuggestionItem,
  SuggestionList,
  SuggestionListQuery,
  SuggestionVisitBody,
  TaskDoneBody,
} from '@cityloop/domain/api';
import { actingUser, actorSystemName, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db, Queryable } from '../../db/db.js';
import type { OrgOffer } from '../org/org.module.js';
import * as repo from './suggestions.repository.js';

/** Submissions one client address may send from the public form per window. */
export const PUBLIC_LIMIT = 5;
export const PUBLIC_WINDOW_MINUTES = 10;
const CODE_CHARS = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const DAY_END_MS = 86_400_000 - 1;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function presentCampaign(r: repo.CampaignRow): Campaign {
  return {
    id: r.id,
    title: r.title,
    titleEn: r.title_en,
    description: r.description,
    descriptionEn: r.description_en,
    status: r.status,
    opensAt: r.opens_at.toISOString(),
    closesAt: iso(r.closes_at),
    counts: {
      collected: r.collected,
      adopted: r.adopted,
      notAdopted: r.not_adopted,
      assigned: r.assigned,
      done: r.done,
      visited: r.visited,
      satisfied: r.satisfied,
    },
  };
}

/**
 * Suggestion campaigns (民意征集, 为民服务实事): residents' suggestions from the public form and the
 * hotline; staff group them, adopt or decline them with a public reply, give an adopted one to a
 * unit as a task with a deadline (a task on the suggestion, not a case: see 0023_suggestions.sql),
 * and call the proposer back. Every change is an event row in the same transaction.
 */
export class SuggestionService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly org: OrgOffer,
    timeZone: string,
    private readonly time: Clock,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  async campaigns(openOnly: boolean): Promise<CampaignList> {
    return { items: (await repo.listCampaigns(this.db, openOnly)).map(presentCampaign) };
  }

  async campaign(id: number): Promise<Campaign> {
    const r = await repo.getCampaign(this.db, id);
    if (!r) throw new DomainError('not_found', `No campaign ${id}`);
    return presentCampaign(r);
  }

  /** The demo city's open campaign, made once (a city without campaigns gets it on start). */
  async ensureDemoCampaign(): Promise<number | null> {
    if ((await repo.campaignCount(this.db)) > 0) return null;
    return repo.insertCampaign(this.db, {
      title: '2026年为民服务实事意见征集',
      titleEn: 'Public consultation on the 2026 practical projects for the people',
      description:
        '围绕道路、环卫、园林绿化、停车、市场、照明和市政设施，征集您希望市城管局2026年为群众办好的实事。每条建议都会得到答复，采纳的建议交责任单位限期办理并回访。',
      descriptionEn:
        'Tell the urban-management bureau which practical projects it should carry out for residents in 2026 — roads, sanitation, greenery, parking, markets, lighting, public facilities. Every suggestion gets a reply; adopted ones go to a unit with a deadline, and the proposer is called back.',
      opensAt: new Date('2026-01-05T00:00:00+08:00'),
    });
  }

  /**
   * Records a suggestion: a resident's from the public form (`clientKey` = their address, limited
   * to PUBLIC_LIMIT per window) or one a hotline seat took on the phone.
   */
  async submit(
    body: SuggestionBody,
    from: { channel: 'web'; clientKey: string } | { channel: 'hotline'; actor: Actor },
  ): Promise<{ code: string; id: number }> {
    const now = this.time.now();
    const campaign = await repo.getCampaign(this.db, body.campaignId);
    if (!campaign || campaign.status !== 'open' || campaign.opens_at > now)
      throw new DomainError('not_found', `No open campaign ${body.campaignId}`);
    if (body.districtCode !== undefined && !(await repo.districtExists(this.db, body.districtCode)))
      throw new DomainError('validation.failed', `No district ${body.districtCode}`);
    const user = from.channel === 'hotline' ? actingUser(from.actor) : null;
    const year = this.zone.dateKeyOf(now.getTime()).slice(0, 4);
    const code = `JY-${year}-${Array.from({ length: 8 }, () => CODE_CHARS[randomInt(CODE_CHARS.length)]).join('')}`;
    return this.db.tx(async (q) => {
      if (from.channel === 'web') {
        const n = await repo.takeSlot(q, `addr:${from.clientKey}`, PUBLIC_WINDOW_MINUTES, now);
        if (n > PUBLIC_LIMIT)
          throw new DomainError(
            'suggestion.rate_limited',
            `At most ${PUBLIC_LIMIT} suggestions every ${PUBLIC_WINDOW_MINUTES} minutes from one address`,
          );
      }
      const id = await repo.insertSuggestion(q, {
        code,
        campaignId: body.campaignId,
        channel: from.channel,
        topic: body.topic,
        content: body.content.trim(),
        name: body.name?.trim() || null,
        phone: body.phone?.trim() || null,
        districtCode: body.districtCode ?? null,
        recordedBy: user?.id ?? null,
        at: now,
      });
      await repo.insertEvents(q, [id], {
        action: 'submit',
        actorId: user?.id ?? null,
        actorSystem: null,
        at: now,
        payload: { channel: from.channel },
      });
      return { code, id };
    });
  }

  /** The public view by tracking code: status, reply, the task's dates; no names or phones. */
  async publicView(code: string): Promise<PublicSuggestion> {
    const r = await repo.byCode(this.db, code);
    if (!r) throw new DomainError('not_found', `No suggestion ${code}`);
    return {
      code: r.code,
      campaignTitle: r.campaign_title,
      campaignTitleEn: r.campaign_title_en,
      topic: r.topic,
      content: r.content,
      status: r.status,
      reply: r.reply,
      decidedAt: iso(r.decided_at),
      taskDueAt: iso(r.task_due_at),
      taskDoneAt: iso(r.task_done_at),
      createdAt: r.created_at.toISOString(),
    };
  }

  /** Staff's list (a unit's handler: its own unit's tasks only), newest first. */
  async list(query: SuggestionListQuery, actor: Actor): Promise<SuggestionList> {
    const limit = query.limit ?? 50;
    const unitId = this.ownUnit(actor);
    const rows = await repo.list(
      this.db,
      {
        campaignId: query.campaignId,
        status: query.status,
        task: query.task,
        groupId: query.groupId,
        unitId: unitId ?? undefined,
        now: this.time.now(),
      },
      { cursor: query.cursor, limit: limit + 1 },
    );
    const page = rows.slice(0, limit);
    const items = await this.present(page);
    return { items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  async get(id: number, actor: Actor): Promise<SuggestionItem> {
    const [row] = await repo.byIds(this.db, [id]);
    if (!row) throw new DomainError('not_found', `No suggestion ${id}`);
    const unitId = this.ownUnit(actor);
    if (unitId !== null && row.unit_id !== unitId)
      throw new DomainError('auth.forbidden', 'Another unit’s suggestion');
    return (await this.present([row]))[0]!;
  }

  /** A handler's unit (they see and finish its tasks only); null for the bureau's staff. */
  private ownUnit(actor: Actor): number | null {
    const user = actingUser(actor);
    if (!user.roles.every((r) => r === 'handler')) return null;
    return user.jurisdiction.departmentId ?? user.departmentId ?? -1;
  }

  private async present(rows: repo.SuggestionRow[]): Promise<SuggestionItem[]> {
    const depts = await this.org.allDepartments();
    const now = this.time.now().getTime();
    return rows.map((r) => {
      const dept = r.unit_id !== null ? depts.get(r.unit_id) : undefined;
      return {
        id: r.id,
        code: r.code,
        campaignId: r.campaign_id,
        channel: r.channel,
        topic: r.topic,
        content: r.content,
        proposerName: r.proposer_name,
        phone: maskPhone(r.proposer_phone),
        districtCode: r.district_code,
        groupId: r.group_id,
        groupTitle: r.group_title,
        status: r.status,
        reply: r.reply,
        decidedAt: iso(r.decided_at),
        unitId: r.unit_id,
        unitName: dept?.name ?? null,
        unitNameEn: dept?.nameEn ?? null,
        taskDueAt: iso(r.task_due_at),
        taskDoneAt: iso(r.task_done_at),
        taskNote: r.task_note,
        overdue: r.task_due_at !== null && r.task_done_at === null && r.task_due_at.getTime() < now,
        visitResult: r.visit_result,
        visitSatisfaction: r.visit_satisfaction,
        visitedAt: iso(r.visited_at),
        createdAt: r.created_at.toISOString(),
      };
    });
  }

  /** Locks the rows, checks they all exist and belong to one campaign, and runs `fn` on them. */
  private async change<T>(
    ids: readonly number[],
    fn: (q: Queryable, rows: repo.SuggestionRow[], now: Date) => Promise<T>,
  ): Promise<T> {
    const now = this.time.now();
    return this.db.tx(async (q) => {
      const rows = await repo.byIds(q, ids, true);
      if (rows.length !== ids.length) throw new DomainError('not_found', 'No such suggestion');
      if (new Set(rows.map((r) => r.campaign_id)).size > 1)
        throw new DomainError('validation.failed', 'The suggestions belong to different campaigns');
      return fn(q, rows, now);
    });
  }

  private event(action: string, actor: Actor, at: Date, payload: object) {
    return {
      action,
      actorId: actor.user?.id ?? null,
      actorSystem: actorSystemName(actor),
      at,
      payload,
    };
  }

  /** Puts suggestions on the same matter into a new group (they can then be decided together). */
  async group(body: GroupBody, actor: Actor): Promise<{ changed: number }> {
    return this.change(body.ids, async (q, rows, now) => {
      const groupId = await repo.insertGroup(q, rows[0]!.campaign_id, body.title.trim(), now);
      await repo.update(q, body.ids, { group_id: groupId });
      await repo.insertEvents(q, body.ids, this.event('group', actor, now, { groupId, title: body.title }));
      return { changed: body.ids.length };
    });
  }

  /** Adopted or not adopted, with the public reply; a decision stands once the work has begun. */
  async decide(body: DecideBody, actor: Actor): Promise<{ changed: number }> {
    return this.change(body.ids, async (q, rows, now) => {
      const started = rows.find((r) => r.unit_id !== null || r.visit_result !== null);
      if (started)
        throw new DomainError(
          'conflict',
          `${started.code} has been assigned or visited; its decision stands`,
        );
      const status = body.adopted ? 'adopted' : 'not_adopted';
      await repo.update(q, body.ids, { status, reply: body.reply.trim(), decided_at: now });
      await repo.insertEvents(q, body.ids, this.event('decide', actor, now, { status, reply: body.reply }));
      return { changed: body.ids.length };
    });
  }

  /** Gives an adopted suggestion to a unit with a deadline (the end of `dueDate` in the city). */
  async assign(id: number, body: AssignBody, actor: Actor): Promise<SuggestionItem> {
    await this.change([id], async (q, [row], now) => {
      if (row!.status !== 'adopted')
        throw new DomainError(
          'conflict',
          `${row!.code} is not adopted: only adopted suggestions become tasks`,
        );
      if (row!.task_done_at !== null) throw new DomainError('conflict', `${row!.code} is done already`);
      if (!(await repo.departmentExists(q, body.unitId)))
        throw new DomainError('validation.failed', `No active unit ${body.unitId}`);
      const due = new Date(this.zone.instantOf(body.dueDate, DAY_END_MS));
      if (due.getTime() < now.getTime())
        throw new DomainError('validation.failed', 'The deadline has passed already');
      await repo.update(q, [id], { unit_id: body.unitId, task_due_at: due });
      await repo.insertEvents(q, [id], this.event('assign', actor, now, { unitId: body.unitId, dueAt: due }));
    });
    return this.get(id, actor);
  }

  /** The unit (or the bureau for it) reports an adopted suggestion carried out. */
  async done(id: number, body: TaskDoneBody, actor: Actor): Promise<SuggestionItem> {
    const unitId = this.ownUnit(actor);
    await this.change([id], async (q, [row], now) => {
      if (unitId !== null && row!.unit_id !== unitId)
        throw new DomainError('auth.forbidden', 'Another unit’s suggestion');
      if (row!.unit_id === null)
        throw new DomainError('conflict', `${row!.code} has no unit to carry it out`);
      if (row!.task_done_at !== null) throw new DomainError('conflict', `${row!.code} is done already`);
      await repo.update(q, [id], { task_done_at: now, task_note: body.note.trim() });
      await repo.insertEvents(q, [id], this.event('done', actor, now, { note: body.note }));
    });
    return this.get(id, actor);
  }

  /**
   * The call back to the proposer: once the suggestion is declined, or adopted and carried out.
   * A proposer reached says how satisfied they are; one not reached may be called again.
   */
  async visit(id: number, body: SuggestionVisitBody, actor: Actor): Promise<SuggestionItem> {
    if (body.reached && !body.satisfaction)
      throw new DomainError('validation.failed', 'Say how satisfied the proposer is');
    if (!body.reached && body.satisfaction)
      throw new DomainError('validation.failed', 'A proposer not reached gave no answer');
    await this.change([id], async (q, [row], now) => {
      const r = row!;
      if (!r.proposer_phone) throw new DomainError('conflict', `${r.code} left no phone number to call`);
      const ready = r.status === 'not_adopted' || (r.status === 'adopted' && r.task_done_at !== null);
      if (!ready)
        throw new DomainError('conflict', `${r.code} is visited once declined, or adopted and carried out`);
      if (r.visit_result === 'reached') throw new DomainError('conflict', `${r.code} has been visited`);
      await repo.update(q, [id], {
        visit_result: body.reached ? 'reached' : 'unreached',
        visit_satisfaction: body.satisfaction ?? null,
        visited_at: now,
      });
      await repo.insertEvents(
        q,
        [id],
        this.event('visit', actor, now, {
          reached: body.reached,
          satisfaction: body.satisfaction ?? null,
          comment: body.comment ?? null,
        }),
      );
    });
    return this.get(id, actor);
  }
}
