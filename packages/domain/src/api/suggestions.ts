import { Type, type Static } from '@sinclair/typebox';
import { CalendarDay, Nullable, RowId } from './common.js';

const lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Text = (maxLength: number, description: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', description });

/** What a suggestion is about (the web app names them in both languages). */
export const SUGGESTION_TOPICS = [
  'roads',
  'sanitation',
  'greening',
  'parking',
  'markets',
  'lighting',
  'utilities',
  'facilities',
  'other',
] as const;
export type SuggestionTopic = (typeof SUGGESTION_TOPICS)[number];

export const SUGGESTION_STATUSES = ['received', 'adopted', 'not_adopted'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
export const SUGGESTION_CHANNELS = ['web', 'hotline'] as const;
export const SUGGESTION_SATISFACTIONS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

/** A suggestion as a resident sends it (the public form) or a hotline seat records it. */
export const SuggestionBody = Type.Object({
  campaignId: RowId({ description: 'An open campaign' }),
  topic: lit(SUGGESTION_TOPICS),
  content: Text(2000, 'The suggestion'),
  name: Type.Optional(Type.String({ maxLength: 50 })),
  phone: Type.Optional(
    Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,19}$', description: 'To be called back (optional)' }),
  ),
  districtCode: Type.Optional(
    Type.String({ pattern: '^[0-9]{6}$', description: 'The district it concerns' }),
  ),
});
export type SuggestionBody = Static<typeof SuggestionBody>;

export const SuggestionReceipt = Type.Object({
  code: Type.String({ description: 'Tracking code, e.g. JY-2026-7K3QXM9A' }),
});

const CampaignCounts = Type.Object({
  collected: Type.Integer(),
  adopted: Type.Integer(),
  notAdopted: Type.Integer(),
  assigned: Type.Integer({ description: 'Adopted and given to a unit' }),
  done: Type.Integer({ description: 'Adopted and carried out' }),
  visited: Type.Integer({ description: 'Proposers reached on a call back' }),
  satisfied: Type.Integer({ description: 'Reached and satisfied or basically satisfied' }),
});

export const Campaign = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  titleEn: Nullable(Type.String()),
  description: Nullable(Type.String()),
  descriptionEn: Nullable(Type.String()),
  status: lit(['open', 'closed'] as const),
  opensAt: Type.String(),
  closesAt: Nullable(Type.String()),
  counts: CampaignCounts,
});
export type Campaign = Static<typeof Campaign>;
export const CampaignList = Type.Object({ items: Type.Array(Campaign) });
export type CampaignList = Static<typeof CampaignList>;

/** What anyone holding the tracking code sees: never the proposer's name or phone. */
export const PublicSuggestion = Type.Object({
  code: Type.String(),
  campaignTitle: Type.String(),
  campaignTitleEn: Nullable(Type.String()),
  topic: Type.String(),
  content: Type.String(),
  status: lit(SUGGESTION_STATUSES),
  reply: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  taskDueAt: Nullable(Type.String()),
  taskDoneAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type PublicSuggestion = Static<typeof PublicSuggestion>;
export const SuggestionCodeParams = Type.Object({
  code: Type.String({ pattern: '^JY-[0-9]{4}-[0-9A-Z]{8}$' }),
});

export const SuggestionItem = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  campaignId: Type.Integer(),
  channel: lit(SUGGESTION_CHANNELS),
  topic: Type.String(),
  content: Type.String(),
  proposerName: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'Masked (138****1234)' })),
  districtCode: Nullable(Type.String()),
  groupId: Nullable(Type.Integer()),
  groupTitle: Nullable(Type.String()),
  status: lit(SUGGESTION_STATUSES),
  reply: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  unitNameEn: Nullable(Type.String()),
  taskDueAt: Nullable(Type.String()),
  taskDoneAt: Nullable(Type.String()),
  taskNote: Nullable(Type.String()),
  overdue: Type.Boolean({ description: 'Adopted task past its deadline and not done' }),
  visitResult: Nullable(lit(['reached', 'unreached'] as const)),
  visitSatisfaction: Nullable(lit(SUGGESTION_SATISFACTIONS)),
  visitedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type SuggestionItem = Static<typeof SuggestionItem>;

export const SuggestionListQuery = Type.Object({
  campaignId: Type.Optional(RowId()),
  status: Type.Optional(lit(SUGGESTION_STATUSES)),
  /** Adopted ones by where their task stands. */
  task: Type.Optional(lit(['assigned', 'unassigned', 'done', 'overdue'] as const)),
  groupId: Type.Optional(RowId({ bigint: true })),
  cursor: Type.Optional(RowId({ bigint: true, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type SuggestionListQuery = Static<typeof SuggestionListQuery>;
export const SuggestionList = Type.Object({
  items: Type.Array(SuggestionItem),
  nextCursor: Nullable(Type.Integer()),
});
export type SuggestionList = Static<typeof SuggestionList>;

const Ids = Type.Array(RowId({ bigint: true }), { minItems: 1, maxItems: 200, uniqueItems: true });

export const GroupBody = Type.Object({ ids: Ids, title: Text(100, 'What the grouped suggestions ask') });
export type GroupBody = Static<typeof GroupBody>;
export const DecideBody = Type.Object({
  ids: Ids,
  adopted: Type.Boolean(),
  reply: Text(1000, 'The public reply to the proposers'),
});
export type DecideBody = Static<typeof DecideBody>;
export const AssignBody = Type.Object({
  unitId: RowId({ description: 'The unit that carries it out' }),
  dueDate: CalendarDay({ description: 'Deadline: the end of this day (city time zone)' }),
});
export type AssignBody = Static<typeof AssignBody>;
export const TaskDoneBody = Type.Object({ note: Text(1000, 'What was done') });
export type TaskDoneBody = Static<typeof TaskDoneBody>;
export const SuggestionVisitBody = Type.Object({
  reached: Type.Boolean(),
  satisfaction: Type.Optional(lit(SUGGESTION_SATISFACTIONS)),
  comment: Type.Optional(Type.String({ maxLength: 500 })),
});
export type SuggestionVisitBody = Static<typeof SuggestionVisitBody>;
export const Changed = Type.Object({ changed: Type.Integer() });
