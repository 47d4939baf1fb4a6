import type { CaseAction } from '@cityloop/domain';
import type { GridInfo } from '@cityloop/domain/api';
import type { Attachment } from '../attachments/attachments.service.js';
import { presentSummary } from './cases.present.js';
import type { CaseRow, EventRow } from './cases.repository.js';
import { caseOutcome } from './cases.outcome.js';

/**
 * Steps whose note the public reads: why a report was not taken up, why it was cancelled, how it
 * was closed. Other notes (dispatch instructions, urging, internal comments) stay with the staff.
 */
export const PUBLIC_NOTE_ACTIONS: ReadonlySet<string> = new Set([
  'reject',
  'refuse',
  'approve_cancel',
  'close',
  'return_visit',
]);
/** Steps whose photos the public sees: their own report's and those of the fix. */
const PUBLIC_PHOTO_ACTIONS: ReadonlySet<string> = new Set(['report', 'report_done', 'self_handle', 'check']);

/** A step the public follows: the report, and every step that moved the case to another state. */
const isPublicStep = (e: EventRow) => e.action === 'report' || e.fromState !== e.toState;

/**
 * The public view of a citizen's own case (the portal): its report, place, state, the public status
 * timeline with public notes and the photos of the fix. No neighbours' reports nearby, no staff names
 * or ids, no internal units, clocks or state-machine snapshot.
 */
export function presentPublicCase(
  r: CaseRow,
  extra: { events: EventRow[]; photos: Attachment[]; grid: GridInfo | null; actions: CaseAction[] },
) {
  const photosById = new Map(extra.photos.map((p) => [p.id, p]));
  const events = extra.events.filter(isPublicStep).map((e) => ({
    id: e.id,
    action: e.action,
    fromState: e.fromState,
    toState: e.toState,
    // The role that took the step ("the inspector", "the shift leader"), never who.
    actorName: null,
    actorRole: e.actorRole,
    actorSystem: e.actorSystem,
    at: e.at.toISOString(),
    comment: PUBLIC_NOTE_ACTIONS.has(e.action) ? e.comment : null,
    onTime: null,
    photos: PUBLIC_PHOTO_ACTIONS.has(e.action)
      ? e.photos.map((id) => photosById.get(id)).filter((p): p is Attachment => p !== undefined)
      : [],
  }));
  const summary = presentSummary(r, null, null);
  return {
    id: r.id,
    code: r.code,
    state: r.state,
    kind: r.kind,
    category: r.category,
    categoryName: summary.categoryName,
    urgency: r.urgency,
    source: r.source,
    nature: r.nature,
    description: r.description,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    gridCode: r.grid_code,
    districtCode: r.district_code,
    streetCode: r.street_code,
    grid: extra.grid,
    reporterId: r.reporter_id,
    reporterName: r.reporter_name,
    reporterPhone: summary.reporterPhone,
    wantsReply: r.wants_reply,
    duplicateOf: r.duplicate_of,
    reportedAt: r.reported_at.toISOString(),
    closedAt: r.closed_at ? r.closed_at.toISOString() : null,
    allowedActions: extra.actions,
    related: [],
    outcome: caseOutcome(r, extra.events),
    photos: [...new Map(events.flatMap((e) => e.photos).map((p) => [p.id, p])).values()],
    events,
  };
}

export type PublicCaseDetail = ReturnType<typeof presentPublicCase>;
