import { DomainError, maskPhone } from '@cityloop/domain';
import type { HotlineCall, HotlineCallBody, HotlineCallList, HotlineCallQuery } from '@cityloop/domain/api';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/db.js';
import type { SessionUser } from '../../http/access.js';
import * as repo from './hotline.repository.js';

/** The district a seat works for (null: the whole city). */
function districtOf(user: SessionUser): string | null {
  const j = user.jurisdiction;
  return (j.level === 'district' || j.level === 'street') && j.code ? j.code.slice(0, 6) : null;
}

const trimmed = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

/**
 * Hotline calls that need no field case: a consultation (咨询) answered on the spot, a suggestion
 * (建议) or thanks (感谢) recorded. Problems to fix on site are reports (POST /api/cases, source
 * hotline) and take the case loop.
 */
export class HotlineService {
  constructor(
    private readonly db: Db,
    private readonly time: Clock,
  ) {}

  async record(body: HotlineCallBody, actor: Actor): Promise<HotlineCall> {
    const user = actor.user;
    if (!user) throw new DomainError('auth.forbidden', 'Only a seat records calls');
    const answer = trimmed(body.answer);
    if (body.nature === 'inquiry' && !answer)
      throw new DomainError('validation.failed', 'A consultation is recorded with the answer given');
    const id = await repo.insertCall(this.db, {
      nature: body.nature,
      callerName: trimmed(body.callerName),
      callerPhone: trimmed(body.callerPhone),
      content: body.content.trim(),
      answer,
      address: trimmed(body.address),
      districtCode: districtOf(user),
      seatId: user.id,
      at: this.time.now(),
    });
    const [row] = await repo.listCalls(this.db, { districtCode: null, before: null, limit: 1, id });
    return present(row!);
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
    at: r.created_at.toISOString(),
  };
}
