import type {
  OwnRating,
  NotificationList,
  OnlineRatingList,
  PhoneCodeSent,
  PublicPhoto,
  PublicRatingResult,
  PublicReportBody,
  PublicReportCreated,
  PublicReportView,
} from '@cityloop/domain/api';
import { ApiError, http } from '@/api/http';
import { i18n } from '@/i18n';

export type { PublicPhoto, PublicReportView, OnlineRatingList, NotificationList, OwnRating };
export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

/** The public portal's API: no session needed. */
export const publicApi = {
  sendCode: (phone: string) => http.post<PhoneCodeSent>('/api/public/phone-codes', { phone }),
  report: (body: PublicReportBody) => http.post<PublicReportCreated>('/api/public/reports', body),
  track: (code: string) => http.get<PublicReportView>(`/api/public/reports/${encodeURIComponent(code)}`),
  rate: (code: string, satisfaction: Satisfaction, comment?: string) =>
    http.post<PublicRatingResult>(`/api/public/reports/${encodeURIComponent(code)}/rating`, {
      satisfaction,
      ...(comment ? { comment } : {}),
    }),
  /** A signed-in resident's own report (the portal): its rating, and rating it. */
  ownRating: (caseId: number) => http.get<OwnRating>(`/api/portal/cases/${caseId}/rating`),
  rateOwn: (caseId: number, satisfaction: Satisfaction, comment?: string) =>
    http.post<PublicRatingResult>(`/api/portal/cases/${caseId}/rating`, {
      satisfaction,
      ...(comment ? { comment } : {}),
    }),
  async uploadPhoto(file: Blob, name: string): Promise<PublicPhoto> {
    const form = new FormData();
    form.append('file', file, name);
    let res: Response;
    try {
      res = await fetch('/api/public/photos', { method: 'POST', body: form, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'network', i18n.global.t('common.networkError'));
    }
    const data = (await res.json().catch(() => null)) as
      (PublicPhoto & { error?: { code?: string; message?: string; detail?: string } }) | null;
    if (!res.ok || !data) {
      const e = data?.error;
      throw new ApiError(
        res.status,
        e?.code ?? `http.${res.status}`,
        e?.message ?? res.statusText,
        e?.detail,
      );
    }
    return data;
  },
};

/** The visit desk's online ratings and the administrator's outbox. */
export const staffApi = {
  onlineRatings: (state: 'review' | 'decided') => http.get<OnlineRatingList>('/api/visits/online', { state }),
  decide: (id: number, reopen: boolean, comment: string) =>
    http.post<{ ok: true }>(`/api/visits/online/${id}/decision`, { reopen, comment }),
  notifications: (state: 'pending' | 'sent' | 'failed') =>
    http.get<NotificationList>('/api/notifications', { state, limit: 100 }),
  retry: (id: number) => http.post<{ ok: true }>(`/api/notifications/${id}/retry`),
};
