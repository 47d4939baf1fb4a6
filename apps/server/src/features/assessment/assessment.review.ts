import { DomainError, jurisdictionCoversArea } from '@cityloop/domain';
import type { DisputeDecision, FindingView, Reinspection } from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { AssessmentCore } from './assessment.core.js';
import { borneRows, finding } from './assessment.findings.js';
import * as frepo from './assessment.findings.repository.js';
import * as repo from './assessment.repository.js';

/** After a finding: the re-inspection of its fix, and the assessed party's dispute (申诉) and its decision. */

/** Re-inspection of a fix: after the finding's case has closed (or on a finding without a case). */
export async function reinspect(
  c: AssessmentCore,
  id: number,
  body: Reinspection,
  actor: Actor,
): Promise<FindingView> {
  const user = actingUser(actor);
  await c.db.tx(async (q) => {
    const f = await frepo.finding(q, id, true);
    if (!f) throw new DomainError('not_found', `No finding ${id}`);
    if (!f.needs_fix) throw new DomainError('conflict', 'This finding needed no fix');
    if (f.reinspection === 'passed') throw new DomainError('conflict', 'The fix was re-inspected and passed');
    if (f.case_id !== null && f.case_state !== 'closed')
      throw new DomainError('conflict', `Case ${f.case_code} is not closed yet: it is ${f.case_state}`);
    await frepo.setReinspection(q, id, {
      passed: body.passed,
      note: body.note ?? null,
      by: user.id,
      at: c.clock.now(),
    });
    await audit(q, actor, {
      action: 'assessment.reinspect',
      entity: 'assessment_finding',
      entityId: id,
      before: { reinspection: f.reinspection },
      after: { reinspection: body.passed ? 'passed' : 'failed', note: body.note ?? null },
    });
  });
  return finding(c, id);
}

/** The assessed party's dispute (申诉): the unit that bears the bureau's share or the area's dispatcher. */
export async function dispute(
  c: AssessmentCore,
  id: number,
  reason: string,
  actor: Actor,
): Promise<FindingView> {
  const user = actingUser(actor);
  await c.db.tx(async (q) => {
    const f = await frepo.finding(q, id, true);
    if (!f) throw new DomainError('not_found', `No finding ${id}`);
    const ownUnit = f.unit_id !== null && (user.departmentId ?? user.jurisdiction.departmentId) === f.unit_id;
    const ownArea =
      user.roles.includes('dispatcher') &&
      (user.jurisdiction.level === 'district' || user.jurisdiction.level === 'street') &&
      jurisdictionCoversArea(user.jurisdiction, f.grid_code);
    if (!ownUnit && !ownArea)
      throw new DomainError('auth.out_of_jurisdiction', 'Only the assessed party disputes a finding');
    if (await repo.closedMonth(q, f.month)) throw new DomainError('conflict', `Month ${f.month} is closed`);
    if (f.dispute !== null)
      throw new DomainError('conflict', `The finding was disputed already (${f.dispute})`);
    await frepo.setDispute(q, id, { reason, by: user.id, at: c.clock.now() });
    await audit(q, actor, {
      action: 'assessment.dispute',
      entity: 'assessment_finding',
      entityId: id,
      after: { reason },
    });
  });
  return finding(c, id);
}

/** A decision on a dispute, audited; an upheld one takes the finding's deduction out of the month. */
export async function decide(
  c: AssessmentCore,
  id: number,
  body: DisputeDecision,
  actor: Actor,
): Promise<FindingView> {
  const user = actingUser(actor);
  await c.db.tx(async (q) => {
    const f = await frepo.finding(q, id, true);
    if (!f) throw new DomainError('not_found', `No finding ${id}`);
    if (f.dispute !== 'pending') throw new DomainError('conflict', 'No dispute waits for a decision');
    if (f.recorded_by === user.id)
      throw new DomainError(
        'case.separation_of_duties',
        'You recorded this finding: another supervisor decides',
      );
    if (await repo.closedMonth(q, f.month)) throw new DomainError('conflict', `Month ${f.month} is closed`);
    await frepo.decideDispute(q, id, { ...body, by: user.id, at: c.clock.now() });
    if (body.upheld && f.counted) await frepo.applyDeductions(q, f.month, borneRows(f), -1);
    await audit(q, actor, {
      action: 'assessment.dispute_decision',
      entity: 'assessment_finding',
      entityId: id,
      before: { dispute: 'pending', counted: f.counted, deduction: f.deduction },
      after: {
        dispute: body.upheld ? 'upheld' : 'rejected',
        counted: f.counted && !body.upheld,
        note: body.note,
      },
    });
  });
  return finding(c, id);
}
