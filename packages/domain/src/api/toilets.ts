import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.js';

const Clock = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Local time HH:MM' });

/** A public toilet (公厕): where, its hours and state, and its latest cleanliness check. */
export const PublicToilet = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  districtCode: Nullable(Type.String()),
  grade: Type.Integer({ description: '1–3 (一类…三类)' }),
  opens: Clock,
  closes: Clock,
  roundTheClock: Type.Boolean(),
  openNow: Type.Boolean({ description: 'In its hours now and in state open' }),
  state: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('repair')]),
  sensor: Type.Boolean(),
  lastCheck: Nullable(
    Type.Object({
      at: Type.String(),
      score: Type.Integer(),
      passed: Type.Boolean(),
      caseCode: Nullable(Type.String()),
    }),
  ),
  openReports: Type.Integer({ description: 'Citizen reports linked to it' }),
});
export type PublicToilet = Static<typeof PublicToilet>;
export const PublicToiletList = Type.Object({ items: Type.Array(PublicToilet) });
export type PublicToiletList = Static<typeof PublicToiletList>;

export const ToiletIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const NewToiletCheck = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100, description: 'Below 80 fails and opens a case' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type NewToiletCheck = Static<typeof NewToiletCheck>;

export const ToiletCheck = Type.Object({
  id: Type.Integer(),
  toiletId: Type.Integer(),
  at: Type.String(),
  score: Type.Integer(),
  passed: Type.Boolean(),
  note: Nullable(Type.String()),
  inspector: Nullable(Type.String()),
  caseId: Nullable(Type.Integer()),
  caseCode: Nullable(Type.String()),
});
export type ToiletCheck = Static<typeof ToiletCheck>;

export const ToiletDetail = Type.Object({
  toilet: PublicToilet,
  checks: Type.Array(ToiletCheck),
  reports: Type.Array(Type.Object({ caseId: Type.Integer(), caseCode: Type.String(), at: Type.String() })),
});
export type ToiletDetail = Static<typeof ToiletDetail>;

export const NewToiletReport = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 1000 }),
});
export type NewToiletReport = Static<typeof NewToiletReport>;
