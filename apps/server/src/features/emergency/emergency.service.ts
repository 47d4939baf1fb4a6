import { createHash } from 'node:crypto';
import { DomainError, type Role } from '@cityloop/domain';
import type {
  EmergencyCallout,
  EmergencyDecisionBody,
  EmergencyEvent,
  EmergencyEvidence,
  EmergencyHazardState,
  EmergencyPlan,
  EmergencyPlanBodyInput,
  EmergencyReport,
  EmergencyProposal,
  EmergencyResponse,
  EmergencyState,
  EmergencyTask,
  WeatherWarning,
  WeatherWarningBody,
  WeatherWarningFeedBody,
} from '@cityloop/domain/api';
import { SEED_PLANS, type PlanBody, type PlanLevel } from '@cityloop/domain/emergency/plans';
import { changeAllowed, type ProposalKind } from '@cityloop/domain/emergency/triggers';
import {
  HAZARDS,
  hazardOfType,
  parseWarningCode,
  warningCode,
  type Colour,
  type Hazard,
  type Level,
  type WarningTypeCode,
} from '@cityloop/domain/emergency/warnings';
import { eventActor, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db, Queryable } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import type { OrgOffer } from '../org/org.module.js';
import * as repo from './emergency.repository.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const RECENT_WARNINGS_MS = 24 * 3_600_000;
/**
 * Evidence as announced on /ws: a fleet's silent gauges can be thousands, and a notification
 * between nodes has a size limit (8,000 bytes on PostgreSQL); the full list is in the state.
 */
function brief(e: EmergencyEvidence): EmergencyEvidence {
  return e.silent.length > 20 ? { ...e, silent: e.silent.slice(0, 20) } : e;
}

/** Who sees emergency events on /ws: the console's readers (and every handler for call-outs). */
const CONSOLE_ROLES: Role[] = ['commander', 'leader', 'admin', 'dispatcher', 'shift_leader', 'handler'];

interface CurrentPlan {
  version: number;
  body: PlanBody;
  editedBy: string | null;
  editedAt: Date;
}

/** Whether a department code names a plan's department (per-district ones carry a suffix). */
export const departmentMatches = (code: string, planned: string) =>
  code === planned || code.startsWith(`${planned}-`);

/**
 * A plan's department by name: the department of that code, or, for a code the city has per
 * district (sanitation → sanitation-zhifu, …), the district offices together ("各区环卫处").
 */
export function planDepartment(
  depts: ReadonlyArray<{ code: string; name: string; nameEn: string | null }>,
  code: string,
): { name: string; nameEn: string | null } | undefined {
  const exact = depts.find((d) => d.code === code);
  if (exact) return exact;
  const one = depts.find((d) => departmentMatches(d.code, code));
  if (!one) return undefined;
  const name = one.name.replace(/^.*?区/, '');
  const nameEn = one.nameEn?.replace(/^.*? District /, '') ?? null;
  return { name: `各区${name}`, nameEn: nameEn ? `District ${nameEn}s` : null };
}

/**
 * Emergency command: the plans per hazard (versioned), weather warnings, proposals and the
 * responses a commander signs, call-outs (叫应) and tasks per department. Every change of a
 * response is an event row in the same transaction, announced on the bus after it commits.
 */
export class EmergencyService {
  private plans = new Map<Hazard, CurrentPlan>();
  /** The last trigger evaluation per hazard (by the node running the job). */
  readonly evaluations = new Map<Hazard, EmergencyEvidence>();
  /** The teams a call-out may name (filled by EmergencyResources at start). */
  readonly teams = new Map<string, { name: string; nameEn: string; department: string }>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly org: OrgOffer,
  ) {}

  async init(o: { demoFeedKey: string | null }): Promise<void> {
    let rows = await repo.currentPlans(this.db);
    if (rows.length === 0) {
      await this.db.tx(async (q) => {
        for (const hazard of HAZARDS)
          await repo.insertPlan(q, {
            hazard,
            body: SEED_PLANS[hazard],
            editedBy: null,
            at: this.clock.now(),
          });
      });
      rows = await repo.currentPlans(this.db);
    }
    for (const r of rows) this.remember(r);
    if (o.demoFeedKey) await repo.insertFeedKey(this.db, 'demo weather feed', sha256(o.demoFeedKey));
  }

  private remember(r: repo.PlanRow) {
    this.plans.set(r.hazard as Hazard, {
      version: r.version,
      body: r.body as PlanBody,
      editedBy: r.edited_by,
      editedAt: r.edited_at,
    });
  }

  plan(hazard: Hazard): CurrentPlan {
    const p = this.plans.get(hazard);
    if (!p) throw new DomainError('emergency.not_found', `No plan for ${hazard}`);
    return p;
  }

  levelOf(hazard: Hazard, level: Level): PlanLevel | undefined {
    return this.plan(hazard).body.levels.find((l) => l.level === level);
  }

  listPlans(): { items: EmergencyPlan[] } {
    return {
      items: HAZARDS.filter((h) => this.plans.has(h)).map((hazard) => {
        const p = this.plan(hazard);
        return {
          hazard,
          version: p.version,
          name: p.body.name,
          nameEn: p.body.nameEn,
          escalateAfterMin: p.body.escalateAfterMin,
          levels: p.body.levels,
          editedBy: p.editedBy,
          editedAt: p.editedAt.toISOString(),
        };
      }),
    };
  }

  /** An administrator's edit: a new version of the plan (responses in force keep theirs). */
  async savePlan(hazard: Hazard, body: EmergencyPlanBodyInput, actor: Actor): Promise<EmergencyPlan> {
    const levels = body.levels.map((l) => l.level);
    if (new Set(levels).size !== levels.length)
      throw new DomainError('validation.failed', 'Each level appears at most once in a plan');
    const who = eventActor(actor);
    await this.db.tx(async (q) => {
      const version = await repo.insertPlan(q, {
        hazard,
        body,
        editedBy: who.actorName,
        at: this.clock.now(),
      });
      await repo.insertEvent(q, {
        responseId: null,
        hazard,
        kind: 'plan_edited',
        ...who,
        data: { version },
        at: this.clock.now(),
      });
    });
    for (const r of await repo.currentPlans(this.db)) this.remember(r);
    return this.listPlans().items.find((p) => p.hazard === hazard)!;
  }

  // ---- warnings -------------------------------------------------------------------------------

  private presentWarning(w: repo.WarningRow, created: boolean): WeatherWarning {
    const now = this.clock.now().getTime();
    return {
      id: w.id,
      code: w.code,
      type: w.type,
      colour: w.colour as Colour,
      hazard: (w.hazard as Hazard | null) ?? null,
      area: w.area,
      validFrom: w.valid_from.toISOString(),
      validTo: w.valid_to.toISOString(),
      issuer: w.issuer,
      text: w.text,
      source: w.source,
      enteredBy: w.entered_by,
      createdAt: w.created_at.toISOString(),
      inForce: w.valid_from.getTime() <= now && w.valid_to.getTime() > now,
      created,
    };
  }

  private window(validFrom: string, validTo: string): { from: Date; to: Date } {
    const from = new Date(validFrom);
    const to = new Date(validTo);
    if (!Number.isFinite(from.getTime()) || !Number.isFinite(to.getTime()))
      throw new DomainError('emergency.invalid_warning', 'validFrom and validTo must be instants');
    if (to <= from) throw new DomainError('emergency.invalid_warning', 'validTo must be after validFrom');
    return { from, to };
  }

  /** A warning entered by the duty officer; the same warning entered twice is one warning. */
  async enterWarning(body: WeatherWarningBody, actor: Actor): Promise<WeatherWarning> {
    const { from, to } = this.window(body.validFrom, body.validTo);
    const code = warningCode(body.type, body.colour);
    const key = `duty:${code}:${body.area.trim()}:${from.toISOString()}:${to.toISOString()}:${body.issuer.trim()}`;
    return this.storeWarning(
      {
        type: body.type,
        colour: body.colour,
        code,
        area: body.area,
        from,
        to,
        issuer: body.issuer,
        text: body.text,
      },
      'duty',
      sha256(key),
      actor,
    );
  }

  /** A warning from a meteorological feed, authenticated by its API key; a repeat is the same warning. */
  async feedWarning(
    body: WeatherWarningFeedBody,
    apiKey: string | undefined,
    actor: Actor,
  ): Promise<WeatherWarning> {
    if (!apiKey || !(await repo.feedKeyActive(this.db, sha256(apiKey))))
      throw new DomainError('emergency.bad_key');
    const parsed = parseWarningCode(body.code);
    if (!parsed) throw new DomainError('emergency.invalid_warning', `Unknown warning code ${body.code}`);
    const { from, to } = this.window(body.validFrom, body.validTo);
    return this.storeWarning(
      { ...parsed, code: body.code, area: body.area, from, to, issuer: body.issuer, text: body.text },
      'feed',
      sha256(`feed:${body.id}`),
      actor,
    );
  }

  private async storeWarning(
    w: {
      type: WarningTypeCode;
      colour: Colour;
      code: string;
      area: string;
      from: Date;
      to: Date;
      issuer: string;
      text: string | undefined;
    },
    source: 'duty' | 'feed',
    dedupKey: string,
    actor: Actor,
  ): Promise<WeatherWarning> {
    const who = eventActor(actor);
    const hazard = hazardOfType(w.type);
    const at = this.clock.now();
    const { row, created } = await this.db.tx(async (q) => {
      const res = await repo.insertWarning(q, {
        code: w.code,
        type: w.type,
        colour: w.colour,
        hazard,
        area: w.area.trim(),
        valid_from: w.from,
        valid_to: w.to,
        issuer: w.issuer.trim(),
        text: w.text?.trim() || null,
        source,
        entered_by: actor.user ? actor.user.username : null,
        dedupKey,
        at,
      });
      if (res.created)
        await repo.insertEvent(q, {
          responseId: null,
          hazard,
          kind: 'warning_received',
          ...who,
          data: { warningId: res.row.id, code: w.code, source },
          at,
        });
      return res;
    });
    const out = this.presentWarning(row, created);
    if (created) await this.announce('emergency.warning', { warning: out });
    return out;
  }

  async warnings(): Promise<WeatherWarning[]> {
    return (await repo.listWarnings(this.db, this.clock.now(), RECENT_WARNINGS_MS)).map((w) =>
      this.presentWarning(w, false),
    );
  }

  async warningsInForce(): Promise<WeatherWarning[]> {
    return (await this.warnings()).filter((w) => w.inForce);
  }

  // ---- state ----------------------------------------------------------------------------------

  presentResponse(r: repo.ResponseRow): EmergencyResponse {
    return {
      id: r.id,
      hazard: r.hazard as Hazard,
      level: r.level as Level,
      state: r.state,
      planVersion: r.plan_version,
      startedAt: r.started_at.toISOString(),
      endedAt: iso(r.ended_at),
      signedBy: r.signed_by,
      evidence: (r.evidence as EmergencyEvidence | null) ?? null,
    };
  }

  presentProposal(p: repo.ProposalRow): EmergencyProposal {
    return {
      id: p.id,
      hazard: p.hazard as Hazard,
      kind: p.kind,
      level: (p.level as Level | null) ?? null,
      fromLevel: (p.from_level as Level | null) ?? null,
      state: p.state,
      evidence: p.evidence as EmergencyEvidence,
      createdAt: p.created_at.toISOString(),
    };
  }

  async state(): Promise<EmergencyState> {
    const [responses, proposals, warnings] = await Promise.all([
      repo.activeResponses(this.db),
      repo.openProposals(this.db),
      this.warningsInForce(),
    ]);
    const of = (hazard: Hazard): EmergencyHazardState => {
      const r = responses.find((x) => x.hazard === hazard);
      const p = proposals.find((x) => x.hazard === hazard);
      return {
        response: r ? this.presentResponse(r) : null,
        proposal: p ? this.presentProposal(p) : null,
        evaluation: this.evaluations.get(hazard) ?? null,
      };
    };
    return { rainstorm: of('rainstorm'), typhoon: of('typhoon'), snow: of('snow'), warnings };
  }

  async responses(): Promise<EmergencyResponse[]> {
    return (await repo.recentResponses(this.db, 50)).map((r) => this.presentResponse(r));
  }

  // ---- proposals and decisions ----------------------------------------------------------------

  /**
   * Records what the triggers call for: a new open proposal (superseding an open one that says
   * something else), or nothing when the open one already says it. Returns the new proposal.
   */
  async propose(
    hazard: Hazard,
    want: { kind: ProposalKind; level: Level | null } | null,
    evidence: EmergencyEvidence,
    actor: Actor,
  ): Promise<EmergencyProposal | null> {
    const who = eventActor(actor);
    const at = this.clock.now();
    let updated = false;
    const made = await this.db.tx(async (q) => {
      const current = await repo.activeResponseOf(q, hazard);
      const open = (await repo.openProposals(q)).find((p) => p.hazard === hazard);
      if (open && want && open.kind === want.kind && open.level === want.level) {
        // The same proposal stands; its evidence follows what meets the triggers now.
        const before = (open.evidence as EmergencyEvidence).items;
        if (JSON.stringify(before) !== JSON.stringify(evidence.items)) {
          await repo.setProposalEvidence(q, open.id, evidence);
          updated = true;
        }
        return null;
      }
      // A proposal the commander turned down is not made again while nothing has changed.
      const last = open ? null : await repo.latestProposal(q, hazard);
      if (
        last?.state === 'dismissed' &&
        want &&
        last.kind === want.kind &&
        last.level === want.level &&
        last.from_level === (current?.level ?? null)
      )
        return null;
      if (open) {
        await repo.closeProposal(q, open.id, 'superseded', who.actorName, at);
        await repo.insertEvent(q, {
          responseId: current?.id ?? null,
          hazard,
          kind: 'proposal_superseded',
          ...who,
          data: { proposalId: open.id },
          at,
        });
      }
      if (!want) return null;
      const p = await repo.insertProposal(q, {
        hazard,
        kind: want.kind,
        level: want.level,
        fromLevel: current?.level ?? null,
        evidence,
        at,
      });
      if (!p) return null;
      await repo.insertEvent(q, {
        responseId: current?.id ?? null,
        hazard,
        kind: 'proposed',
        fromLevel: current?.level ?? null,
        toLevel: want.level,
        ...who,
        data: { proposalId: p.id, proposal: want.kind, evidence },
        at,
      });
      return p;
    });
    const out = made ? this.presentProposal(made) : null;
    if (out)
      await this.announce('emergency.proposal', { proposal: { ...out, evidence: brief(out.evidence) } });
    else if (updated) await this.announce('emergency.state', { hazard });
    return out;
  }

  /** The commander signs a proposal: it is carried out as a decision with the proposal's evidence. */
  async sign(id: number, reason: string | undefined, actor: Actor): Promise<EmergencyResponse> {
    return this.decideWith(actor, async (q) => {
      const p = await repo.proposalById(q, id);
      if (!p) throw new DomainError('emergency.not_found', `No proposal ${id}`);
      if (p.state !== 'open')
        throw new DomainError('emergency.invalid_transition', `Proposal ${id} is ${p.state}`);
      return {
        hazard: p.hazard as Hazard,
        kind: p.kind,
        level: (p.level as Level | null) ?? null,
        reason: reason ?? null,
        evidence: p.evidence as EmergencyEvidence,
        proposalId: p.id,
      };
    });
  }

  /** The commander turns a proposal down. */
  async dismiss(id: number, reason: string | undefined, actor: Actor): Promise<void> {
    const who = eventActor(actor);
    const at = this.clock.now();
    await this.db.tx(async (q) => {
      const p = await repo.proposalById(q, id);
      if (!p) throw new DomainError('emergency.not_found', `No proposal ${id}`);
      this.mustSign(p.hazard as Hazard, (p.level ?? p.from_level) as Level | null, actor);
      if (!(await repo.closeProposal(q, id, 'dismissed', who.actorName, at)))
        throw new DomainError('emergency.invalid_transition', `Proposal ${id} is ${p.state}`);
      await repo.insertEvent(q, {
        responseId: null,
        hazard: p.hazard,
        kind: 'proposal_dismissed',
        ...who,
        reason: reason ?? null,
        data: { proposalId: id },
        at,
      });
    });
    await this.announce('emergency.state', {});
  }

  /** A commander's own decision, without a proposal (a reason is required). */
  async decide(body: EmergencyDecisionBody, actor: Actor): Promise<EmergencyResponse> {
    return this.decideWith(actor, () =>
      Promise.resolve({
        hazard: body.hazard,
        kind: body.kind,
        level: body.level ?? null,
        reason: body.reason,
        evidence: null,
        proposalId: null,
      }),
    );
  }

  private mustSign(hazard: Hazard, level: Level | null, actor: Actor): void {
    const roles = actor.user?.roles ?? [];
    const signers = level ? (this.levelOf(hazard, level)?.signers ?? []) : [];
    if (!signers.some((r) => roles.includes(r)))
      throw new DomainError(
        'emergency.signer_required',
        `Level ${level ?? '-'} of the ${hazard} plan is signed by: ${signers.join(', ') || 'nobody'}`,
      );
  }

  private async decideWith(
    actor: Actor,
    read: (q: Queryable) => Promise<{
      hazard: Hazard;
      kind: ProposalKind;
      level: Level | null;
      reason: string | null;
      evidence: EmergencyEvidence | null;
      proposalId: number | null;
    }>,
  ): Promise<EmergencyResponse> {
    const who = eventActor(actor);
    const at = this.clock.now();
    const called: Array<{ kind: string; target: string }> = [];
    const result = await this.db.tx(async (q) => {
      const d = await read(q);
      const current = await repo.activeResponseOf(q, d.hazard);
      const from = (current?.level as Level | undefined) ?? null;
      const to = d.kind === 'end' ? null : d.level;
      if (!changeAllowed(d.kind, from, to))
        throw new DomainError(
          'emergency.invalid_transition',
          `Cannot ${d.kind} ${d.hazard} from ${from ?? 'none'} to ${to ?? 'none'}`,
        );
      if (to && !this.levelOf(d.hazard, to))
        throw new DomainError('emergency.invalid_transition', `The ${d.hazard} plan has no level ${to}`);
      // The level that is signed: the new one; ending is signed at the level in force.
      this.mustSign(d.hazard, to ?? from, actor);
      if (d.proposalId !== null) await repo.closeProposal(q, d.proposalId, 'signed', who.actorName, at);
      else {
        // A decision answers whatever was proposed for the hazard.
        const open = (await repo.openProposals(q)).find((p) => p.hazard === d.hazard);
        if (open) await repo.closeProposal(q, open.id, 'superseded', who.actorName, at);
      }
      let id: number;
      if (d.kind === 'activate') {
        id = await repo.insertResponse(q, {
          hazard: d.hazard,
          level: to!,
          planVersion: this.plan(d.hazard).version,
          at,
          signedBy: who.actorName,
          evidence: d.evidence,
        });
      } else {
        id = current!.id;
        if (d.kind === 'end') await repo.endResponse(q, id, at);
        else await repo.setResponseLevel(q, id, to!, d.evidence ?? undefined);
      }
      await repo.insertEvent(q, {
        responseId: id,
        hazard: d.hazard,
        kind:
          d.kind === 'activate'
            ? 'activated'
            : d.kind === 'raise'
              ? 'raised'
              : d.kind === 'lower'
                ? 'lowered'
                : 'ended',
        fromLevel: from,
        toLevel: to,
        ...who,
        reason: d.reason,
        data: { proposalId: d.proposalId, evidence: d.evidence },
        at,
      });
      if (to && (d.kind === 'activate' || d.kind === 'raise'))
        called.push(...(await this.callOut(q, id, d.hazard, to, at)));
      return (await repo.responseById(q, id))!;
    });
    const out = this.presentResponse(result);
    await this.announce('emergency.response', {
      response: { ...out, evidence: out.evidence && brief(out.evidence) },
      called: called.length,
    });
    return out;
  }

  /**
   * Call-and-acknowledge (叫应) and tasks of a level: a call-out to every named person and
   * department not called yet in this response, the level's actions as tasks per department,
   * and the notifications in the outbox, all in the decision's transaction.
   */
  private async callOut(q: Queryable, responseId: number, hazard: Hazard, level: Level, at: Date) {
    const pl = this.levelOf(hazard, level)!;
    const targets = [
      ...pl.acknowledge.users.map((t) => ({ kind: 'user' as const, target: t })),
      ...pl.acknowledge.departments.map((t) => ({ kind: 'department' as const, target: t })),
    ];
    const added = await repo.insertCallouts(q, responseId, level, targets, at);
    await repo.insertTasks(
      q,
      responseId,
      pl.actions.flatMap((a) =>
        a.items.map((i) => ({
          kind: 'action' as const,
          department: a.department,
          title: i.zh,
          titleEn: i.en,
          deviceId: null,
        })),
      ),
      at,
    );
    await repo.insertOutbox(
      q,
      added.map((c) => ({
        recipientKind: c.target_kind,
        recipient: c.target,
        kind: 'callout',
        payload: { responseId, hazard, level, calloutId: c.id },
      })),
      at,
    );
    for (const c of added)
      await repo.insertEvent(q, {
        responseId,
        hazard,
        kind: 'called',
        actorId: null,
        actorName: 'system',
        data: { calloutId: c.id, targetKind: c.target_kind, target: c.target },
        at,
      });
    return added.map((c) => ({ kind: c.target_kind, target: c.target }));
  }

  /** A commander calls out teams or people on duty in a response in force (叫应, with the outbox). */
  async callMore(
    responseId: number,
    targets: Array<{ kind: 'team' | 'user'; target: string }>,
    actor: Actor,
  ): Promise<number> {
    const who = eventActor(actor);
    const at = this.clock.now();
    for (const t of targets)
      if (t.kind === 'team' && !this.teams.has(t.target))
        throw new DomainError('emergency.not_found', `No team ${t.target}`);
    const added = await this.db.tx(async (q) => {
      const r = await repo.responseById(q, responseId);
      if (!r || r.state !== 'active')
        throw new DomainError('emergency.invalid_transition', `Response ${responseId} is not in force`);
      const rows = await repo.insertCallouts(q, responseId, r.level, targets, at);
      await repo.insertOutbox(
        q,
        rows.map((c) => ({
          recipientKind: c.target_kind,
          recipient: c.target,
          kind: 'callout',
          payload: { responseId, hazard: r.hazard, level: r.level, calloutId: c.id },
        })),
        at,
      );
      for (const c of rows)
        await repo.insertEvent(q, {
          responseId,
          hazard: r.hazard,
          kind: 'called',
          ...who,
          data: { calloutId: c.id, targetKind: c.target_kind, target: c.target },
          at,
        });
      return rows.length;
    });
    if (added > 0) await this.announce('emergency.callout', { called: added });
    return added;
  }

  // ---- call-outs and tasks ----------------------------------------------------------------------

  private async departmentCodeOf(actor: Actor): Promise<string | null> {
    const id = actor.user?.departmentId ?? null;
    if (id === null) return null;
    return (await this.org.allDepartments()).get(id)?.code ?? null;
  }

  private mayAnswer(
    kind: 'user' | 'department' | 'team',
    target: string,
    actor: Actor,
    deptCode: string | null,
  ): boolean {
    if (!actor.user) return false;
    if (kind === 'user') return actor.user.username === target;
    // A team's call-out is answered by its department (the leader's or any member's account).
    const dept = kind === 'team' ? this.teams.get(target)?.department : target;
    return deptCode !== null && dept !== undefined && departmentMatches(deptCode, dept);
  }

  async callouts(actor: Actor, responseId?: number): Promise<EmergencyCallout[]> {
    const ids =
      responseId !== undefined ? [responseId] : (await repo.activeResponses(this.db)).map((r) => r.id);
    const rows = await repo.listCallouts(this.db, ids);
    const deptCode = await this.departmentCodeOf(actor);
    const depts = [...(await this.org.allDepartments()).values()];
    return rows.map((c) => {
      const d =
        c.target_kind === 'department'
          ? planDepartment(depts, c.target)
          : c.target_kind === 'team'
            ? this.teams.get(c.target)
            : undefined;
      return {
        id: c.id,
        responseId: c.response_id,
        hazard: c.hazard as Hazard,
        level: c.level as Level,
        targetKind: c.target_kind,
        target: c.target,
        targetName: d?.name ?? c.target,
        targetNameEn: d?.nameEn ?? null,
        calledAt: c.called_at.toISOString(),
        ackedAt: iso(c.acked_at),
        ackedBy: c.acked_by,
        escalatedAt: iso(c.escalated_at),
        mine: c.acked_at === null && this.mayAnswer(c.target_kind, c.target, actor, deptCode),
      };
    });
  }

  /** A named person, or anyone of a named department, acknowledges a call-out. */
  async acknowledge(id: number, actor: Actor): Promise<EmergencyCallout> {
    const who = eventActor(actor);
    const at = this.clock.now();
    const deptCode = await this.departmentCodeOf(actor);
    const responseId = await this.db.tx(async (q) => {
      const c = await repo.calloutById(q, id);
      if (!c) throw new DomainError('emergency.not_found', `No call-out ${id}`);
      if (!this.mayAnswer(c.target_kind, c.target, actor, deptCode))
        throw new DomainError('auth.forbidden', 'This call-out is for someone else');
      if (!(await repo.ackCallout(q, id, who.actorName, at)))
        throw new DomainError('emergency.invalid_transition', 'Already acknowledged');
      await repo.insertEvent(q, {
        responseId: c.response_id,
        hazard: c.hazard,
        kind: 'acknowledged',
        ...who,
        data: { calloutId: id, target: c.target, targetKind: c.target_kind },
        at,
      });
      return c.response_id;
    });
    const out = (await this.callouts(actor, responseId)).find((c) => c.id === id)!;
    await this.announce('emergency.callout', { callout: { id, ackedAt: out.ackedAt } });
    return out;
  }

  /** Call-outs unanswered past the plan's time are escalated: an event and a notice to the commanders. */
  async escalate(actor: Actor): Promise<number> {
    const now = this.clock.now();
    const before: Record<string, Date> = {};
    for (const h of HAZARDS) {
      const p = this.plans.get(h);
      if (p) before[h] = new Date(now.getTime() - p.body.escalateAfterMin * 60_000);
    }
    const who = eventActor(actor);
    const rows = await this.db.tx(async (q) => {
      const esc = await repo.escalateCallouts(q, before, now);
      for (const c of esc)
        await repo.insertEvent(q, {
          responseId: c.response_id,
          hazard: c.hazard,
          kind: 'escalated',
          ...who,
          data: { calloutId: c.id, target: c.target, targetKind: c.target_kind },
          at: now,
        });
      await repo.insertOutbox(
        q,
        esc.map((c) => ({
          recipientKind: 'role',
          recipient: 'commander',
          kind: 'escalation',
          payload: { calloutId: c.id, target: c.target },
        })),
        now,
      );
      return esc;
    });
    if (rows.length > 0) await this.announce('emergency.callout', { escalated: rows.map((r) => r.id) });
    return rows.length;
  }

  async tasks(
    actor: Actor,
    o: { responseId?: number | undefined; mine?: boolean | undefined },
  ): Promise<EmergencyTask[]> {
    const ids =
      o.responseId !== undefined ? [o.responseId] : (await repo.activeResponses(this.db)).map((r) => r.id);
    const rows = await repo.listTasks(this.db, ids);
    const deptCode = await this.departmentCodeOf(actor);
    const depts = [...(await this.org.allDepartments()).values()];
    return rows
      .map((t) => {
        const d = planDepartment(depts, t.department);
        return {
          id: t.id,
          responseId: t.response_id,
          hazard: t.hazard as Hazard,
          kind: t.kind,
          department: t.department,
          departmentName: d?.name ?? null,
          departmentNameEn: d?.nameEn ?? null,
          title: t.title,
          titleEn: t.title_en,
          deviceId: t.device_id,
          state: t.state,
          createdAt: t.created_at.toISOString(),
          ackedAt: iso(t.acked_at),
          doneAt: iso(t.done_at),
          doneBy: t.done_by,
          note: t.note,
          mine: deptCode !== null && departmentMatches(deptCode, t.department),
        };
      })
      .filter((t) => !o.mine || t.mine);
  }

  /** The department's staff acknowledge a task or report it done; the commanders may too. */
  async moveTask(
    id: number,
    to: 'acknowledged' | 'done',
    note: string | undefined,
    actor: Actor,
  ): Promise<EmergencyTask> {
    const who = eventActor(actor);
    const at = this.clock.now();
    const deptCode = await this.departmentCodeOf(actor);
    const commander = (actor.user?.roles ?? []).some((r) => r === 'commander' || r === 'leader');
    const responseId = await this.db.tx(async (q) => {
      const t = await repo.taskById(q, id);
      if (!t) throw new DomainError('emergency.not_found', `No task ${id}`);
      if (!commander && !(deptCode !== null && departmentMatches(deptCode, t.department)))
        throw new DomainError('auth.forbidden', 'This task is for another department');
      if (t.state === 'done' || (to === 'acknowledged' && t.state !== 'open'))
        throw new DomainError('emergency.invalid_transition', `Task ${id} is ${t.state}`);
      await repo.setTaskState(q, id, to, who.actorName, at, note?.trim() || null);
      await repo.insertEvent(q, {
        responseId: t.response_id,
        hazard: t.hazard,
        kind: to === 'done' ? 'task_done' : 'task_acknowledged',
        ...who,
        data: { taskId: id, department: t.department, title: t.title, titleEn: t.title_en },
        at,
      });
      return t.response_id;
    });
    const out = (await this.tasks(actor, { responseId })).find((t) => t.id === id)!;
    await this.announce('emergency.task', { task: { id, state: out.state } });
    return out;
  }

  /** Opens a closure task for an underpass in red during a rainstorm response (once per response). */
  async openClosureTask(
    hazard: Hazard,
    device: { id: string; name: string },
    depthCm: number,
    actor: Actor,
  ): Promise<boolean> {
    const who = eventActor(actor);
    const at = this.clock.now();
    const made = await this.db.tx(async (q) => {
      const r = await repo.activeResponseOf(q, hazard);
      if (!r) return false;
      const ids = await repo.insertTasks(
        q,
        r.id,
        [
          {
            kind: 'closure',
            department: 'traffic',
            title: `封闭下穿立交：${device.name}`,
            titleEn: `Close the underpass: ${device.id}`,
            deviceId: device.id,
          },
        ],
        at,
      );
      if (ids.length === 0) return false;
      await repo.insertEvent(q, {
        responseId: r.id,
        hazard,
        kind: 'closure_opened',
        ...who,
        data: { taskId: ids[0], deviceId: device.id, depthCm },
        at,
      });
      return true;
    });
    if (made) await this.announce('emergency.task', { closure: device.id });
    return made;
  }

  async events(o: {
    responseId?: number | undefined;
    limit?: number | undefined;
  }): Promise<EmergencyEvent[]> {
    const rows = await repo.listEvents(this.db, { responseId: o.responseId, limit: o.limit ?? 100 });
    const depts = [...(await this.org.allDepartments()).values()];
    // A department named by its code is shown by its name (both languages); the page picks one.
    const named = (data: Record<string, unknown>) => {
      if (typeof data.target !== 'string') return data;
      const d =
        data.targetKind === 'department'
          ? planDepartment(depts, data.target)
          : data.targetKind === 'team'
            ? this.teams.get(data.target)
            : undefined;
      return d ? { ...data, targetName: d.name, targetNameEn: d.nameEn } : data;
    };
    return rows.map((e) => ({
      id: Number(e.id),
      responseId: e.response_id,
      hazard: (e.hazard as Hazard | null) ?? null,
      kind: e.kind,
      fromLevel: (e.from_level as Level | null) ?? null,
      toLevel: (e.to_level as Level | null) ?? null,
      actorName: e.actor_name,
      reason: e.reason,
      data: named(e.data),
      at: e.at.toISOString(),
    }));
  }

  /** The after-action report of a response (any state): timeline, call-outs, tasks, peak values. */
  async report(
    id: number,
    actor: Actor,
  ): Promise<Omit<EmergencyReport, 'ponding' | 'segments' | 'snowTargets' | 'materials'>> {
    const r = await repo.responseById(this.db, id);
    if (!r) throw new DomainError('emergency.not_found', `No response ${id}`);
    const [events, callouts, tasks] = await Promise.all([
      this.events({ responseId: id, limit: 500 }),
      this.callouts(actor, id),
      this.tasks(actor, { responseId: id }),
    ]);
    const mins = (from: string, to: string | null) =>
      to === null ? null : Math.round((Date.parse(to) - Date.parse(from)) / 6_000) / 10;
    const peaks = new Map<string, { deviceId: string; value: number; kind: string }>();
    const seen = (deviceId: string, value: number, kind: string) => {
      const p = peaks.get(deviceId);
      if (!p || value > p.value) peaks.set(deviceId, { deviceId, value, kind });
    };
    const evidences = [
      r.evidence as EmergencyEvidence | null,
      ...events.map((e) => e.data.evidence as EmergencyEvidence | null | undefined),
    ];
    for (const ev of evidences)
      for (const item of ev?.items ?? [])
        for (const d of item.devices ?? []) seen(d.deviceId, d.value, item.trigger.kind);
    for (const e of events)
      if (
        e.kind === 'closure_opened' &&
        typeof e.data.deviceId === 'string' &&
        typeof e.data.depthCm === 'number'
      )
        seen(e.data.deviceId, e.data.depthCm, 'depth');
    return {
      response: this.presentResponse(r),
      timeline: [...events].reverse(),
      callouts: callouts.map((c) => ({ ...c, minutesToAck: mins(c.calledAt, c.ackedAt) })),
      tasks: tasks.map((t) => ({ ...t, minutesToDone: mins(t.createdAt, t.doneAt) })),
      peaks: [...peaks.values()].sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
    };
  }

  async announce(type: string, data: Record<string, unknown>): Promise<void> {
    await this.bus.publish({ type, scope: { roles: CONSOLE_ROLES }, data });
  }
}
