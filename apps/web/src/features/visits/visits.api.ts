import type { VisitItem, VisitList, VisitListState, RevealedPhone } from '@cityloop/domain/api/visits';
import type { CaseActionRequestOf } from '@cityloop/domain/cases/schemas';
import { http } from '@/api/http';
import { casesApi, type CaseDetail } from '@/features/cases/cases.api';

export type { VisitItem, VisitListState };

/** What the hotline seat records after a call (the body of the `return_visit` case action). */
export type VisitOutcome = Omit<CaseActionRequestOf<'return_visit'>, 'action'>;

export const visitsApi = {
  list: (q: { state: VisitListState; cursor?: string | null; caseId?: number; limit?: number }) =>
    http.get<VisitList>('/api/visits', {
      state: q.state,
      cursor: q.cursor ?? undefined,
      caseId: q.caseId,
      limit: q.limit ?? 50,
    }),
  /** The full number; the server records who looked in the audit log. */
  revealPhone: (caseId: number) => http.post<RevealedPhone>(`/api/visits/${caseId}/phone`),
  record: (caseId: number, outcome: VisitOutcome): Promise<CaseDetail> =>
    casesApi.act(caseId, { action: 'return_visit', ...outcome }),
};
