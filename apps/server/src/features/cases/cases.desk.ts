import { DESK_QUEUES, DomainError, actorMayActOnCase, type DeskQueue } from '@cityloop/domain';
import type { InspectorChoice, User } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import { actingUser, type Actor } from '../../actor.js';
import type { UsersOffer } from '../users/users.module.js';
import { countQueues, type CaseFilter } from './cases.queries.js';
import type { CaseService } from './cases.service.js';

/**
 * What the dispatcher desk needs beside the case service: exact counts per queue in one
 * statement, and the inspectors an operator may send a verify or check task to.
 */
export class CaseDeskService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly users: UsersOffer,
  ) {}

  /** Exact counts of every desk queue, under the list filters and the user's jurisdiction. */
  async queueCounts(filter: Omit<CaseFilter, 'queue' | 'cursor' | 'limit'>, actor: Actor) {
    const user = actingUser(actor);
    const onlyOwn = user.roles.every((r) => r === 'citizen');
    const now = this.cases.now();
    const counts: Record<DeskQueue, number> = await countQueues(
      this.db,
      DESK_QUEUES,
      filter,
      user,
      onlyOwn,
      now,
    );
    return { counts, at: now.toISOString() };
  }

  /**
   * Active inspectors who may act on the case (their jurisdiction reaches its grid), but not the
   * reporter of a report still to verify: those whose supervision grids hold it first (the web
   * form preselects the first of them).
   */
  async inspectorsFor(caseId: number, actor: Actor): Promise<InspectorChoice[]> {
    const user = actingUser(actor);
    const c = await this.cases.byId(this.db, caseId);
    if (!c) throw new DomainError('case.not_found', `Case ${caseId} does not exist`);
    if (!this.cases.canSee(user, c))
      throw new DomainError('auth.out_of_jurisdiction', `Case ${c.code} is outside your jurisdiction`);
    const inspectors = await this.allInspectors();
    // The reporter may not verify their own report (the state machine refuses it): not offered.
    const verifying = c.state === 'reported' || c.state === 'verifying';
    return inspectors
      .filter((u) => u.active && actorMayActOnCase(u.jurisdiction, u.departmentId, c.grid_code, null))
      .filter((u) => !(verifying && u.id === c.reporter_id))
      .map((u) => ({
        id: u.id,
        displayName: u.displayName,
        username: u.username,
        coversGrid:
          c.supervision_grid_code !== null && u.supervisionGridCodes.includes(c.supervision_grid_code),
      }))
      .sort(
        (a, b) =>
          Number(b.coversGrid) - Number(a.coversGrid) ||
          a.username.localeCompare(b.username, 'en', { numeric: true }),
      );
  }

  private async allInspectors(): Promise<User[]> {
    const all: User[] = [];
    for (let page = 1; ; page++) {
      const p = await this.users.list({ role: 'inspector', page, pageSize: 500 });
      all.push(...p.items);
      if (all.length >= p.total || p.items.length === 0) return all;
    }
  }
}
