import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

/** Calls the hotline answers or records without a field case (咨询/建议/感谢). */
export const HOTLINE_CALL_NATURES = ['inquiry', 'suggestion', 'thanks'] as const;
export type HotlineCallNature = (typeof HOTLINE_CALL_NATURES)[number];

const Text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', description });

export const HotlineCallBody = Type.Object({
  nature: Type.Union(
    HOTLINE_CALL_NATURES.map((n) => Type.Literal(n)),
    { description: 'inquiry (咨询, answered on the spot), suggestion (建议) or thanks (感谢)' },
  ),
  callerName: Type.Optional(Type.String({ maxLength: 50 })),
  callerPhone: Type.Optional(Type.String({ maxLength: 30 })),
  content: Text(2000, 'What the caller said'),
  answer: Type.Optional(Text(2000, 'The answer given (a consultation needs one)')),
  address: Type.Optional(Type.String({ maxLength: 200 })),
});
export type HotlineCallBody = Static<typeof HotlineCallBody>;

export const HotlineCall = Type.Object({
  id: Type.Integer(),
  nature: Type.String(),
  callerName: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'Masked (138****1234)' })),
  content: Type.String(),
  answer: Nullable(Type.String()),
  address: Nullable(Type.String()),
  seatName: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export type HotlineCall = Static<typeof HotlineCall>;

export const HotlineCallQuery = Type.Object({
  nature: Type.Optional(Type.Union(HOTLINE_CALL_NATURES.map((n) => Type.Literal(n)))),
  cursor: Type.Optional(
    Type.String({
      maxLength: 60,
      pattern: '^[0-9]{1,15}\\.[0-9]{1,15}$',
      description: 'nextCursor of the previous page',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type HotlineCallQuery = Static<typeof HotlineCallQuery>;

export const HotlineCallList = Type.Object({
  items: Type.Array(HotlineCall),
  nextCursor: Nullable(Type.String()),
});
export type HotlineCallList = Static<typeof HotlineCallList>;
