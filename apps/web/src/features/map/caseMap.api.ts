import type { Static } from '@sinclair/typebox';
import type {
  CaseMapPoints as CaseMapPointsSchema,
  CaseMapQuery as CaseMapQuerySchema,
  Hotspots as HotspotsSchema,
  HotspotQuery as HotspotQuerySchema,
} from '@cityloop/domain/api';
import { categoryByCode } from '@cityloop/domain/taxonomy';
import { http } from '@/api/http';

export type CaseMapQuery = Static<typeof CaseMapQuerySchema>;
export type CaseMapPoints = Static<typeof CaseMapPointsSchema>;
export type CaseMapPoint = CaseMapPoints['items'][number];
export type HotspotQuery = Static<typeof HotspotQuerySchema>;
export type Hotspots = Static<typeof HotspotsSchema>;
export type Hotspot = Hotspots['items'][number];

const clean = <T extends object>(q: T) =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string | number
  >;

export const caseMapApi = {
  points: (q: CaseMapQuery, signal?: AbortSignal) =>
    http.get<CaseMapPoints>('/api/cases/map', clean(q), signal),
  hotspots: (q: HotspotQuery, signal?: AbortSignal) =>
    http.get<Hotspots>('/api/cases/hotspots', clean(q), signal),
};

/** A category's name in the reader's language. */
export function categoryName(kind: 'component' | 'event', code: string, en: boolean): string {
  const c = categoryByCode(code, kind);
  if (!c) return code;
  return en ? (c.nameEn ?? c.name) : c.name;
}
