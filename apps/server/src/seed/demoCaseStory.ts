import { setImmediate as yieldToServer } from 'node:timers/promises';
import {
  MAX_VISIT_ATTEMPTS,
  clockOf,
  type CaseActionRequest,
  type TimeLimit,
  type Urgency,
} from '@cityloop/domain';
import type { CaseRow } from '../features/cases/cases.repository.js';
import type { SessionUser } from '../http/access.js';
import type { CasePlan, Stall, StoryEnd, StoryEnv } from './demoCaseModel.js';
import { userActor } from '../actor.js';

const MIN = 60_000;

/**
 * One case's life, told through CaseService.act with `now` set to each step's time: the real
 * state machine decides, the real clock times every step. Steps after `env.now`, or from the
 * plan's stall on, are not taken, which leaves the recent cases open where the year ends.
 */
export class CaseStory {
  private t: Date;
  private row: CaseRow | null = null;
  end: StoryEnd = 'done';
  /** Set when the story stops; every later step is a no-op. */
  private stopped = false;

  constructor(
    private readonly env: StoryEnv,
    private readonly plan: CasePlan,
    private readonly id: number,
  ) {
    this.t = plan.at;
  }

  private get cal() {
    return this.env.ctx.calendar.calendar;
  }

  /** `minutes` of working time after `from` (nights, weekends and holidays skipped). */
  private work(from: Date, minutes: number): Date {
    return this.cal.addDuration(from, { value: Math.max(minutes, 0.5), unit: 'working_minutes' });
  }

  /** A desk step's time: mostly well inside its 30-minute limit, `late` of the time past it. */
  private desk(late = 0.04, limitMin = 30): Date {
    const r = this.plan.r;
    const f = r.chance(late) ? r.range(1.15, 5) : r.range(0.08, 0.85);
    return this.work(this.t, f * limitMin);
  }

  /** Takes one step unless it is the stall or lies in the future. */
  private async step(stall: Stall | null, at: Date, user: SessionUser, body: CaseActionRequest) {
    if (this.stopped) return false;
    if (stall !== null && stall === this.plan.stall) return this.stop('stalled');
    const when = at.getTime() > this.t.getTime() ? at : new Date(this.t.getTime() + 1000);
    if (when.getTime() > this.env.now.getTime()) return this.stop('future');
    this.row = await this.env.ctx.cases.act(this.id, body, userActor(user), { now: when });
    this.t = when;
    // Let the server's own requests in between two steps (see runPlans).
    await yieldToServer();
    return true;
  }

  private stop(why: StoryEnd): false {
    this.stopped = true;
    this.end = why;
    return false;
  }

  private inspectorFor(...not: (number | null)[]): SessionUser {
    const all = this.env.inspectorsByStreet.get(this.plan.streetCode) ?? [];
    const others = all.filter((u) => !not.includes(u.id));
    return this.plan.r.pick(others.length ? others : all);
  }

  async run(): Promise<StoryEnd> {
    const { plan, env } = this;
    const r = plan.r;
    if (plan.source === 'inspector') {
      if (plan.trivial && r.chance(0.35)) {
        const at = this.work(this.t, r.range(3, 20));
        await this.step(null, at, plan.reporter, {
          action: 'self_handle',
          photos: [r.pick(env.photos.after)],
          comment: '现场已自行处置',
        });
        return this.end;
      }
      if (r.chance(0.03)) {
        await this.step('accept', this.desk(), env.operator, {
          action: 'reject',
          comment: r.pick(['不属于城市管理范围', '上报信息不全，位置有误', '非本系统受理范围']),
        });
        return this.end;
      }
      if (!(await this.step('accept', this.desk(), env.operator, { action: 'accept' }))) return this.end;
    } else {
      let assigned: SessionUser | null = null;
      if (r.chance(0.3)) {
        assigned = this.inspectorFor();
        const at = this.work(this.t, r.range(1, 8));
        const ok = await this.step('verify', at, env.operator, {
          action: 'send_verify',
          inspectorId: assigned.id,
        });
        if (!ok) return this.end;
      }
      const verifier = assigned ?? this.inspectorFor();
      const confirmed = r.chance(0.88);
      const ok = await this.step('verify', this.desk(0.08), verifier, {
        action: 'verify',
        confirmed,
        photos: [r.pick(env.photos.before)],
        ...(confirmed ? {} : { comment: r.pick(['现场未发现该问题', '问题已不存在', '与反映情况不符']) }),
      });
      if (!ok || !confirmed) return this.end;
    }

    // A duplicate found at the desk: cancelled with the shift leader's approval.
    if (r.chance(0.012)) {
      await this.step('file', this.work(this.t, r.range(2, 15)), env.operator, {
        action: 'request_cancel',
        reason: '重复上报，与已立案案件为同一问题',
      });
      await this.step('file', this.desk(), env.shiftLeader, { action: 'approve_cancel' });
      return this.end;
    }
    if (r.chance(0.04)) {
      await this.step('file', this.desk(), env.shiftLeader, {
        action: 'refuse',
        comment: r.pick(['不符合立案条件', '属于私人产权范围，不予立案', '已由其他部门处理']),
      });
      return this.end;
    }
    const upgrade = plan.urgency === 'normal' && r.chance(0.03) ? { urgency: 'urgent' as const } : {};
    if (!(await this.step('file', this.desk(), env.shiftLeader, { action: 'file', ...upgrade })))
      return this.end;
    if (plan.caller && r.chance(0.04)) {
      const at = this.work(this.t, r.range(5, 60));
      // Its event on this case comes before the case's next step.
      if (at.getTime() <= env.now.getTime()) {
        await env.reportDuplicate(plan, this.id, at);
        this.t = at;
      }
    }

    const units = await env.ctx.cases.suggestUnits({
      kind: plan.kind,
      category: plan.category,
      district_code: plan.gridCode.slice(0, 6),
    });
    const unit = units[0];
    if (!unit) return this.end;

    // A wrong dispatch: the unit asks to send it back, the dispatcher re-dispatches (counted).
    if (r.chance(0.04)) {
      const all = [...(await env.ctx.org.allDepartments()).values()];
      const wrong = all.filter(
        (d) =>
          d.active &&
          !units.some((u) => u.id === d.id) &&
          (d.districtCode === null || d.districtCode === plan.gridCode.slice(0, 6)),
      );
      const w = wrong.length ? r.pick(wrong) : null;
      const handler = w ? env.handlers.get(w.id) : undefined;
      if (w && handler) {
        const ok =
          (await this.step('dispatch', this.desk(0.05), env.dispatcher, {
            action: 'dispatch',
            unitId: w.id,
          })) &&
          (await this.step('start', this.work(this.t, r.range(10, 120)), handler, {
            action: 'request_send_back',
            reason: '不属于本单位职责范围，请改派',
          })) &&
          (await this.step('approve', this.desk(), env.dispatcher, { action: 'approve_send_back' }));
        if (!ok) return this.end;
      }
    }

    const districtDispatcher = env.districtDispatchers.get(plan.gridCode.slice(0, 6));
    const twoLevel =
      unit.districtCode !== null &&
      districtDispatcher !== undefined &&
      (plan.force.twoLevel || r.chance(0.3));
    if (twoLevel && districtDispatcher) {
      const ok =
        (await this.step('dispatch', this.desk(0.05), env.dispatcher, {
          action: 'dispatch',
          unitId: unit.id,
          level: 'district',
        })) &&
        (await this.step('district', this.desk(0.07), districtDispatcher, {
          action: 'dispatch',
          unitId: unit.id,
        }));
      if (!ok) return this.end;
    } else if (
      !(await this.step('dispatch', this.desk(0.05), env.dispatcher, { action: 'dispatch', unitId: unit.id }))
    ) {
      return this.end;
    }
    const handler = env.handlers.get(unit.id);
    if (!handler) return this.end;

    const late = env.lateShare.get(unit.id) ?? 0.1;
    let reworks = 0;
    for (;;) {
      if (!(await this.dispose(handler, late))) return this.end;
      if (!(await this.step('to_check', this.desk(0.03, 20), env.operator, this.toCheck()))) return this.end;
      const task = this.row?.snapshot.taskInspectorId ?? null;
      const checker = task !== null ? this.inspectorById(task) : this.inspectorFor(plan.reporter.id);
      const passed = reworks > 0 || !r.chance(0.03 + late * 0.25);
      const ok = await this.step('check', this.desk(0.06), checker, {
        action: 'check',
        passed,
        photos: [r.pick(env.photos.after)],
        ...(passed
          ? {}
          : { comment: r.pick(['处置不彻底，现场仍有问题', '未按要求恢复原状', '照片与现场不符']) }),
      });
      if (!ok) return this.end;
      if (passed) break;
      reworks++;
    }
    if (!(await this.step('close', this.desk(0.04), env.shiftLeader, { action: 'close' }))) return this.end;

    if (plan.caller?.wantsReply) await this.visitAfterClosing(handler, late);
    return this.end;
  }

  /**
   * The return visit (回访) after closing, for a caller who wants a reply: up to three calls a few
   * working hours apart (about 98 % are reached), about 98 % satisfied or basically satisfied; a
   * dissatisfied caller sends the case back to the unit, which reworks it, and is called again.
   */
  private async visitAfterClosing(handler: SessionUser, late: number): Promise<void> {
    const { env, plan } = this;
    const r = plan.r;
    for (let round = 0; round < 2; round++) {
      let answer: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null = null;
      for (let attempt = 1; attempt <= MAX_VISIT_ATTEMPTS && answer === null; attempt++) {
        const at = this.work(this.t, attempt === 1 ? r.range(30, 960) : r.range(90, 420));
        const reached = r.chance(0.75);
        // A stalled visit waits in the queue, now and then after one unanswered call.
        const label = reached || attempt > 1 || r.chance(0.7) ? 'visit' : null;
        if (!reached) {
          const ok = await this.step(label, at, env.hotline, {
            action: 'return_visit',
            reached: false,
            comment: r.pick(['无人接听', '电话占线', '来电人暂不方便，约定再联系']),
          });
          if (!ok) return;
          continue;
        }
        // A reworked case is not found wanting twice.
        const u = r.next();
        answer = u < 0.9 ? 'satisfied' : u < 0.98 || round > 0 ? 'basically_satisfied' : 'dissatisfied';
        const ok = await this.step(label, at, env.hotline, {
          action: 'return_visit',
          reached: true,
          satisfaction: answer,
          ...(answer === 'dissatisfied'
            ? { comment: r.pick(['问题反复出现，未彻底解决', '现场仍未恢复原状', '处置后又出现同样问题']) }
            : r.chance(0.3)
              ? { comment: r.pick(['来电人表示感谢', '已告知处理结果', '来电人认可处理结果']) }
              : {}),
        });
        if (!ok) return;
      }
      if (answer !== 'dissatisfied') return;
      if (!(await this.dispose(handler, late))) return;
      const ok =
        (await this.step('to_check', this.desk(0.03, 20), env.operator, this.toCheck())) &&
        (await this.step('check', this.desk(0.06), this.checkerOfTask(), {
          action: 'check',
          passed: true,
          photos: [r.pick(env.photos.after)],
        })) &&
        (await this.step('close', this.desk(0.04), env.shiftLeader, { action: 'close' }));
      if (!ok) return;
    }
  }

  private toCheck(): CaseActionRequest {
    return this.plan.r.chance(0.7)
      ? { action: 'to_check', inspectorId: this.inspectorFor(this.plan.reporter.id).id }
      : { action: 'to_check' };
  }

  private checkerOfTask(): SessionUser {
    const task = this.row?.snapshot.taskInspectorId ?? null;
    return task !== null ? this.inspectorById(task) : this.inspectorFor(this.plan.reporter.id);
  }

  private inspectorById(id: number): SessionUser {
    const all = this.env.inspectorsByStreet.get(this.plan.streetCode) ?? [];
    return all.find((u) => u.id === id) ?? this.inspectorFor();
  }

  /**
   * The unit's work from (re)dispatch to "done": maybe a start, an extension, a suspension, an
   * urge when it runs late. `late` is this unit's share of late work.
   */
  private async dispose(handler: SessionUser, late: number): Promise<boolean> {
    const { plan, env } = this;
    const r = plan.r;
    const limit = env.ctx.calendar.categoryLimit(plan.kind, plan.category, this.urgency()).disposal;
    const start = this.t;
    let budgetMs = this.cal.limitMs(limit);
    const isLate = r.chance(late);
    // Share of the limit the work takes (in the limit's own clock).
    let f = isLate ? r.range(1.1, 2.6) : r.range(0.12, 0.92);
    let resumedAt: Date | null = null;

    if (r.chance(0.7)) {
      const at = this.advance(start, limit, Math.min(0.08, f / 4) * budgetMs);
      if (!(await this.step('start', at, handler, { action: 'start' }))) return false;
    }
    if (plan.force.extension || r.chance(0.06)) {
      const hours = r.pick([2, 4, 8, 16, 24]);
      const at = this.advance(start, limit, r.range(0.3, 0.7) * budgetMs);
      const ok = await this.step('done', at, handler, {
        action: 'request_extension',
        hours,
        reason: r.pick(['需协调产权单位', '材料采购中', '天气原因无法施工', '需办理占道审批']),
      });
      if (!ok) return false;
      if (r.chance(0.85)) {
        const granted = r.chance(0.8) ? hours : Math.max(1, Math.floor(hours / 2));
        const approved = await this.step('approve', this.desk(0.05), env.dispatcher, {
          action: 'approve_extension',
          ...(granted < hours ? { hours: granted } : {}),
        });
        if (!approved) return false;
        budgetMs += granted * 3_600_000;
        // Most who get more time then make it.
        if (isLate && r.chance(0.7)) f = r.range(0.75, 0.98);
      } else if (
        !(await this.step('approve', this.desk(0.05), env.dispatcher, {
          action: 'deny_extension',
          comment: '时限充足，请按期完成',
        }))
      ) {
        return false;
      }
    }
    if (plan.force.suspension || r.chance(0.02)) {
      const at = this.advance(start, limit, r.range(0.1, 0.4) * budgetMs);
      const ok =
        (await this.step('done', at, handler, {
          action: 'request_suspension',
          reason: r.pick([
            '资金未落实，需纳入年度计划',
            '冬季无法施工，待来年开春',
            '涉及产权纠纷，待法院判决',
          ]),
        })) &&
        (await this.step('approve', this.desk(0.05), env.dispatcher, { action: 'approve_suspension' })) &&
        (await this.step('resume', this.work(this.t, r.range(2, 25) * 450), env.dispatcher, {
          action: 'resume',
          comment: '条件具备，恢复处置',
        }));
      if (!ok) return false;
      resumedAt = this.t;
      f = isLate ? r.range(0.7, 1.8) : r.range(0.1, 0.6);
    }
    const from = resumedAt ?? start;
    const doneAt = this.advance(from, limit, f * budgetMs);
    const due = this.row?.step_due_at ?? null;
    if (due && doneAt.getTime() > due.getTime() && r.chance(0.6)) {
      const urgeAt = this.work(due, r.range(10, 240));
      if (urgeAt.getTime() < doneAt.getTime()) {
        const ok = await this.step('done', urgeAt, env.supervisor, {
          action: 'urge',
          comment: r.pick(['已超期，请立即处置并反馈', '群众反映强烈，限期办结', '请加快处置进度']),
        });
        if (!ok) return false;
      }
    }
    return this.step('done', doneAt, handler, {
      action: 'report_done',
      photos: [r.pick(env.photos.before), r.pick(env.photos.after)],
      comment: r.pick(['已处置完毕', '已清理完毕', '已修复', '已更换', '已整改到位']),
    });
  }

  private urgency(): Urgency {
    const u = this.row?.urgency;
    return u === 'urgent' || u === 'critical' || u === 'normal' ? u : this.plan.urgency;
  }

  /** `ms` of the limit's own clock (working or natural) after `from`. */
  private advance(from: Date, limit: TimeLimit, ms: number): Date {
    return clockOf(limit.unit) === 'natural'
      ? new Date(from.getTime() + Math.max(ms, 1000))
      : this.work(from, ms / MIN);
  }
}
