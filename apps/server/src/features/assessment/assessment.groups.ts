import { DomainError } from '@cityloop/domain';
import type {
  AssessmentGroups,
  AssessmentPlan,
  AssessmentTasks,
  NewAssessmentGroup,
  NewAssessmentPlan,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { AssessmentCore } from './assessment.core.js';
import * as repo from './assessment.repository.js';

/** Inspection, supervision and third-party groups, their members and plans, and the phone's day. */

export async function groups(c: AssessmentCore): Promise<AssessmentGroups> {
  const [groups, members, plans] = await Promise.all([
    repo.groups(c.db),
    repo.members(c.db),
    repo.plans(c.db),
  ]);
  return {
    items: groups.map((g) => ({
      id: g.id,
      code: g.code,
      kind: g.kind,
      name: g.name,
      nameEn: g.name_en,
      areaCodes: g.area_codes,
      members: members
        .filter((m) => m.group_id === g.id)
        .map((m) => ({
          userId: m.user_id,
          username: m.username,
          displayName: m.display_name,
          leader: m.leader,
        })),
      plans: plans.filter((p) => p.group_id === g.id).map(presentPlan),
    })),
  };
}

export async function createGroup(
  c: AssessmentCore,
  body: NewAssessmentGroup,
  actor: Actor,
): Promise<{ id: number }> {
  return c.db.tx(async (q) => {
    const known = await repo.existingUsers(q, body.memberIds);
    const unknown = body.memberIds.filter((id) => !known.includes(id));
    if (unknown.length) throw new DomainError('validation.failed', `Unknown users ${unknown.join(', ')}`);
    const id = await repo.insertGroup(q, body);
    if (id === null) throw new DomainError('conflict', `Group ${body.code} exists`);
    await repo.addMembers(q, id, body.memberIds, body.memberIds[0]);
    await audit(q, actor, {
      action: 'assessment.group',
      entity: 'assessment_group',
      entityId: id,
      after: body,
    });
    return { id };
  });
}

export async function createPlan(
  c: AssessmentCore,
  groupId: number,
  body: NewAssessmentPlan,
  actor: Actor,
): Promise<AssessmentPlan> {
  return c.db.tx(async (q) => {
    if (!(await repo.groupExists(q, groupId))) throw new DomainError('not_found', `No group ${groupId}`);
    if (body.cadence === 'weekly' && body.weekday === undefined)
      throw new DomainError('validation.failed', 'A weekly plan names its weekday');
    const row = {
      ...body,
      weekday: body.cadence === 'weekly' ? (body.weekday ?? null) : null,
      samples: body.cadence === 'monthly' ? (body.samples ?? 10) : null,
    };
    const id = await repo.insertPlan(q, groupId, row);
    await audit(q, actor, {
      action: 'assessment.plan',
      entity: 'assessment_group',
      entityId: groupId,
      after: row,
    });
    return { id, groupId, ...row };
  });
}

/** The phone's day: the user's groups and the plans that fall today (daily, today's weekly, monthly). */
export async function tasks(c: AssessmentCore, actor: Actor): Promise<AssessmentTasks> {
  const user = actingUser(actor);
  const now = c.clock.now();
  const groups = await repo.groups(c.db, user.id);
  const plans = groups.length
    ? await repo.plans(
        c.db,
        groups.map((g) => g.id),
      )
    : [];
  const local = new Date(now.getTime() + c.zone.offsetAt(now.getTime()));
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const month = c.monthOf(now);
  return {
    groups: groups.map((g) => ({ id: g.id, name: g.name, nameEn: g.name_en, kind: g.kind })),
    plans: plans.filter((p) => p.cadence !== 'weekly' || p.weekday === weekday).map(presentPlan),
    month,
    closed: (await repo.closedMonth(c.db, month)) !== null,
  };
}
function presentPlan(p: repo.PlanRow): AssessmentPlan {
  return {
    id: p.id,
    groupId: p.group_id,
    cadence: p.cadence,
    title: p.title,
    titleEn: p.title_en,
    announced: p.announced,
    placeKinds: p.place_kinds,
    areaCodes: p.area_codes,
    weekday: p.weekday,
    samples: p.samples,
  };
}
