import type {
  CampaignBulletin,
  CampaignDetail,
  CampaignInput,
  CampaignProblemInput,
  CampaignReportInput,
  CampaignView,
  CommitteeMember,
  CommitteeMemberList,
  SpecialCampaignList,
  TaskScoreHistory,
  TaskScoreInput,
} from '@cityloop/domain/api/committee';
import { http } from '@/api/http';

export type { CampaignBulletin, CampaignDetail, CampaignInput, CampaignView, CommitteeMember };

export const committeeApi = {
  members: () => http.get<CommitteeMemberList>('/api/committee/members'),
  campaigns: () => http.get<SpecialCampaignList>('/api/campaigns'),
  campaign: (id: number) => http.get<CampaignDetail>(`/api/campaigns/${id}`),
  create: (body: CampaignInput) => http.post<CampaignDetail>('/api/campaigns', body),
  report: (id: number, taskId: number, body: CampaignReportInput) =>
    http.post<CampaignDetail>(`/api/campaigns/${id}/tasks/${taskId}/reports`, body),
  problem: (id: number, body: CampaignProblemInput) =>
    http.post<CampaignDetail>(`/api/campaigns/${id}/problems`, body),
  score: (id: number, taskId: number, body: TaskScoreInput) =>
    http.put<TaskScoreHistory>(`/api/campaigns/${id}/tasks/${taskId}/score`, body),
  bulletin: (id: number, week?: string) =>
    http.get<CampaignBulletin>(`/api/campaigns/${id}/bulletin`, week ? { week } : {}),
};

/** A member's name in the interface's language. */
export function memberName(m: CommitteeMember | undefined, en: boolean): string {
  if (!m) return '—';
  return en ? (m.nameEn ?? m.name) : m.name;
}
