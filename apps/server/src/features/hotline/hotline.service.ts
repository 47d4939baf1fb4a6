import { HotlineFigures } from './hotline.figures.js';
import { DomainError, maskPhone } from '@cityloop/domain';
import type {
  CallerCase,
  CallerHistory,
  HotlineCall,
  HotlineCallBody,
  HotlineCallList,
  HotlineCallQuery,
  RevealedPhone,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import { audit } from '../audit/audit.service.js';
import type { CasesOffer } from '../cases/cases.module.js';
import * as repo from './hotline.repository.js';
import type { KnowledgeBase } from './kb.service.js';

/** A phone number as digits only: how numbers are compared (0535-6681234 is 05356681234). */
export const phoneDigits = (phone: string) => phone.replace(/[^0-9]/g, '');

/** The district a seat works for (null: the whole city). */
function districtOf(user: SessionUser): string | null {
  const j = user.jurisdiction;
  return (j.level === 'district' || j.level === 'street') && j.code ? j.code.slice(0, 6) : null;
}

/** Calls and cases shown when a caller's number is looked up. */
const HISTORY_CALLS = 20;
const HISTORY_CASES = 50;

const trimmed = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

/**
 * Hotline calls that need no field case: a consultation (咨询) answered on the spot, a suggestion
 * (建议) or thanks (感谢) recorded. Problems to fix on site are reports (POST /api/cases, source
 * hotline) and take the case loop.
 */
export class HotlineService {
  /** The period's calls by nature (the cockpit's hotline volume). */
  readonly figures: HotlineFigures;

  constructor(
    private readonly db: Db,
    private readonly time: Clock,
    private readonly kb: KnowledgeBase,
    private readonly cases: Pick<CasesOffer, 'casesByPhone'>,
  ) {
    this.figures = new HotlineFigures(db);
  }

  /**
   * Records a call. A consultation answered from the knowledge base names the answer and its
   * version (the current one unless given); the words given are that version's unless the seat
   * wrote their own.
   */
  async record(body: HotlineCallBody, actor: Actor): Promise<HotlineCall> {
    const user = actor.user;
    if (!user) throw new DomainError('auth.forbidden', 'Only a seat records calls');
    if (body.kbVersion !== undefined && body.kbArticleId === undefined)
      throw new DomainError('validation.failed', 'A knowledge-base version needs its answer (kbArticleId)');
    if (body.kbArticleId !== undefined && body.nature !== 'inquiry')
      throw new DomainError('validation.failed', 'Only a consultation is answered from the knowledge base');
    const id = await this.db.tx(async (q) => {
      let answer = trimmed(body.answer);
      let kbVersion: number | null = null;
      if (body.kbArticleId !== undefined) {
        const current = await this.kb.current(q, body.kbArticleId);
        if (!current)
          throw new DomainError('kb.not_found', `Knowledge-base answer ${body.kbArticleId} does not exist`);
        kbVersion = body.kbVersion ?? current.version;
        const given = await this.kb.versionAnswer(q, body.kbArticleId, kbVersion);
        if (!given)
          throw new DomainError(
            'validation.failed',
            `Knowledge-base answer ${body.kbArticleId} has no version ${kbVersion}`,
          );
        answer ??= given.answer;
      }
      if (body.nature === 'inquiry' && !answer)
        throw new DomainError('validation.failed', 'A consultation is recorded with the answer given');
      return repo.insertCall(q, {
        nature: body.nature,
        callerName: trimmed(body.callerName),
        callerPhone: trimmed(body.callerPhone),
        content: body.content.trim(),
        answer,
        address: trimmed(body.address),
        districtCode: districtOf(user),
        seatId: user.id,
        at: this.time.now(),
        kbArticleId: body.kbArticleId ?? null,
        kbVersion,
      });
    });
    const [row] = await repo.listCalls(this.db, { districtCode: null, before: null, limit: 1, id });
    return present(row!);
  }

  /**
   * Caller number first: the caller's earlier calls and cases (open ones apart), as the seat
   * picks up. What a district seat sees is what it would see in the lists; numbers stay masked.
   */
  async history(phone: string, actor: Actor): Promise<CallerHistory> {
    const user = actingUser(actor);
    const digits = phoneDigits(phone);
    if (digits.length < 3) throw new DomainError('validation.failed', 'A phone number has at least 3 digits');
    const [calls, cases] = await Promise.all([
      repo.listCalls(this.db, {
        districtCode: districtOf(user),
        before: null,
        limit: HISTORY_CALLS,
        phoneDigits: digits,
      }),
      this.cases.casesByPhone(digits, HISTORY_CASES, actor),
    ]);
    const items: CallerCase[] = cases.map((c) => ({
      id: c.id,
      code: c.code,
      state: c.state,
      kind: c.kind,
      category: c.category,
      categoryName: c.categoryName,
      source: c.source,
      description: c.description,
      address: c.address,
      reportedAt: c.reportedAt,
      open: c.open,
      light: c.light,
    }));
    return {
      phone: maskPhone(phone) ?? '',
      calls: calls.map(present),
      openCases: items.filter((c) => c.open),
      closedCases: items.filter((c) => !c.open),
    };
  }

  /** A call's full number, for those who call back; the look is recorded in the audit log. */
  async revealPhone(id: number, actor: Actor): Promise<RevealedPhone> {
    const user = actingUser(actor);
    const call = await repo.callPhone(this.db, id);
    const district = districtOf(user);
    if (!call || (district && call.district_code !== district))
      throw new DomainError('hotline.call_not_found', `Call ${id} does not exist`);
    await this.db.tx((q) =>
      audit(q, actor, { action: 'reveal_phone', entity: 'hotline_call', entityId: id }),
    );
    return { phone: call.caller_phone, callerName: call.caller_name };
  }

  async list(query: HotlineCallQuery, user: SessionUser): Promise<HotlineCallList> {
    const limit = query.limit ?? 50;
    const m = query.cursor ? /^(\d+)\.(\d+)$/.exec(query.cursor) : null;
    const rows = await repo.listCalls(this.db, {
      districtCode: districtOf(user),
      nature: query.nature,
      before: m ? { at: new Date(Number(m[1])), id: Number(m[2]) } : null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(present),
      nextCursor: rows.length > limit && last ? `${last.created_at.getTime()}.${last.id}` : null,
    };
  }
}

function present(r: repo.CallRow): HotlineCall {
  return {
    id: r.id,
    nature: r.nature,
    callerName: r.caller_name,
    phone: maskPhone(r.caller_phone),
    content: r.content,
    answer: r.answer,
    address: r.address,
    seatName: r.seat_name,
    kbArticleId: r.kb_article_id,
    kbVersion: r.kb_version,
    at: r.created_at.toISOString(),
  };
}
