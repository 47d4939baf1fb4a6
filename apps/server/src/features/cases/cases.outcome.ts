import type { SystemNote } from '@cityloop/domain';
import type { CaseRow, EventRow } from './cases.repository.js';

/**
 * Why a case ended without the work being done, as its reporter reads it: not accepted or not filed
 * (the desk's reason), cancelled (the reason asked for, and the approver's words), or linked to an
 * open case as the same problem (that case's number).
 */
export interface CaseOutcome {
  kind: 'not_accepted' | 'not_filed' | 'cancelled' | 'duplicate';
  /** The reason given: reject/refuse comment, or the cancellation's request reason. */
  reason: string | null;
  /** The approver's own words on a cancellation. */
  comment: string | null;
  /** A system note (the duplicate's original case), told in the reader's language. */
  note: SystemNote | null;
  at: string;
}

const lastOf = (events: readonly EventRow[], action: string) => events.findLast((e) => e.action === action);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

export function caseOutcome(c: Pick<CaseRow, 'state' | 'duplicate_of'>, events: readonly EventRow[]) {
  const at = (e: EventRow | undefined) => (e ?? events.at(-1))?.at.toISOString() ?? '';
  switch (c.state) {
    case 'not_accepted': {
      const e = lastOf(events, 'reject');
      return outcome('not_accepted', text(e?.comment), null, null, at(e));
    }
    case 'not_filed': {
      const e = lastOf(events, 'refuse');
      return outcome('not_filed', text(e?.comment), null, null, at(e));
    }
    case 'cancelled': {
      if (c.duplicate_of !== null) {
        const report = lastOf(events, 'report');
        const note = report?.payload.note as SystemNote | undefined;
        return outcome('duplicate', null, null, note ?? null, at(report));
      }
      const approved = lastOf(events, 'approve_cancel');
      const asked = events.findLast(
        (e) => e.action === 'request_cancel' && (!approved || e.id < approved.id),
      );
      return outcome('cancelled', text(asked?.payload.reason), text(approved?.comment), null, at(approved));
    }
    default:
      return null;
  }
}

function outcome(
  kind: CaseOutcome['kind'],
  reason: string | null,
  comment: string | null,
  note: SystemNote | null,
  at: string,
): CaseOutcome {
  return { kind, reason, comment, note, at };
}
