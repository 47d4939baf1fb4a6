import type { Urgency } from '@cityloop/domain';
import type { Db } from '../db/db.js';
import type { CasesOffer } from '../features/cases/cases.module.js';
import type { CalendarService } from '../features/calendar/calendar.service.js';
import type { GridsOffer } from '../features/grids/grids.module.js';
import type { OrgOffer } from '../features/org/org.module.js';
import type { AttachmentsOffer } from '../features/attachments/attachments.module.js';

/** What the demo year is made through: the real services, as any user would drive them. */
export interface DemoCaseDeps {
  db: Db;
  cases: CasesOffer;
  calendar: CalendarService;
  grids: GridsOffer;
  org: OrgOffer;
  attachments: Pick<AttachmentsOffer, 'upload'>;
}
import type { SessionUser } from '../http/access.js';

// The demo year uses the generator's seeded PRNG, so the same seed gives the same year everywhere.
import { Rng } from '@cityloop/citygen';
export { Rng };

/**
 * Where a recent case's story stops, so that the desk's queues and the units' inboxes have work:
 * the step with this label is not taken (nor any after it).
 */
export type Stall =
  | 'accept'
  | 'verify'
  | 'file'
  | 'dispatch'
  | 'district'
  | 'start'
  | 'done'
  | 'approve'
  | 'resume'
  | 'to_check'
  | 'check'
  | 'close'
  // The return visit after closing (the caller wants a reply): leaves the hotline's queue work.
  | 'visit';

export interface Caller {
  name: string;
  phone: string;
  nature: string;
  wantsReply: boolean;
}

/** Everything about one case decided before it is reported (so the year is deterministic). */
export interface CasePlan {
  /** Idempotency key of the report, so a resumed run does not report a case twice. */
  key: string;
  at: Date;
  source: 'inspector' | 'hotline' | 'web';
  reporter: SessionUser;
  kind: 'component' | 'event';
  category: string;
  gridCode: string;
  streetCode: string;
  lon: number;
  lat: number;
  urgency: Urgency;
  description: string;
  address: string;
  caller: Caller | null;
  /** Photos sent with the report (callers on the phone send none). */
  photos: string[];
  /** A fix-on-the-spot candidate (small ads, a bag of rubbish). */
  trivial: boolean;
  stall: Stall | null;
  /** Forced features, so that the stalled recent cases cover every queue. */
  force: { twoLevel?: boolean; extension?: boolean; suspension?: boolean };
  /** The case's own stream for every later choice. */
  r: Rng;
}

/** The people and settings every story draws on. */
export interface StoryEnv {
  ctx: DemoCaseDeps;
  now: Date;
  operator: SessionUser;
  hotline: SessionUser;
  shiftLeader: SessionUser;
  dispatcher: SessionUser;
  supervisor: SessionUser;
  districtDispatchers: ReadonlyMap<string, SessionUser>;
  handlers: ReadonlyMap<number, SessionUser>;
  inspectorsByStreet: ReadonlyMap<string, readonly SessionUser[]>;
  /** Share of disposals a unit finishes late: differs by unit so that rankings mean something. */
  lateShare: ReadonlyMap<number, number>;
  /** Attachment ids of demo photos: [0..n) before, the rest after. */
  photos: { before: readonly string[]; after: readonly string[] };
  /** Called for a duplicate report of an open case (it opens no work; see CaseService.report). */
  reportDuplicate(plan: CasePlan, originalId: number, at: Date): Promise<void>;
}

/** Why a story ended where it did. */
export type StoryEnd = 'done' | 'stalled' | 'future';
