import type {
  AssessmentGroups,
  AssessmentSettings,
  AssessmentSites,
  AssessmentTasks,
  BulletinResponse,
  CatalogueResponse,
  CatalogueVersions,
  FindingList,
  FindingView,
  NewCatalogueVersion,
  NewFinding,
  RollupResponse,
  RollupRow,
  ScoreRow,
  ScoresResponse,
} from '@cityloop/domain/api/assessment';
import type { ScoreLevel } from '@cityloop/domain/assessment/scoring';
import { http } from '@/api/http';
import { i18n } from '@/i18n';
import { cityZone } from '@/time';

export type {
  AssessmentGroups,
  AssessmentSites,
  AssessmentTasks,
  BulletinResponse,
  CatalogueResponse,
  FindingView,
  NewFinding,
  RollupResponse,
  RollupRow,
  ScoreLevel,
  ScoreRow,
  ScoresResponse,
};

export const assessmentApi = {
  catalogue: (month?: string) => http.get<CatalogueResponse>('/api/assessment/catalogue', { month }),
  versions: () => http.get<CatalogueVersions>('/api/assessment/catalogue/versions'),
  saveCatalogue: (body: NewCatalogueVersion) =>
    http.post<CatalogueResponse>('/api/assessment/catalogue', body),
  groups: () => http.get<AssessmentGroups>('/api/assessment/groups'),
  tasks: () => http.get<AssessmentTasks>('/api/assessment/tasks'),
  record: (body: NewFinding) =>
    http.post<{ finding: FindingView; duplicate: boolean }>('/api/assessment/findings', body),
  findings: (q: { month?: string; open?: boolean; mine?: boolean; cursor?: number | null }) =>
    http.get<FindingList>('/api/assessment/findings', { ...q, cursor: q.cursor ?? undefined }),
  reinspect: (id: number, passed: boolean, note?: string) =>
    http.post<FindingView>(`/api/assessment/findings/${id}/reinspect`, { passed, ...(note ? { note } : {}) }),
  dispute: (id: number, reason: string) =>
    http.post<FindingView>(`/api/assessment/findings/${id}/dispute`, { reason }),
  decide: (id: number, upheld: boolean, note: string) =>
    http.post<FindingView>(`/api/assessment/findings/${id}/decision`, { upheld, note }),
  scores: (month: string, level: ScoreLevel) =>
    http.get<ScoresResponse>('/api/assessment/scores', { month, level }),
  behind: (level: ScoreLevel, id: string, month: string) =>
    http.get<FindingList>(`/api/assessment/scores/${level}/${id}/findings`, { month }),
  bulletin: (month: string, level: ScoreLevel) =>
    http.get<BulletinResponse>('/api/assessment/bulletin', { month, level }),
  excelUrl: (month: string, level: ScoreLevel) =>
    `/api/assessment/bulletin.xlsx?month=${month}&level=${level}`,
  settings: () => http.get<AssessmentSettings>('/api/assessment/settings'),
  sites: () => http.get<AssessmentSites>('/api/assessment/sites'),
  closeMonth: (month: string) =>
    http.post<{ month: string; closedAt: string }>(`/api/assessment/months/${month}/close`),
};

/** A name in the reader's language (the English one where there is one). */
export function nameOf(x: { name: string; nameEn?: string | null }): string {
  return i18n.global.locale.value === 'en' && x.nameEn ? x.nameEn : x.name;
}

/** This month in the city (YYYY-MM), from the browser's clock in the city's zone. */
export function currentMonth(timeZone = cityZone.value): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(
    new Date(),
  );
  return parts.slice(0, 7);
}

export const photoUrl = (id: string) => `/api/attachments/${id}/thumb`;

/** A quarter's or a year's roll-up, and its files (the PDF printed by the server, in the reader's language). */
export const rollupApi = {
  rollup: (period: string, level: ScoreLevel) =>
    http.get<RollupResponse>('/api/assessment/rollup', { period, level }),
  excelUrl: (period: string, level: ScoreLevel) =>
    `/api/assessment/rollup.xlsx?period=${period}&level=${level}`,
  pdfUrl: (period: string, level: ScoreLevel) =>
    `/api/assessment/rollup.pdf?period=${period}&level=${level}&lang=${i18n.global.locale.value === 'en' ? 'en' : 'zh'}`,
  bulletinPdfUrl: (month: string, level: ScoreLevel) =>
    `/api/assessment/bulletin.pdf?month=${month}&level=${level}&lang=${i18n.global.locale.value === 'en' ? 'en' : 'zh'}`,
};
