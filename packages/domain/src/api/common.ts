import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ROLES, JURISDICTION_LEVELS } from '../roles.js';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, e.g. case.invalid_transition' }),
      message: Type.String({ description: 'Message in the caller’s language (zh-CN by default)' }),
      detail: Type.Optional(Type.String()),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
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

export const Ok = Type.Object({ ok: Type.Literal(true) });
export const LonLat = Type.Tuple([Type.Number(), Type.Number()]);

/**
 * null or T. Null comes first on purpose: Ajv coerces types for query strings, and with T first it
 * would turn a JSON null into 0 or "" before ever trying the null branch.
 */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([Type.Null(), schema]);
}
