import { Type, type SchemaOptions, type Static } from '@sinclair/typebox';
import { VISIT_RESULTS, VISIT_SATISFACTIONS } from '../cases/visits.js';
import { Nullable, RowId } from './common.js';

const lit = <T extends string>(values: readonly T[], options?: SchemaOptions) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );

export const VISIT_LIST_STATES = ['due', 'done'] as const;
export type VisitListState = (typeof VISIT_LIST_STATES)[number];

export const VisitListQuery = Type.Object({
  state: Type.Optional(
    lit(VISIT_LIST_STATES, {
      description: 'due: closed cases whose caller wants a reply and is not visited yet; done: visits made',
    }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 60, description: 'nextCursor of the previous page (keyset, never OFFSET)' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  caseId: Type.Optional(RowId({ bigint: true, description: 'Only this case (a link from the case page)' })),
});
export type VisitListQuery = Static<typeof VisitListQuery>;

/** One row of the visit queue (due) or of the visits made (done). */
export const VisitItem = Type.Object({
  caseId: Type.Integer(),
  code: Type.String(),
  /** The case's state now: closed, or back in work after a dissatisfied visit. */
  caseState: Type.String(),
  kind: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  districtCode: Type.String(),
  streetCode: Type.String(),
  unitName: Nullable(Type.String()),
  reportedAt: Type.String({ format: 'date-time' }),
  callerName: Nullable(Type.String()),
  phone: Nullable(
    Type.String({ description: 'Masked (138****1234); reveal it with POST …/phone (audited)' }),
  ),
  dueSince: Nullable(Type.String({ format: 'date-time', description: 'When the case closed' })),
  dueAt: Nullable(Type.String({ format: 'date-time', description: 'When the visit is due at the latest' })),
  attempts: Type.Integer({ description: 'Calls made since the case closed' }),
  lastAttemptAt: Nullable(Type.String({ format: 'date-time' })),
  /** due: null before the first call, `retry` after an unanswered one; done: reached or unreached. */
  result: Nullable(lit(VISIT_RESULTS)),
  satisfaction: Nullable(lit(VISIT_SATISFACTIONS)),
  /** done only: who made the visit and what they noted. */
  visitedBy: Nullable(Type.String()),
  comment: Nullable(Type.String()),
});
export type VisitItem = Static<typeof VisitItem>;

export const VisitList = Type.Object({
  items: Type.Array(VisitItem),
  nextCursor: Nullable(Type.String()),
});
export type VisitList = Static<typeof VisitList>;

export const RevealedPhone = Type.Object({
  phone: Nullable(Type.String()),
  callerName: Nullable(Type.String()),
});
export type RevealedPhone = Static<typeof RevealedPhone>;
