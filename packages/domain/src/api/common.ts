import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ROLES, JURISDICTION_LEVELS } from '../roles.js';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, e.g. case.invalid_transition' }),
      message: Type.String({ description: 'Message in the caller’s language (zh-CN by default)' }),
      detail: Type.Optional(Type.String({ description: 'What was wrong, in words (English)' })),
      details: Type.Optional(
        Type.Record(Type.String(), Type.Unknown(), {
          description: "More for programs where there is more, e.g. a refused command's violations",
        }),
      ),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const JurisdictionSchema = Type.Object({
  level: Type.Union(JURISDICTION_LEVELS.map((l) => Type.Literal(l))),
  code: Nullable(Type.String()),
  departmentId: Nullable(Type.Integer()),
});

/** Page-numbered lists for the admin tables (small tables; large ones use keyset cursors). */
export const PageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Search text (name or code)' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
});
export type PageQuery = Static<typeof PageQuery>;

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

/** Ids of rows in PostgreSQL `integer` columns (users, departments, rules, import jobs). */
export const ID_MAX = 2_147_483_647;
/** Ids of rows in `bigint` columns (cases, alarms, commands), as far as a JSON number is exact. */
export const BIG_ID_MAX = Number.MAX_SAFE_INTEGER;

/** A row id: 1 or more, at most what its column holds (bigint: true for cases, alarms, commands). */
export function RowId(opts: { bigint?: boolean; description?: string } = {}) {
  const { bigint, ...rest } = opts;
  return Type.Integer({ minimum: 1, maximum: bigint ? BIG_ID_MAX : ID_MAX, ...rest });
}
/**
 * `/{id}` of a case, an alarm or a command. (An integer without bounds of its own gets the
 * `integer` column's, and path and query integers take decimal digits only: apps/server http/input.ts.)
 */
export const BigIdParams = Type.Object({ id: RowId({ bigint: true }) });

/**
 * Years a request may name: PostgreSQL has no year 0, JavaScript none past 275760, and the working
 * calendar covers these. (ajv-formats' formatMinimum would read better but fails in Fastify's Ajv.)
 */
const YEARS = '(19|2[0-9])[0-9]{2}';
/** A day that exists (no 2026-02-30), YYYY-MM-DD, in the years 1900–2999. */
export function CalendarDay(opts: { description?: string } = {}) {
  return Type.String({ format: 'date', pattern: `^${YEARS}-[0-9]{2}-[0-9]{2}$`, ...opts });
}
/** An instant, ISO 8601 with its offset (2026-06-01T08:00:00+08:00), in the years 1900–2999. */
export function Instant(opts: { description?: string } = {}) {
  return Type.String({ format: 'date-time', pattern: `^${YEARS}-`, ...opts });
}

export const Ok = Type.Object({ ok: Type.Literal(true) });
export const LonLat = Type.Tuple([Type.Number(), Type.Number()]);

/**
 * null or T. Null comes first on purpose: Ajv coerces types for query strings, and with T first it
 * would turn a JSON null into 0 or "" before ever trying the null branch.
 */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([Type.Null(), schema]);
}

/** A note the system wrote on an event (domain `SystemNote`): a code and its parameters. */
export const SystemNoteView = Type.Object({
  code: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
