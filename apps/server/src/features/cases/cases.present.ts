import {
  categoryByCode,
  maskPhone,
  metresBetween,
  type CaseAction,
  type Clock,
  type TrafficLight,
} from '@cityloop/domain';
import type { GridInfo } from '@cityloop/domain/api';
import type { Attachment } from '../attachments/attachments.service.js';
import type { CategoryLimit } from '../calendar/calendar.service.js';
import type { CaseRow, CaseSummaryRow, EventRow } from './cases.repository.js';
import { caseOutcome } from './cases.outcome.js';

/** Distance in metres between two things with lon/lat. */
export const distanceM = (a: { lon: number; lat: number }, b: { lon: number; lat: number }): number =>
  metresBetween([a.lon, a.lat], [b.lon, b.lat]);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentSummary(
  r: CaseSummaryRow,
  sla: { used: number; light: TrafficLight; leftMs?: number; clock?: Clock } | null,
  unitName: string | null = null,
  unitNameEn: string | null = null,
) {
  return {
    id: r.id,
    code: r.code,
    state: r.state,
    kind: r.kind,
    category: r.category,
    categoryName: categoryByCode(r.category, r.kind)?.name ?? r.category,
    urgency: r.urgency,
    source: r.source,
    description: r.description.length > 120 ? `${r.description.slice(0, 120)}…` : r.description,
    address: r.address,
    lon: r.lon,
    lat: r.lat,
    gridCode: r.grid_code,
    districtCode: r.district_code,
    streetCode: r.street_code,
    unitId: r.unit_id,
    unitName,
    unitNameEn,
    pendingKind: r.pending_kind,
    dispatchLevel: r.snapshot.dispatchLevel,
    reworkCount: r.snapshot.reworkCount,
    reportedAt: r.reported_at.toISOString(),
    step: r.step,
    stepDueAt: iso(r.step_due_at),
    used: sla ? Math.round(sla.used * 1000) / 1000 : null,
    light: sla?.light ?? null,
    stepLeftMs: sla?.leftMs ?? null,
    stepClock: sla?.clock ?? null,
    reporterPhone: maskPhone(r.reporter_phone),
  };
}

export type CaseSummary = ReturnType<typeof presentSummary>;

export function presentCase(
  r: CaseRow,
  extra: {
    events: EventRow[];
    photos: Attachment[];
    unitName: string | null;
    unitNameEn: string | null;
    grid: GridInfo | null;
    sla: { used: number; light: TrafficLight } | null;
    actions: CaseAction[];
    related: unknown[];
    limit: CategoryLimit;
    suggestedUnits: Array<{ id: number; name: string; nameEn: string | null }>;
  },
) {
  const photosById = new Map(extra.photos.map((p) => [p.id, p]));
  return {
    ...presentSummary(r, extra.sla, extra.unitName, extra.unitNameEn),
    description: r.description,
    nature: r.nature,
    componentCode: r.component_code,
    reporterId: r.reporter_id,
    reporterName: r.reporter_name,
    wantsReply: r.wants_reply,
    duplicateOf: r.duplicate_of,
    communityCode: r.community_code,
    supervisionGridCode: r.supervision_grid_code,
    dispatchedAt: iso(r.dispatched_at),
    disposalDueAt: iso(r.disposal_due_at),
    closedAt: iso(r.closed_at),
    snapshot: r.snapshot,
    version: r.version,
    grid: extra.grid,
    filingCondition: extra.limit.filingCondition,
    closingCondition: extra.limit.closingCondition,
    filingConditionEn: extra.limit.filingConditionEn,
    closingConditionEn: extra.limit.closingConditionEn,
    disposalLimit: extra.limit.disposal,
    allowedActions: extra.actions,
    suggestedUnits: extra.suggestedUnits,
    related: extra.related,
    outcome: caseOutcome(r, extra.events),
    photos: extra.photos,
    events: extra.events.map((e) => ({
      ...e,
      at: e.at.toISOString(),
      dueAt: iso(e.dueAt),
      photos: e.photos.map((id) => photosById.get(id)).filter((p): p is Attachment => p !== undefined),
    })),
  };
}

export type CaseDetail = ReturnType<typeof presentCase>;
