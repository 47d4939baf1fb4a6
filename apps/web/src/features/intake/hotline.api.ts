import type {
  CallerHistory,
  CaseRepeats,
  HotlineCall,
  HotlineCallBody,
  HotlineCallList,
  HotlineComplaintBody,
  HotlineComplaintResult,
  HotlineSettings,
  KbArticle,
  KbArticleBody,
  KbArticleDetail,
  KbArticleList,
  KbCategory,
  RepeatAlert,
  RepeatAlertList,
} from '@cityloop/domain/api/hotline';
import type { RevealedPhone } from '@cityloop/domain/api/visits';
import { http } from '@/api/http';

export type {
  CallerHistory,
  CaseRepeats,
  HotlineCall,
  HotlineCallBody,
  HotlineComplaintBody,
  HotlineComplaintResult,
  HotlineSettings,
  KbArticle,
  KbArticleBody,
  KbArticleDetail,
  KbCategory,
  RepeatAlert,
};

/** The hotline desk: calls, a caller's history, the knowledge base, repeat complaints. */
export const hotlineApi = {
  record: (body: HotlineCallBody) => http.post<HotlineCall>('/api/hotline/calls', body),
  list: (q: { cursor?: string; limit?: number } = {}) =>
    http.get<HotlineCallList>('/api/hotline/calls', q as Record<string, string | number>),
  /** The number goes in the body, never the URL (access logs). */
  lookup: (phone: string) => http.post<CallerHistory>('/api/hotline/callers/lookup', { phone }),
  revealPhone: (callId: number) => http.post<RevealedPhone>(`/api/hotline/calls/${callId}/phone`),
  searchKb: (q: { q?: string; category?: string; retired?: boolean; limit?: number }) =>
    http.get<KbArticleList>('/api/hotline/kb', q),
  kbArticle: (id: number) => http.get<KbArticleDetail>(`/api/hotline/kb/${id}`),
  createKb: (body: KbArticleBody) => http.post<KbArticleDetail>('/api/hotline/kb', body),
  updateKb: (id: number, body: KbArticleBody) => http.put<KbArticleDetail>(`/api/hotline/kb/${id}`, body),
  settings: () => http.get<HotlineSettings>('/api/hotline/settings'),
  saveSettings: (body: HotlineSettings) => http.put<HotlineSettings>('/api/hotline/settings', body),
  complaint: (body: HotlineComplaintBody) =>
    http.post<HotlineComplaintResult>('/api/hotline/complaints', body),
  repeatsOf: (caseId: number) => http.get<CaseRepeats>(`/api/hotline/cases/${caseId}/repeats`),
  alerts: (seen = false) => http.get<RepeatAlertList>('/api/hotline/repeat-alerts', { seen }),
  markSeen: (id: number) => http.post<RepeatAlert>(`/api/hotline/repeat-alerts/${id}/seen`),
};
