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
  answer: Type.Optional(
    Text(4000, 'The answer given (a consultation needs one, or a knowledge-base answer)'),
  ),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  kbArticleId: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The knowledge-base answer given' }),
  ),
  kbVersion: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 2147483647, description: 'Its version (default: the current one)' }),
  ),
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
  kbArticleId: Nullable(Type.Integer()),
  kbVersion: Nullable(Type.Integer()),
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

// ---- The hotline desk (issue 19): caller lookup, knowledge base, repeat complaints ----

/** A caller's number as the seat types it: 3 to 30 characters of digits and separators. */
const PhoneText = Type.String({
  minLength: 3,
  maxLength: 30,
  pattern: '^[0-9+() -]*[0-9][0-9+() -]*$',
  description: 'Digits, with + ( ) - or spaces as the seat types them',
});

export const CallerLookupBody = Type.Object({ phone: PhoneText });
export type CallerLookupBody = Static<typeof CallerLookupBody>;

/** A caller's case as the seat sees it while on the phone. */
export const CallerCase = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  state: Type.String(),
  kind: Type.String(),
  category: Type.String(),
  categoryName: Type.String(),
  source: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  reportedAt: Type.String({ format: 'date-time' }),
  open: Type.Boolean(),
  light: Nullable(Type.String()),
});
export type CallerCase = Static<typeof CallerCase>;

export const CallerHistory = Type.Object({
  phone: Type.String({ description: 'The number asked about, masked' }),
  calls: Type.Array(HotlineCall),
  openCases: Type.Array(CallerCase),
  closedCases: Type.Array(CallerCase),
});
export type CallerHistory = Static<typeof CallerHistory>;

export const KbCategory = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});
export type KbCategory = Static<typeof KbCategory>;

const KbText = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** What an editor writes: a new answer, or a new version of one. */
export const KbArticleBody = Type.Object({
  category: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  question: KbText(300),
  answer: KbText(4000),
  questionEn: Type.Optional(Type.String({ maxLength: 300 })),
  answerEn: Type.Optional(Type.String({ maxLength: 4000 })),
  keywords: Type.Optional(Type.String({ maxLength: 300, description: 'Other words callers use' })),
  active: Type.Optional(Type.Boolean({ description: 'false retires the answer (its versions stay)' })),
});
export type KbArticleBody = Static<typeof KbArticleBody>;

export const KbVersion = Type.Object({
  version: Type.Integer(),
  question: Type.String(),
  answer: Type.String(),
  questionEn: Type.String(),
  answerEn: Type.String(),
  keywords: Type.String(),
  editedBy: Nullable(Type.String()),
  editedAt: Type.String({ format: 'date-time' }),
});
export type KbVersion = Static<typeof KbVersion>;

/** An answer at its current version. */
export const KbArticle = Type.Object({
  id: Type.Integer(),
  category: Type.String(),
  active: Type.Boolean(),
  ...KbVersion.properties,
});
export type KbArticle = Static<typeof KbArticle>;

export const KbArticleDetail = Type.Object({
  ...KbArticle.properties,
  versions: Type.Array(KbVersion, { description: 'Every version, newest first' }),
});
export type KbArticleDetail = Static<typeof KbArticleDetail>;

export const KbSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Words of the question, either language' })),
  category: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
  retired: Type.Optional(Type.Boolean({ description: 'Include retired answers (editors)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type KbSearchQuery = Static<typeof KbSearchQuery>;

export const KbArticleList = Type.Object({
  items: Type.Array(KbArticle),
  categories: Type.Array(KbCategory),
});
export type KbArticleList = Static<typeof KbArticleList>;

/** The desk's settings for repeat complaints (重复投诉). */
export const HotlineSettings = Type.Object({
  repeatRadiusM: Type.Integer({
    minimum: 10,
    maximum: 200,
    description: 'A complaint of the same category this close to an open case joins it',
  }),
  repeatThreshold: Type.Integer({
    minimum: 1,
    maximum: 50,
    description: 'Every this many repeats raise the case’s urgency one step and alert the supervisors',
  }),
});
export type HotlineSettings = Static<typeof HotlineSettings>;

/** A request (求决) or complaint (投诉) the hotline takes: a new case, or a repeat of an open one. */
export const HotlineComplaintBody = Type.Object({
  nature: Type.Union([Type.Literal('request'), Type.Literal('complaint')]),
  kind: Type.Union([Type.Literal('component'), Type.Literal('event')]),
  category: Type.String({ pattern: '^[0-9]{4}$' }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  description: Text(2000, 'What the caller said'),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  callerName: Type.Optional(Type.String({ maxLength: 50 })),
  callerPhone: Type.Optional(Type.String({ maxLength: 30 })),
  wantsReply: Type.Optional(Type.Boolean()),
  urgency: Type.Optional(
    Type.Union([Type.Literal('normal'), Type.Literal('urgent'), Type.Literal('critical')]),
  ),
  idempotencyKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
  repeatOf: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'The open case nearby it repeats (default: the nearest within the repeat radius)',
    }),
  ),
  separate: Type.Optional(
    Type.Boolean({ description: 'The seat judged it another problem: a new case even with one open nearby' }),
  ),
});
export type HotlineComplaintBody = Static<typeof HotlineComplaintBody>;

export const HotlineComplaintResult = Type.Object({
  outcome: Type.Union([Type.Literal('created'), Type.Literal('repeat')]),
  case: Type.Object({ id: Type.Integer(), code: Type.String() }),
  repeatOf: Nullable(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      repeats: Type.Integer(),
      escalated: Type.Boolean(),
      urgency: Type.String(),
    }),
  ),
});
export type HotlineComplaintResult = Static<typeof HotlineComplaintResult>;

export const CaseRepeat = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  source: Type.String(),
  nature: Nullable(Type.String()),
  description: Type.String(),
  callerName: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'Masked' })),
  at: Type.String({ format: 'date-time' }),
  counted: Type.Boolean({ description: 'A resident’s repeat (counted toward the threshold)' }),
});
export const CaseRepeats = Type.Object({
  caseId: Type.Integer(),
  repeats: Type.Integer(),
  threshold: Type.Integer(),
  items: Type.Array(CaseRepeat),
});
export type CaseRepeats = Static<typeof CaseRepeats>;

export const RepeatAlert = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  caseCode: Type.String(),
  description: Type.String(),
  repeats: Type.Integer(),
  urgencyFrom: Type.String(),
  urgencyTo: Type.String(),
  at: Type.String({ format: 'date-time' }),
  seenBy: Nullable(Type.String()),
  seenAt: Nullable(Type.String({ format: 'date-time' })),
});
export type RepeatAlert = Static<typeof RepeatAlert>;
export const RepeatAlertList = Type.Object({ items: Type.Array(RepeatAlert) });
export type RepeatAlertList = Static<typeof RepeatAlertList>;
export const RepeatAlertQuery = Type.Object({
  seen: Type.Optional(Type.Boolean({ description: 'true: also those already taken up' })),
});
export type RepeatAlertQuery = Static<typeof RepeatAlertQuery>;
