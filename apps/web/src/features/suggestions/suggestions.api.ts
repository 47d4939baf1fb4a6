import type {
  Campaign,
  CampaignList,
  PublicSuggestion,
  SuggestionBody,
  SuggestionItem,
  SuggestionList,
  SuggestionListQuery,
  SuggestionStatus,
  SuggestionTopic,
  SuggestionVisitBody,
} from '@cityloop/domain/api/suggestions';
import { http } from '@/api/http';

export type { Campaign, PublicSuggestion, SuggestionBody, SuggestionItem, SuggestionStatus, SuggestionTopic };

export const suggestionsApi = {
  // Public: no account.
  openCampaigns: () => http.get<CampaignList>('/api/public/suggestions/campaigns'),
  submitPublic: (body: SuggestionBody) => http.post<{ code: string }>('/api/public/suggestions', body),
  track: (code: string) => http.get<PublicSuggestion>(`/api/public/suggestions/${encodeURIComponent(code)}`),
  // Staff.
  campaigns: () => http.get<CampaignList>('/api/suggestions/campaigns'),
  list: (q: SuggestionListQuery) => http.get<SuggestionList>('/api/suggestions', { ...q }),
  record: (body: SuggestionBody) => http.post<{ code: string }>('/api/suggestions', body),
  group: (ids: number[], title: string) =>
    http.post<{ changed: number }>('/api/suggestions/group', { ids, title }),
  decide: (ids: number[], adopted: boolean, reply: string) =>
    http.post<{ changed: number }>('/api/suggestions/decide', { ids, adopted, reply }),
  assign: (id: number, unitId: number, dueDate: string) =>
    http.post<SuggestionItem>(`/api/suggestions/${id}/assign`, { unitId, dueDate }),
  done: (id: number, note: string) => http.post<SuggestionItem>(`/api/suggestions/${id}/done`, { note }),
  visit: (id: number, body: SuggestionVisitBody) =>
    http.post<SuggestionItem>(`/api/suggestions/${id}/visit`, body),
};
