import { Type, type Static, type TInteger } from '@sinclair/typebox';
import { CASE_ACTION_IDS } from '../cases/actions.js';
import {
  CASE_NATURES,
  CASE_SOURCES,
  CASE_STATES,
  PENDING_REQUEST_KINDS,
  URGENCIES,
} from '../cases/states.js';
import { CASE_QUEUES, DESK_QUEUES, type DeskQueue } from '../cases/queues.js';
import { Instant, Nullable, RowId } from './common.js';
import { GridInfo } from './grids.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ReportBody = Type.Object({
  kind: Type.Union([Type.Literal('component'), Type.Literal('event')], {
    description: '部件 (component) or 事件 (event)',
  }),
  category: Type.String({ pattern: '^[0-9]{4}$', description: '4-digit category code of that kind' }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  crs: Type.Optional(lit(['wgs84', 'gcj02', 'bd09'] as const)),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  urgency: Type.Optional(lit(URGENCIES)),
  source: Type.Optional(lit(CASE_SOURCES)),
  nature: Type.Optional(lit(CASE_NATURES)),
  componentCode: Type.Optional(Type.String({ pattern: '^[0-9]{16}$' })),
  photos: Type.Optional(
    Type.Array(Type.String({ format: 'uuid' }), {
      maxItems: 20,
      description: 'Ids from POST /api/attachments',
    }),
  ),
  idempotencyKey: Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 100,
      description: 'Same key → the same case, never a second one (offline phones retry)',
    }),
  ),
  duplicateOf: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'Confirms this report duplicates that open case: linked, no new work',
    }),
  ),
  reporterName: Type.Optional(Type.String({ maxLength: 50 })),
  reporterPhone: Type.Optional(Type.String({ maxLength: 30 })),
  wantsReply: Type.Optional(Type.Boolean()),
});
export type ReportBody = Static<typeof ReportBody>;

/** One of these strings: typed as their union, serialised as a plain string (no per-row check). */
const oneOf = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], ...options }));
const CASE_KINDS = ['component', 'event'] as const;
const TRAFFIC_LIGHTS = ['green', 'yellow', 'red'] as const;
const DISPATCH_LEVELS = ['district', 'unit'] as const;

/** One row of GET /api/cases (and of a case's related cases). */
export const CaseSummary = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    state: oneOf(CASE_STATES),
    kind: oneOf(CASE_KINDS),
    category: Type.String(),
    categoryName: Type.String(),
    urgency: oneOf(URGENCIES),
    source: oneOf(CASE_SOURCES),
    description: Type.String(),
    address: Nullable(Type.String()),
    lon: Type.Number(),
    lat: Type.Number(),
    gridCode: Type.String(),
    districtCode: Type.String(),
    streetCode: Type.String(),
    unitId: Nullable(Type.Integer()),
    unitName: Nullable(Type.String()),
    unitNameEn: Type.Optional(Nullable(Type.String({ description: 'The unit’s English name, if any' }))),
    pendingKind: Nullable(Type.String()),
    dispatchLevel: Nullable(oneOf(DISPATCH_LEVELS, { description: 'district: sent to a district centre' })),
    reworkCount: Type.Integer(),
    reportedAt: Type.String({ format: 'date-time' }),
    step: Nullable(Type.String()),
    stepDueAt: Nullable(Type.String({ format: 'date-time' })),
    used: Nullable(Type.Number({ description: 'Share of the current step’s limit used' })),
    light: Nullable(oneOf(TRAFFIC_LIGHTS, { description: 'green < 80 %, yellow 80–100 %, red overdue' })),
    stepLeftMs: Type.Optional(
      Nullable(
        Type.Number({
          description:
            'Time left on the current step’s clock in ms (working time for working limits); negative: overdue',
        }),
      ),
    ),
    stepClock: Type.Optional(
      Nullable(oneOf(['working', 'natural'] as const, { description: 'The clock the step’s limit runs on' })),
    ),
    distanceM: Type.Optional(Type.Number({ description: 'Metres from the point asked about (duplicates)' })),
  },
  { additionalProperties: true },
);
export type CaseSummary = Static<typeof CaseSummary>;

/** A stored photo as a case or a step shows it. */
export const CaseAttachment = Type.Object(
  {
    id: Type.String(),
    mime: Type.Optional(Type.String()),
    url: Type.String(),
    thumbUrl: Nullable(Type.String()),
  },
  { additionalProperties: true },
);
export type CaseAttachment = Static<typeof CaseAttachment>;

/** One step in a case's history, with its time against the step's limit. */
export const CaseEvent = Type.Object(
  {
    id: Type.Integer(),
    action: Type.String(),
    fromState: Nullable(Type.String()),
    toState: Type.String(),
    actorName: Nullable(Type.String()),
    actorNameEn: Type.Optional(Nullable(Type.String())),
    actorRole: Nullable(Type.String()),
    /** The part of the system that took the step (`system:mqtt`, `system:scheduler`); null for a person. */
    actorSystem: Type.Optional(Nullable(Type.String())),
    at: Type.String(),
    comment: Nullable(Type.String()),
    photos: Type.Array(CaseAttachment),
    onTime: Nullable(Type.Boolean()),
    usedMs: Nullable(Type.Number()),
    limitMs: Nullable(Type.Number()),
    step: Nullable(Type.String()),
    dueAt: Nullable(Type.String()),
    unitName: Nullable(Type.String()),
    unitNameEn: Type.Optional(Nullable(Type.String())),
    payload: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
  },
  { additionalProperties: true },
);
export type CaseEvent = Static<typeof CaseEvent>;

/** A request waiting for its approval (extension, send-back, suspension, cancellation). */
export const PendingRequestView = Type.Object(
  {
    kind: oneOf(PENDING_REQUEST_KINDS),
    byUserId: Type.Integer(),
    at: Type.String(),
    hours: Nullable(Type.Number()),
    reason: Type.String(),
  },
  { additionalProperties: true },
);

/** Why a case ended without the work being done (not accepted, not filed, cancelled, a duplicate). */
export const CaseOutcome = Type.Object({
  kind: oneOf(['not_accepted', 'not_filed', 'cancelled', 'duplicate'] as const),
  reason: Nullable(
    Type.String({ description: 'The reason given (reject/refuse note, cancellation reason)' }),
  ),
  comment: Nullable(Type.String({ description: 'The approver’s words on a cancellation' })),
  note: Nullable(
    Type.Object(
      { code: Type.String(), params: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
      { description: 'A system note (code and params), e.g. the original case of a duplicate' },
    ),
  ),
  at: Type.String(),
});
export type CaseOutcome = Static<typeof CaseOutcome>;

/**
 * GET /api/cases/{id} as the staff read it: the case with its timeline and what this user may do
 * next. (A citizen reads the public view of their own case, without the staff's fields: see
 * CaseDetail, the route's schema for both.)
 */
export const StaffCaseDetail = Type.Object(
  {
    ...CaseSummary.properties,
    nature: Nullable(Type.String()),
    componentCode: Nullable(Type.String()),
    reporterName: Nullable(Type.String()),
    reporterPhone: Nullable(Type.String()),
    duplicateOf: Nullable(Type.Integer()),
    supervisionGridCode: Nullable(Type.String()),
    dispatchedAt: Nullable(Type.String()),
    disposalDueAt: Nullable(Type.String()),
    closedAt: Nullable(Type.String()),
    snapshot: Type.Object(
      {
        pendingRequest: Nullable(PendingRequestView),
        reworkCount: Type.Integer(),
        sendBackCount: Type.Integer(),
        urgeCount: Type.Integer(),
        extensionHours: Type.Number(),
        dispatchLevel: Nullable(oneOf(DISPATCH_LEVELS)),
        selfHandled: Type.Boolean(),
      },
      { additionalProperties: true },
    ),
    grid: Nullable(GridInfo),
    filingCondition: Nullable(Type.String()),
    closingCondition: Nullable(Type.String()),
    filingConditionEn: Type.Optional(Nullable(Type.String())),
    closingConditionEn: Type.Optional(Nullable(Type.String())),
    disposalLimit: Nullable(
      Type.Object({ value: Type.Number(), unit: Type.String() }, { additionalProperties: true }),
    ),
    allowedActions: Type.Array(oneOf(CASE_ACTION_IDS)),
    suggestedUnits: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        nameEn: Type.Optional(Nullable(Type.String())),
      }),
    ),
    related: Type.Array(CaseSummary),
    outcome: Nullable(CaseOutcome),
    photos: Type.Array(CaseAttachment),
    events: Type.Array(CaseEvent),
  },
  { additionalProperties: true },
);
export type StaffCaseDetail = Static<typeof StaffCaseDetail>;

/** GET /api/cases/{id}'s answer, the staff's view or a citizen's public one (a subset). */
export const CaseDetail = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    state: Type.String(),
    allowedActions: Type.Array(Type.String()),
    outcome: Type.Optional(Nullable(CaseOutcome)),
    events: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          action: Type.String(),
          fromState: Nullable(Type.String()),
          toState: Type.String(),
          actorName: Nullable(Type.String()),
          actorRole: Nullable(Type.String()),
          at: Type.String(),
          comment: Nullable(Type.String()),
          onTime: Nullable(Type.Boolean()),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

/** An open case of the same category near a new report, as POST /api/cases answers with it. */
export const NearbyCase = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  state: Type.String(),
  distanceM: Type.Integer({ description: 'Metres from the report' }),
});
export type NearbyCase = Static<typeof NearbyCase>;

export const ReportResult = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  state: Type.String(),
  grid: Type.Object({
    code: Type.String(),
    district: Type.String(),
    street: Type.String(),
    community: Type.String(),
  }),
  deadline: Nullable(Type.String({ format: 'date-time', description: 'When the next step is due' })),
  created: Type.Boolean({
    description: 'false when the idempotency key had been used: this is the earlier case',
  }),
  duplicates: Type.Array(NearbyCase, {
    description:
      'Open cases of the same category within the duplicate radius, nearest first. The apps offer ' +
      'them before sending, with descriptions, from GET /api/cases/duplicates; a report confirmed ' +
      'as the same problem is sent with duplicateOf.',
  }),
  linkedTo: Type.Optional(
    Nullable(
      Type.Object(
        { id: Type.Integer(), code: Type.String() },
        { description: 'A report sent with duplicateOf: the open case it was linked to' },
      ),
    ),
  ),
});

export const CaseListQuery = Type.Object({
  queue: Type.Optional(lit(CASE_QUEUES)),
  state: Type.Optional(Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$' })),
  districtCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  streetCode: Type.Optional(Type.String({ pattern: '^[0-9]{9}$' })),
  gridCode: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
  kind: Type.Optional(lit(['component', 'event'] as const)),
  category: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  source: Type.Optional(lit(CASE_SOURCES)),
  urgency: Type.Optional(lit(URGENCIES)),
  unitId: Type.Optional(RowId()),
  componentCode: Type.Optional(Type.String({ pattern: '^[0-9]{16}$' })),
  from: Type.Optional(Instant()),
  to: Type.Optional(Instant()),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  overdue: Type.Optional(Type.Boolean({ description: 'Only cases whose current step is past its limit' })),
  cursor: Type.Optional(RowId({ bigint: true, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type CaseListQuery = Static<typeof CaseListQuery>;

/** GET /api/cases/queue-counts takes the list filters without the queue and the paging. */
export const QueueCountsQuery = Type.Omit(CaseListQuery, ['queue', 'cursor', 'limit']);
export type QueueCountsQuery = Static<typeof QueueCountsQuery>;

/** GET /api/cases/queue-counts: exact counts of every desk queue under the list filters. */
export const QueueCounts = Type.Object({
  counts: Type.Object(
    Object.fromEntries(DESK_QUEUES.map((q) => [q, Type.Integer({ minimum: 0 })])) as Record<
      DeskQueue,
      TInteger
    >,
    { description: 'Exact number of cases in each desk queue' },
  ),
  at: Type.String({ format: 'date-time', description: 'When the counts were taken' }),
});
export type QueueCounts = Static<typeof QueueCounts>;

/** GET /api/cases/:id/inspectors: an inspector who may take the case's verify or check task (核实/核查). */
export const InspectorChoice = Type.Object({
  id: Type.Integer(),
  displayName: Type.String(),
  username: Type.String(),
  coversGrid: Type.Boolean({ description: "the case's unit grid lies in their supervision grids" }),
});
export type InspectorChoice = Static<typeof InspectorChoice>;

export const CaseList = Type.Object({ items: Type.Array(CaseSummary), nextCursor: Nullable(Type.Integer()) });
