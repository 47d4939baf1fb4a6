import type { HotlineCall, HotlineCallBody, HotlineCallList } from '@cityloop/domain/api/hotline';
import { http } from '@/api/http';

export type { HotlineCall, HotlineCallBody };

/** Calls answered or recorded without a field case (咨询/建议/感谢). */
export const hotlineApi = {
  record: (body: HotlineCallBody) => http.post<HotlineCall>('/api/hotline/calls', body),
  list: (q: { cursor?: string; limit?: number } = {}) =>
    http.get<HotlineCallList>('/api/hotline/calls', q as Record<string, string | number>),
};
