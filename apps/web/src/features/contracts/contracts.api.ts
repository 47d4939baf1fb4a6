import type {
  Contract,
  ContractAssessment,
  ContractAssessmentList,
  ContractDecision,
  ContractDispute,
  ContractList,
} from '@cityloop/domain/api/contracts';
import { http } from '@/api/http';

export type { Contract, ContractAssessment };

export const contractsApi = {
  list: () => http.get<ContractList>('/api/contracts'),
  assessments: (month: string) => http.get<ContractAssessmentList>('/api/contracts/assessments', { month }),
  assessment: (id: number, month: string) =>
    http.get<ContractAssessment>(`/api/contracts/${id}/assessment`, { month }),
  dispute: (id: number, body: ContractDispute) =>
    http.post<ContractAssessment>(`/api/contracts/${id}/assessment/dispute`, body),
  decide: (id: number, body: ContractDecision) =>
    http.post<ContractAssessment>(`/api/contracts/${id}/assessment/decision`, body),
};
