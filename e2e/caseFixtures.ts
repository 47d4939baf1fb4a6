import type { CaseActionRequest } from '@cityloop/domain';
import { userActor } from '../apps/server/src/actor.js';
import type { CityLoopApp } from '../apps/server/src/app.js';
import { userActor } from '../apps/server/src/actor.js';
import { findUserByUsername } from '../apps/server/src/features/auth/auth.repository.js';
import { toSessionUser } from '../apps/server/src/features/auth/auth.service.js';
import type { SessionUser } from '../apps/server/src/http/access.js';
import { makePng } from './casePages.js';

/**
 * Cases a browser test starts from, made through the real case service of the test's server (as
 * people would have made them, each step by its own role), so a test looks at what it is about
 * instead of clicking through the whole loop first.
 */
export class CaseFixtures {
  constructor(readonly app: CityLoopApp) {}

  async user(username: string): Promise<SessionUser> {
    const row = await findUserByUsername(this.app.platform.db, username);
    if (!row) throw new Error(`no user ${username}`);
    return toSessionUser(row);
  }

  /** A stored photo (a colour gradient of its own hue). */
  async photo(hue: number): Promise<string> {
    return (await this.app.services.attachments.upload(makePng(160, 120, hue), 'image/png', null)).id;
  }

  /** A report by `who` (an event of `category` at the point), with one photo; staff report as a leader's order. */
  async report(
    who: string,
    o: { category?: string; where: { lon: number; lat: number }; description: string; at?: Date },
  ) {
    const reporter = await this.user(who);
    const { case: c } = await this.app.services.cases.report(
      {
        kind: 'event',
        category: o.category ?? '0102',
        ...o.where,
        description: o.description,
        photos: [await this.photo(10)],
        // A centre's own report (a leader's order) goes to intake at once, not to verification.
        ...(reporter.roles.includes('inspector') ? {} : { source: 'leader' as const }),
      },
      userActor(reporter),
      o.at ? { now: o.at } : {},
    );
    return c;
  }

  async act(id: number, who: string, body: CaseActionRequest, at?: Date) {
    return this.app.services.cases.act(id, body, userActor(await this.user(who)), at ? { now: at } : {});
  }

  /** Accepted, filed and dispatched to the unit the loop suggests (the district's sanitation). */
  async dispatched(id: number, at?: Date) {
    const step = (n: number) => (at ? new Date(at.getTime() + n * 60_000) : undefined);
    await this.act(id, 'operator', { action: 'accept' }, step(1));
    await this.act(id, 'shiftleader', { action: 'file' }, step(2));
    const c = (await this.app.services.cases.byId(this.app.platform.db, id))!;
    const unit = (await this.app.services.cases.suggestUnits(c))[0]!;
    await this.act(id, 'dispatcher', { action: 'dispatch', unitId: unit.id }, step(3));
  }

  /**
   * A case whose fix waits for the inspector's check: reported with a photo, dispatched, reported
   * done by the unit with a before and an after photo and its note, the check sent to `inspector`.
   */
  async checkTask(where: { lon: number; lat: number }, note: string) {
    const c = await this.report('operator', { where, description: '人行道上暴露垃圾两袋' });
    await this.dispatched(c.id);
    const [before, after] = [await this.photo(90), await this.photo(170)];
    await this.act(c.id, 'sanitation.zhifu', {
      action: 'report_done',
      photos: [before, after],
      beforePhotos: [before],
      comment: note,
    });
    const inspector = await this.user('inspector');
    await this.act(c.id, 'operator', { action: 'to_check', inspectorId: inspector.id });
    return c;
  }
}
