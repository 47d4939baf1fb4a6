import { DomainError, VISIT_DUE_HOURS, categoryByCode, maskPhone } from '@cityloop/domain';
import type { RevealedPhone, VisitItem, VisitList, VisitListQuery } from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import type { OrgOffer } from '../org/org.module.js';
import * as repo from './visits.repository.js';

const HOUR = 3_600_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Where a user sees visits: like the case lists (a unit its own cases, an area its cases). */
function scopeOf(user: SessionUser): repo.VisitScope {
  const j = user.jurisdiction;
  if (j.level === 'department')
    return { column: 'unit_id', unitId: j.departmentId ?? user.departmentId ?? -1 };
  if (j.level === 'district' && j.code) return { column: 'district_code', code: j.code };
  if (j.level === 'street' && j.code) return { column: 'street_code', code: j.code };
  return null;
}

/** The due list's cursor: the last row's closing time and id ("<ms>.<id>"). */
function parseDueCursor(cursor: string | undefined): { closedAt: Date; id: number } | null {
  if (!cursor) return null;
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor);
  if (!m) throw new DomainError('validation.failed', `Bad cursor ${cursor}`);
  return { closedAt: new Date(Number(m[1])), id: Number(m[2]) };
}

/** The done list's cursor: the last row's visit time and id ("<ms>.<id>"). */
function parseDoneCursor(cursor: string | undefined): { at: Date; id: number } | null {
  if (!cursor) return null;
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor);
  if (!m) throw new DomainError('validation.failed', `Bad cursor ${cursor}`);
  return { at: new Date(Number(m[1])), id: Number(m[2]) };
}

/**
 * Return visits (回访): the hotline's queue of callers to call back, the visits made, and the
 * audited look at a caller's full phone number. Recording a visit is the case action
 * `return_visit` (POST /api/cases/:id/actions), decided by the state machine like every step.
 */
export class VisitService {
  constructor(
    private readonly db: Db,
    private readonly cases: CasesOffer,
    private readonly org: OrgOffer,
  ) {}

  async list(query: VisitListQuery, actor: Actor): Promise<VisitList> {
    const limit = query.limit ?? 50;
    const scope = scopeOf(actingUser(actor));
    const depts = await this.org.allDepartments();
    const unitName = (id: number | null) => (id !== null ? (depts.get(id)?.name ?? null) : null);
    if ((query.state ?? 'due') === 'due') {
      const rows = await repo.listDue(this.db, scope, {
        after: parseDueCursor(query.cursor),
        limit: limit + 1,
        caseId: query.caseId,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          ...caseColumns(r, unitName(r.unit_id)),
          dueSince: iso(r.closed_at),
          dueAt: iso(new Date(r.closed_at.getTime() + VISIT_DUE_HOURS * HOUR)),
          attempts: r.visit?.attempts ?? 0,
          lastAttemptAt: r.visit?.lastAttemptAt ?? null,
          result: r.visit?.result ?? null,
          satisfaction: null,
          visitedBy: null,
          comment: null,
        })),
        nextCursor: rows.length > limit && last ? `${last.closed_at.getTime()}.${last.case_id}` : null,
      };
    }
    const rows = await repo.listDone(this.db, scope, {
      before: parseDoneCursor(query.cursor),
      limit: limit + 1,
      caseId: query.caseId,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        ...caseColumns(r, unitName(r.visit_unit_id ?? r.unit_id)),
        dueSince: iso(r.due_since),
        dueAt: r.due_since ? iso(new Date(r.due_since.getTime() + VISIT_DUE_HOURS * HOUR)) : null,
        attempts: r.attempt,
        lastAttemptAt: iso(r.at),
        result: r.result,
        satisfaction: r.satisfaction,
        visitedBy: r.visited_by,
        comment: r.comment,
      })),
      nextCursor: rows.length > limit && last ? `${last.at.getTime()}.${last.visit_id}` : null,
    };
  }

  /** The caller's full number for the call, recorded in the audit log (who looked, when, which case). */
  async revealPhone(caseId: number, actor: Actor): Promise<RevealedPhone> {
    const user = actingUser(actor);
    const c = await this.cases.byId(this.db, caseId);
    if (!c) throw new DomainError('case.not_found', `Case ${caseId} does not exist`);
    if (!this.cases.canSee(user, c))
      throw new DomainError('auth.out_of_jurisdiction', `Case ${c.code} is outside your jurisdiction`);
    await this.db.tx((q) =>
      audit(q, actor, { action: 'reveal_phone', entity: 'case', entityId: c.id, after: { code: c.code } }),
    );
    return { phone: c.reporter_phone, callerName: c.reporter_name };
  }
}

function caseColumns(
  r: Pick<
    repo.DueVisitRow,
    | 'case_id'
    | 'code'
    | 'state'
    | 'kind'
    | 'category'
    | 'description'
    | 'address'
    | 'district_code'
    | 'street_code'
    | 'reported_at'
    | 'reporter_name'
    | 'reporter_phone'
  >,
  unitName: string | null,
): Omit<
  VisitItem,
  'dueSince' | 'dueAt' | 'attempts' | 'lastAttemptAt' | 'result' | 'satisfaction' | 'visitedBy' | 'comment'
> {
  return {
    caseId: Number(r.case_id),
    code: r.code,
    caseState: r.state,
    kind: r.kind,
    category: r.category,
    categoryName: categoryByCode(r.category, r.kind)?.name ?? r.category,
    description: r.description.length > 160 ? `${r.description.slice(0, 160)}…` : r.description,
    address: r.address,
    districtCode: r.district_code,
    streetCode: r.street_code,
    unitName,
    reportedAt: r.reported_at.toISOString(),
    callerName: r.reporter_name,
    phone: maskPhone(r.reporter_phone),
  };
}
