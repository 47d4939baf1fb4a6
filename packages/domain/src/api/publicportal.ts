import { Type, type Static } from '@sinclair/typebox';
import { VISIT_SATISFACTIONS } from '../cases/visits.js';
import { Nullable, RowId } from './common.js';

// ---- notification outbox (admin) ---------------------------------------------------------------

export const NOTIFICATION_STATES = ['pending', 'sent', 'failed'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

export const NotificationListQuery = Type.Object({
  state: Type.Optional(
    Type.Union(
      NOTIFICATION_STATES.map((s) => Type.Literal(s)),
      { description: 'Default: failed' },
    ),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  before: Type.Optional(RowId({ bigint: true, description: 'Keyset cursor: rows with a smaller id' })),
});
export type NotificationListQuery = Static<typeof NotificationListQuery>;

export const NotificationItem = Type.Object({
  id: Type.Integer(),
  channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
  /** Masked (138****5678, a***@example.com): the list is for seeing what fails, not whom. */
  recipient: Type.String(),
  topic: Type.String(),
  state: Type.Union(NOTIFICATION_STATES.map((s) => Type.Literal(s))),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  adapter: Nullable(Type.String()),
  createdAt: Type.String(),
  sentAt: Nullable(Type.String()),
});
export type NotificationItem = Static<typeof NotificationItem>;

export const NotificationList = Type.Object({
  items: Type.Array(NotificationItem),
  counts: Type.Object({ pending: Type.Integer(), sent: Type.Integer(), failed: Type.Integer() }),
  nextCursor: Nullable(Type.Integer()),
});
export type NotificationList = Static<typeof NotificationList>;

// ---- public portal (no login) ------------------------------------------------------------------

/** A tracking code as residents see it: the city's prefix, the year and a number (YT-2026-000123). */
export const TRACKING_CODE_PATTERN = '^[A-Z]{2}-[0-9]{4}-[0-9]{6,9}$';
export const TrackingParams = Type.Object({
  trackingCode: Type.String({ pattern: TRACKING_CODE_PATTERN, maxLength: 20 }),
});

export const PHONE_PATTERN = '^1[3-9][0-9]{9}$';

export const PhoneCodeBody = Type.Object(
  {
    phone: Type.String({ pattern: PHONE_PATTERN, description: 'A mainland mobile number, 11 digits' }),
  },
  { additionalProperties: false },
);
export type PhoneCodeBody = Static<typeof PhoneCodeBody>;
export const PhoneCodeSent = Type.Object({
  sentTo: Type.String({ description: 'The number, masked' }),
  expiresInSeconds: Type.Integer(),
});
export type PhoneCodeSent = Static<typeof PhoneCodeSent>;

export const PublicPhoto = Type.Object({
  id: Type.String({ format: 'uuid' }),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  /** Where the photo was taken by its EXIF GPS tag, when it had one: a hint for the map pin only. */
  hint: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
});
export type PublicPhoto = Static<typeof PublicPhoto>;

export const PublicReportBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
    category: Type.String({ pattern: '^[0-9]{4}$' }),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84' })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84' })),
    address: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Looked up in the city gazetteer when no point is given; kept as the case address',
      }),
    ),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    photos: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), {
        maxItems: 4,
        uniqueItems: true,
        description: 'Ids from POST /api/public/photos',
      }),
    ),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    phone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
    verificationCode: Type.Optional(
      Type.String({ pattern: '^[0-9]{6}$', description: 'The code sent to the phone (required with phone)' }),
    ),
  },
  { additionalProperties: false },
);
export type PublicReportBody = Static<typeof PublicReportBody>;

export const PublicReportCreated = Type.Object({ trackingCode: Type.String() });
export type PublicReportCreated = Static<typeof PublicReportCreated>;

export const PublicRatingBody = Type.Object(
  {
    satisfaction: Type.Union(VISIT_SATISFACTIONS.map((s) => Type.Literal(s))),
    comment: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type PublicRatingBody = Static<typeof PublicRatingBody>;

const PublicPhotoRef = Type.Object({ url: Type.String(), thumbUrl: Nullable(Type.String()) });

/** The public view of a report: no internal comments, staff names, ids or anyone's personal data. */
export const PublicReportView = Type.Object({
  trackingCode: Type.String(),
  state: Type.String(),
  /** Whether the problem is closed (the resident may rate it). */
  closed: Type.Boolean(),
  kind: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  categoryNameEn: Nullable(Type.String()),
  description: Type.String(),
  address: Nullable(Type.String()),
  lon: Type.Number(),
  lat: Type.Number(),
  districtCode: Type.String(),
  reportedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  timeline: Type.Array(
    Type.Object({
      action: Type.String(),
      toState: Nullable(Type.String()),
      at: Type.String(),
      note: Nullable(Type.String()),
      photos: Type.Array(PublicPhotoRef),
    }),
  ),
  /** The resident's own photos of the problem. */
  photos: Type.Array(PublicPhotoRef),
  rating: Nullable(
    Type.Object({
      satisfaction: Type.Union(VISIT_SATISFACTIONS.map((s) => Type.Literal(s))),
      at: Type.String(),
    }),
  ),
  mayRate: Type.Boolean(),
});
export type PublicReportView = Static<typeof PublicReportView>;

export const PublicRatingResult = Type.Object({
  satisfaction: Type.Union(VISIT_SATISFACTIONS.map((s) => Type.Literal(s))),
  /** `recorded` as a return visit; `review`: the visit desk decides on rework. */
  outcome: Type.Union([Type.Literal('recorded'), Type.Literal('review')]),
});
export type PublicRatingResult = Static<typeof PublicRatingResult>;

/** A signed-in resident's own report: the rating of its latest closing, and whether it may be rated now. */
export const OwnRating = Type.Object({
  rating: Nullable(
    Type.Object({
      satisfaction: Type.Union(VISIT_SATISFACTIONS.map((s) => Type.Literal(s))),
      at: Type.String(),
    }),
  ),
  mayRate: Type.Boolean(),
});
export type OwnRating = Static<typeof OwnRating>;

// ---- online ratings at the visit desk ------------------------------------------------------------

export const OnlineRatingItem = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  caseCode: Type.String(),
  /** The public report's tracking code; null for a signed-in resident's report rated on the portal. */
  trackingCode: Nullable(Type.String()),
  categoryName: Type.String(),
  address: Nullable(Type.String()),
  satisfaction: Type.String(),
  comment: Nullable(Type.String()),
  at: Type.String(),
  state: Type.String(),
});
export type OnlineRatingItem = Static<typeof OnlineRatingItem>;
export const OnlineRatingList = Type.Object({ items: Type.Array(OnlineRatingItem) });
export type OnlineRatingList = Static<typeof OnlineRatingList>;
export const OnlineRatingListQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('review'), Type.Literal('decided')])),
});
export type OnlineRatingListQuery = Static<typeof OnlineRatingListQuery>;
export const OnlineRatingDecision = Type.Object(
  {
    reopen: Type.Boolean({ description: 'True sends the case back for rework; false keeps it closed' }),
    comment: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type OnlineRatingDecision = Static<typeof OnlineRatingDecision>;

// ---- public figures ----------------------------------------------------------------------------

export const PublicFiguresQuery = Type.Object({
  month: Type.Optional(
    Type.String({
      pattern: '^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$',
      description: 'YYYY-MM, city time; default this month',
    }),
  ),
  months: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 12, default: 6, description: 'Months back from `month`' }),
  ),
});
export type PublicFiguresQuery = Static<typeof PublicFiguresQuery>;

export const PublicDistrictFigures = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  reported: Type.Integer(),
  closed: Type.Integer(),
  closedOnTime: Type.Integer(),
  /** The evaluation's on-time closing rate (fraction) or null. */
  onTimeClosing: Nullable(Type.Number()),
  visited: Type.Integer(),
  /** The evaluation's satisfaction rate (fraction) or null. */
  satisfaction: Nullable(Type.Number()),
});
/** Reports of one category in the month (the cases' own count, as the cockpit's top categories). */
export const PublicCategoryFigures = Type.Object({
  kind: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  reported: Type.Integer(),
});
export const PublicFigures = Type.Object({
  months: Type.Array(
    Type.Object({
      month: Type.String(),
      partial: Type.Boolean(),
      districts: Type.Array(PublicDistrictFigures),
      /** The month's most reported categories (at most 15), most first. */
      categories: Type.Array(PublicCategoryFigures),
    }),
  ),
});
export type PublicFigures = Static<typeof PublicFigures>;
