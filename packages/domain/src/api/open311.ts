import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

/**
 * Open311 GeoReport v2 at /open311/v2 (with mySociety's servicerequestupdates), as JSON; the XML
 * is the same tree under the spec's element names (docs/OPEN311.md). Ids are strings, datetimes
 * carry the city's zone offset, coordinates are WGS-84.
 */

export const OPEN311_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type Open311Datatype = (typeof OPEN311_DATATYPES)[number];

/** The statuses of mySociety's updates (lower case out, upper case in). */
export const OPEN311_UPDATE_STATUSES = [
  'open',
  'reopen',
  'closed',
  'fixed',
  'in_progress',
  'planned',
  'action_scheduled',
  'investigating',
  'duplicate',
  'not_councils_responsibility',
  'no_further_action',
  'internal_referral',
  'cancelled',
  'for_triage',
  'unchanged',
] as const;
export type Open311UpdateStatus = (typeof OPEN311_UPDATE_STATUSES)[number];

const DateTime = (description: string) =>
  Type.String({ description: `${description} (ISO 8601 with the city's zone offset, e.g. +08:00)` });

export const Open311Error = Type.Object({
  code: Type.Integer({ description: 'The HTTP status (400, 403, 404)' }),
  description: Type.String(),
});
export const Open311Errors = Type.Array(Open311Error, {
  description: 'Every error found, at once ([{code, description}]; XML <errors><error>)',
});
export type Open311Error = Static<typeof Open311Error>;

export const Open311Discovery = Type.Object({
  changeset: DateTime('When this document last changed'),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: Type.Union([Type.Literal('production'), Type.Literal('test')]),
      formats: Type.Array(Type.String()),
    }),
  ),
});
export type Open311Discovery = Static<typeof Open311Discovery>;

export const Open311Service = Type.Object({
  service_code: Type.String({ description: 'C0101 (component 0101) or E0101 (event 0101)' }),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean({ description: 'true when the category asks extra questions' }),
  type: Type.Literal('realtime'),
  keywords: Type.String(),
  group: Type.String(),
});
export const Open311ServiceList = Type.Array(Open311Service);
export type Open311Service = Static<typeof Open311Service>;

export const Open311Attribute = Type.Object({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: Type.Union(OPEN311_DATATYPES.map((d) => Type.Literal(d))),
  required: Type.Boolean(),
  datatype_description: Nullable(Type.String()),
  order: Type.Integer({ minimum: 1 }),
  description: Type.String(),
  values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
});
export type Open311Attribute = Static<typeof Open311Attribute>;

export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Open311Attribute),
});
export type Open311ServiceDefinition = Static<typeof Open311ServiceDefinition>;

export const Open311PostResult = Type.Array(
  Type.Object({
    service_request_id: Type.String({ description: "The case's public number" }),
    service_notice: Nullable(Type.String()),
    account_id: Nullable(Type.String()),
  }),
);
export type Open311PostResult = Static<typeof Open311PostResult>;

export const Open311TokenResult = Type.Array(
  Type.Object({ service_request_id: Type.String(), token: Type.String() }),
);

export const Open311Request = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Nullable(Type.String({ description: 'The latest public note; never internal comments' })),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Nullable(Type.String({ description: 'The handling unit' })),
  service_notice: Nullable(Type.String()),
  requested_datetime: DateTime('When it was reported'),
  updated_datetime: DateTime('Last change; the closing time of a closed request'),
  expected_datetime: Nullable(DateTime('The deadline of the work')),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String({ description: 'The unit grid (单元网格) code' })),
  zipcode: Nullable(Type.String()),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Nullable(Type.String()),
  extended_attributes: Type.Optional(
    Type.Object(
      {
        channel: Type.String({ description: 'Where the case came from (source)' }),
        detailed_status: Type.String({ description: 'The case state' }),
        urgency: Type.String(),
        district_code: Type.String(),
        street_code: Type.String(),
        attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
      },
      { description: 'With extensions=true' },
    ),
  ),
});
export const Open311RequestList = Type.Array(Open311Request);
export type Open311Request = Static<typeof Open311Request>;

export const Open311Update = Type.Object({
  update_id: Type.String(),
  service_request_id: Type.String(),
  status: Type.Union(OPEN311_UPDATE_STATUSES.map((s) => Type.Literal(s))),
  updated_datetime: DateTime('When it happened'),
  description: Type.String(),
  media_url: Type.String(),
  external_status_code: Type.String({ description: 'The case state' }),
});
export const Open311UpdateList = Type.Array(Open311Update);
export type Open311Update = Static<typeof Open311Update>;

export const Open311UpdatePosted = Type.Array(Type.Object({ update_id: Type.String() }));

/** Every input of the GeoReport endpoints is a string from a query or a form; the server checks it. */
export const Open311Query = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Array(Type.String())]),
);

/** A partner's API key as the admin page lists it (never the key itself). */
export const Open311ApiKey = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  partner: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key' }),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  requests: Type.Integer({ description: 'Requests created with this key' }),
});
export type Open311ApiKey = Static<typeof Open311ApiKey>;
export const Open311ApiKeyList = Type.Object({ items: Type.Array(Open311ApiKey) });

export const Open311ApiKeyBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  partner: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
});
export type Open311ApiKeyBody = Static<typeof Open311ApiKeyBody>;

export const Open311ApiKeyIssued = Type.Object({
  key: Open311ApiKey,
  secret: Type.String({ description: 'The API key; shown this once only' }),
});
export type Open311ApiKeyIssued = Static<typeof Open311ApiKeyIssued>;
