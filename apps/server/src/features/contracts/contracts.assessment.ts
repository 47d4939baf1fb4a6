import {
  DomainError,
  deductionFor,
  scoreMonth,
  selfInspectionsDue,
  type CountKey,
  type MonthFigures,
} from '@cityloop/domain';
import type {
  ContractAssessment,
  ContractAssessmentList,
  ContractDecision,
  ContractDispute,
  EvidenceCase,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import { audit } from '../audit/audit.service.js';
import type { Offers } from '../../modules/module.js';
import * as repo from './contracts.repository.js';
import { monthsOf, type ContractService } from './contracts.service.js';
import { elapsedDays, selfInspectionDays } from './contracts.selfInspections.js';

/** The counts whose cases are a month's evidence, and the reason each is shown for. */
const EVIDENCE: readonly CountKey[] = [
  'overduePending',
  'rework',
  'visited',
  'satisfied',
  'basicallySatisfied',
];
const EVIDENCE_LIMIT = 200;

export interface AssessmentDeps {
  evaluation: Offers['evaluation'];
  assessment: Offers['assessment'];
  cases: Offers['cases'];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The contractors' monthly assessment (承包企业月度考核): the case-loop evaluation's own score of
 * the contractor's unit (on-time disposal, rework, overdue, extensions), less its complaints (return
 * visits not satisfied) and the points it bears on the assessment's findings; the contract's rules
 * turn the score into a deduction from the monthly payment, never above the cap. Every change of a
 * stored score is audited with its figures and evidence; a disputed or decided month is frozen.
 */
export class ContractAssessments {
  constructor(
    private readonly db: Db,
    private readonly contracts: ContractService,
    private readonly d: AssessmentDeps,
    private readonly clock: Clock,
  ) {}

  /** One contract's month, as its contractor or the bureau sees it (recomputed while it may change). */
  async forContract(id: number, month: string, actor: Actor): Promise<ContractAssessment> {
    const c = await this.contracts.contractFor(id, actor);
    const { items } = await this.assessMonth(month, actor, [c.id]);
    const mine = items[0];
    if (!mine) throw new DomainError('validation.failed', `Contract ${c.code} is not in force in ${month}`);
    return mine;
  }

  /**
   * Scores a month for every contract in force (or the given ones): one evaluation of the units,
   * one read of the findings' deductions, one query for the evidence; stores what changed.
   */
  async assessMonth(month: string, actor: Actor, ids?: readonly number[]): Promise<ContractAssessmentList> {
    const list = this.contracts.inForce(month, ids);
    if (list.length === 0) return { month, items: [] };
    const query = { period: 'month' as const, date: `${month}-01` };
    const units = list.map((c) => c.department_id);
    const [evaluation, findings, behind, selfDays] = await Promise.all([
      this.d.evaluation.evaluateCity('units', query),
      this.d.assessment.deductionsOf(month, 'unit'),
      this.d.evaluation.casesBehindUnits(units, EVIDENCE, query),
      selfInspectionDays(
        this.db,
        list.map((c) => c.id),
        month,
      ),
    ]);
    const { elapsed, length } = elapsedDays(month, this.contracts.today());
    const rows = new Map(evaluation.rows.map((r) => [r.id, r]));
    const evidenceIds = new Map<number, Array<{ id: number; reason: EvidenceCase['reason'] }>>();
    const complaintsOf = new Map<number, number>();
    for (const c of list) {
      const m = behind.get(c.department_id);
      const pleased = new Set([...(m?.get('satisfied') ?? []), ...(m?.get('basicallySatisfied') ?? [])]);
      const complaints = (m?.get('visited') ?? []).filter((x) => !pleased.has(x));
      complaintsOf.set(c.id, complaints.length);
      const ev = [
        ...(m?.get('overduePending') ?? []).map((x) => ({ id: x, reason: 'overdue' as const })),
        ...(m?.get('rework') ?? []).map((x) => ({ id: x, reason: 'rework' as const })),
        ...complaints.map((x) => ({ id: x, reason: 'complaint' as const })),
      ].slice(0, EVIDENCE_LIMIT);
      evidenceIds.set(c.id, ev);
    }
    const allIds = [...new Set([...evidenceIds.values()].flat().map((e) => e.id))];
    const caseRows = new Map((await this.d.cases.byIds(this.db, allIds)).map((r) => [r.id, r]));
    const now = this.clock.now();

    const computed = list.map((c) => {
      const row = rows.get(String(c.department_id));
      const f = findings.get(String(c.department_id));
      const figures: MonthFigures = {
        caseScore: row?.score ?? null,
        disposalDue: row?.counts.disposalDue ?? 0,
        disposedOnTime: row?.counts.disposedOnTime ?? 0,
        overdue: row?.counts.overduePending ?? 0,
        rework: row?.counts.rework ?? 0,
        complaints: complaintsOf.get(c.id) ?? 0,
        findingPoints: round2(f?.points ?? 0),
        findings: f?.findings ?? 0,
        // The contractor's own inspections (自查), when its contract asks for them.
        selfInspectionDays: selfDays.get(c.id) ?? 0,
        selfInspectionsDue: selfInspectionsDue(c.rules, elapsed, length),
      };
      const result = scoreMonth(figures, c.rules);
      const monthly = round2(c.value_yuan / monthsOf(c.start_date, c.end_date));
      const evidence = (evidenceIds.get(c.id) ?? []).flatMap((e) => {
        const r = caseRows.get(e.id);
        return r ? [{ id: r.id, code: r.code, category: r.category, state: r.state, reason: e.reason }] : [];
      });
      return {
        contract_id: c.id,
        month,
        figures: figures as unknown as Record<string, number | null>,
        computed_score: result.score,
        score: result.score,
        monthly_yuan: monthly,
        uncapped_yuan: result.uncappedYuan,
        deduction_yuan: result.deductionYuan,
        cap_yuan: c.rules.capYuan,
        evidence,
        computed_at: now,
      };
    });

    await this.db.tx(async (q) => {
      const stored = new Map(
        (
          await repo.assessmentsOf(
            q,
            month,
            list.map((c) => c.id),
            true,
          )
        ).map((r) => [r.contract_id, r]),
      );
      for (const a of computed) {
        const before = stored.get(a.contract_id);
        if (before && before.status !== 'scored') continue;
        const same =
          before &&
          before.score === a.score &&
          before.deduction_yuan === a.deduction_yuan &&
          Object.keys(a.figures).every((k) => before.figures[k] === a.figures[k]) &&
          JSON.stringify(before.evidence.map((e) => e.id)) === JSON.stringify(a.evidence.map((e) => e.id));
        if (same) continue;
        await repo.saveScored(q, a);
        await audit(q, actor, {
          action: 'contract.score',
          entity: 'contract_assessment',
          entityId: `${a.contract_id}/${month}`,
          before: before
            ? { score: before.score, deductionYuan: before.deduction_yuan, figures: before.figures }
            : null,
          after: {
            score: a.score,
            deductionYuan: a.deduction_yuan,
            capYuan: a.cap_yuan,
            figures: a.figures,
            evidence: a.evidence.map((e) => ({ code: e.code, reason: e.reason })),
          },
        });
      }
    });
    const saved = await repo.assessmentsOf(
      this.db,
      month,
      list.map((c) => c.id),
    );
    const partial = evaluation.partial;
    const byId = new Map(list.map((c) => [c.id, c]));
    return {
      month,
      items: saved
        .sort((a, b) => byId.get(a.contract_id)!.code.localeCompare(byId.get(b.contract_id)!.code))
        .map((r) => present(r, byId.get(r.contract_id)!.code, partial)),
    };
  }

  /** The contractor disputes its month (申诉): the month is frozen until the bureau decides. */
  async dispute(id: number, body: ContractDispute, actor: Actor): Promise<ContractAssessment> {
    const user = actingUser(actor);
    const c = await this.contracts.contractFor(id, actor);
    if (this.contracts.ownDepartment(user) !== c.department_id)
      throw new DomainError('auth.forbidden', 'Only the contractor disputes its month');
    await this.forContract(id, body.month, actor);
    await this.db.tx(async (q) => {
      const [a] = await repo.assessmentsOf(q, body.month, [id], true);
      if (!a || a.status !== 'scored')
        throw new DomainError(
          'contract.dispute_state',
          `${c.code} ${body.month} is ${a?.status ?? 'not scored'}`,
        );
      await repo.setDispute(q, id, body.month, body.reason, user.id, this.clock.now());
      await audit(q, actor, {
        action: 'contract.dispute',
        entity: 'contract_assessment',
        entityId: `${id}/${body.month}`,
        before: { status: a.status, score: a.score },
        after: { status: 'disputed', reason: body.reason, evidence: a.evidence.map((e) => e.code) },
      });
    });
    return this.forContract(id, body.month, actor);
  }

  /**
   * The bureau decides a dispute: upheld with a corrected score (the deduction follows the rules,
   * capped), or rejected (the computed score stands).
   */
  async decide(id: number, body: ContractDecision, actor: Actor): Promise<ContractAssessment> {
    const user = actingUser(actor);
    const c = await this.contracts.contractFor(id, actor);
    if (body.upheld && body.score === undefined)
      throw new DomainError('validation.failed', 'An upheld dispute gives the corrected score');
    await this.db.tx(async (q) => {
      const [a] = await repo.assessmentsOf(q, body.month, [id], true);
      if (!a || a.status !== 'disputed')
        throw new DomainError('contract.dispute_state', `${c.code} ${body.month} is not disputed`);
      const score = body.upheld ? body.score! : a.computed_score;
      const r = deductionFor(score, { ...c.rules, capYuan: a.cap_yuan });
      await repo.setDecision(q, id, body.month, {
        status: body.upheld ? 'upheld' : 'rejected',
        note: body.note,
        by: user.id,
        at: this.clock.now(),
        score,
        uncapped: r.uncappedYuan,
        deduction: r.deductionYuan,
      });
      await audit(q, actor, {
        action: 'contract.dispute_decision',
        entity: 'contract_assessment',
        entityId: `${id}/${body.month}`,
        before: { status: a.status, score: a.score, deductionYuan: a.deduction_yuan },
        after: {
          status: body.upheld ? 'upheld' : 'rejected',
          note: body.note,
          score,
          deductionYuan: r.deductionYuan,
          evidence: a.evidence.map((e) => e.code),
        },
      });
    });
    return this.forContract(id, body.month, actor);
  }
}

function present(r: repo.AssessmentRow, code: string, partial: boolean): ContractAssessment {
  const f = r.figures;
  const n = (k: string) => Number(f[k] ?? 0);
  return {
    contractId: r.contract_id,
    contractCode: code,
    month: r.month,
    partial,
    figures: {
      caseScore: f.caseScore ?? null,
      disposalDue: n('disposalDue'),
      disposedOnTime: n('disposedOnTime'),
      overdue: n('overdue'),
      rework: n('rework'),
      complaints: n('complaints'),
      findingPoints: n('findingPoints'),
      findings: n('findings'),
      selfInspectionDays: n('selfInspectionDays'),
      selfInspectionsDue: n('selfInspectionsDue'),
    },
    score: r.score,
    computedScore: r.computed_score,
    monthlyYuan: r.monthly_yuan,
    uncappedYuan: r.uncapped_yuan,
    deductionYuan: r.deduction_yuan,
    capYuan: r.cap_yuan,
    capped: r.uncapped_yuan > r.cap_yuan,
    evidence: r.evidence.map((e) => ({ ...e, reason: e.reason as EvidenceCase['reason'] })),
    status: r.status,
    dispute: r.dispute_reason
      ? {
          reason: r.dispute_reason,
          at: r.disputed_at!.toISOString(),
          decisionNote: r.decision_note,
          decidedAt: r.decided_at?.toISOString() ?? null,
        }
      : null,
    computedAt: r.computed_at.toISOString(),
  };
}
