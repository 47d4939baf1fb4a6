import type {
  ApprovedSite,
  ApprovedSiteInput,
  ApprovedSiteList,
  CommitmentDetail,
  CommitmentInspectionInput,
  CommitmentList,
  CommitmentView,
  LiaisonCadreInput,
  LiaisonCadreList,
  LiaisonCommunity,
  LiaisonOverview,
} from '@cityloop/domain/api/committeeRegisters';
import { http } from '@/api/http';

export type {
  ApprovedSite,
  ApprovedSiteList,
  CommitmentDetail,
  CommitmentView,
  LiaisonCommunity,
  LiaisonOverview,
};

/** The committee's registers: commitments, community liaison and approved sites. */
export const registersApi = {
  commitments: () => http.get<CommitmentList>('/api/commitments'),
  commitment: (id: number) => http.get<CommitmentDetail>(`/api/commitments/${id}`),
  inspect: (id: number, body: CommitmentInspectionInput) =>
    http.post<CommitmentDetail>(`/api/commitments/${id}/inspections`, body),
  milestone: (id: number, milestoneId: number, doneOn: string | null) =>
    http.put<CommitmentDetail>(`/api/commitments/${id}/milestones/${milestoneId}`, { doneOn }),
  liaison: () => http.get<LiaisonOverview>('/api/liaison'),
  cadres: (communityId: number) =>
    http.get<LiaisonCadreList>(`/api/liaison/communities/${communityId}/cadres`),
  addCadre: (body: LiaisonCadreInput) => http.post<LiaisonCadreList>('/api/liaison/cadres', body),
  sites: () => http.get<ApprovedSiteList>('/api/approved-sites'),
  addSite: (body: ApprovedSiteInput) => http.post<ApprovedSiteList>('/api/approved-sites', body),
};

/** Today in the city as YYYY-MM-DD (the browser's clock in Asia/Shanghai). */
export const cityToday = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
