import { DomainError, ZoneClock } from '@cityloop/domain';
import type { NewRemitCase, RemitCase, RemitCaseList, RemitUpdate } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { Actor } from '../../actor.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import * as repo from './municipal.repository.js';

/** Who may approve or reject an advance payment (垫资). */
const APPROVERS = new Set(['leader', 'admin']);

/**
 * Problems outside the bureau's remit (权限外问题): a case whose responsible party is a developer,
 * a property manager or a utility company; the coordination steps; and when the bureau fixes it
 * itself, the advance payment (垫资) with its cost, approval and recovery. Figures per year.
 */
export class RemitService {
  private readonly zone: ZoneClock;

  constructor(
    private readonly db: Db,
    private readonly cases: CasesOffer,
    timeZone: string,
  ) {
    this.zone = new ZoneClock(timeZone);
  }

  private yearOf(d: Date): number {
    return Number(this.zone.dateKeyOf(d.getTime()).slice(0, 4));
  }

  async list(year?: number): Promise<RemitCaseList> {
    const rows = await repo.listRemit(this.db);
    const years = new Map<number, RemitCaseList['years'][number]>();
    for (const r of rows) {
      const y = this.yearOf(r.opened_at);
      const s = years.get(y) ?? { year: y, count: 0, advances: 0, amountYuan: 0, recoveredYuan: 0 };
      s.count++;
      if (r.advance && r.approval !== 'rejected') {
        s.advances++;
        s.amountYuan += r.cost_yuan;
        s.recoveredYuan += r.recovered_yuan;
      }
      years.set(y, s);
    }
    return {
      items: rows.filter((r) => year === undefined || this.yearOf(r.opened_at) === year).map(present),
      years: [...years.values()].sort((a, b) => b.year - a.year),
    };
  }

  async create(input: NewRemitCase, actor: Actor): Promise<RemitCase> {
    const c = await this.cases.byId(this.db, input.caseId);
    if (!c) throw new DomainError('case.not_found', `No case ${input.caseId}`);
    const by = actor.user?.username ?? 'system';
    const now = new Date();
    return this.db.tx(async (q) => {
      const row = await repo.insertRemit(q, {
        case_id: Number(c.id),
        case_code: c.code,
        party_kind: input.partyKind,
        party_name: input.partyName,
        steps: input.note ? [{ at: now.toISOString(), by, note: input.note }] : [],
        advance: false,
        cost_yuan: 0,
        approval: 'none',
        approved_by: null,
        recovery: 'none',
        recovered_yuan: 0,
        opened_at: now,
      });
      if (!row) throw new DomainError('conflict', `Case ${c.code} is already recorded as outside the remit`);
      const out = present(row);
      await audit(q, actor, { action: 'create', entity: 'remit_case', entityId: c.code, after: out });
      return out;
    });
  }

  async update(caseId: number, patch: RemitUpdate, actor: Actor): Promise<RemitCase> {
    return this.db.tx(async (q) => {
      const old = await repo.getRemit(q, caseId);
      if (!old) throw new DomainError('not_found', `Case ${caseId} is not recorded as outside the remit`);
      const by = actor.user?.username ?? 'system';
      const next: repo.RemitRow = { ...old, steps: [...old.steps] };
      if (patch.step) next.steps.push({ at: new Date().toISOString(), by, note: patch.step });
      if (patch.advance !== undefined) next.advance = patch.advance;
      if (patch.costYuan !== undefined) next.cost_yuan = patch.costYuan;
      if (patch.approval !== undefined && patch.approval !== old.approval) {
        const decides = patch.approval === 'approved' || patch.approval === 'rejected';
        if (decides && !actor.user?.roles.some((r) => APPROVERS.has(r)))
          throw new DomainError('auth.forbidden', 'Only a leader approves or rejects an advance payment');
        next.approval = patch.approval;
        next.approved_by = decides ? by : null;
      }
      if (patch.recovery !== undefined) next.recovery = patch.recovery;
      if (patch.recoveredYuan !== undefined) next.recovered_yuan = patch.recoveredYuan;
      if (next.approval !== 'none' && !next.advance)
        throw new DomainError('validation.failed', 'Only an advance payment is approved');
      if (next.recovered_yuan > next.cost_yuan)
        throw new DomainError('validation.failed', 'More recovered than advanced');
      if (next.recovery !== 'none' && next.approval !== 'approved')
        throw new DomainError('validation.failed', 'Recovery follows an approved advance');
      const row = await repo.updateRemit(q, next);
      const out = present(row);
      await audit(q, actor, {
        action: 'update',
        entity: 'remit_case',
        entityId: old.case_code,
        before: present(old),
        after: out,
      });
      return out;
    });
  }
}

function present(r: repo.RemitRow): RemitCase {
  return {
    caseId: r.case_id,
    caseCode: r.case_code,
    partyKind: r.party_kind,
    partyName: r.party_name,
    steps: r.steps,
    advance: r.advance,
    costYuan: r.cost_yuan,
    approval: r.approval,
    approvedBy: r.approved_by,
    recovery: r.recovery,
    recoveredYuan: r.recovered_yuan,
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
