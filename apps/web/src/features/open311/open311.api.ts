import type { Static } from '@sinclair/typebox';
import type {
  Open311ApiKey as Open311ApiKeySchema,
  Open311ApiKeyBody,
  Open311ApiKeyIssued as Open311ApiKeyIssuedSchema,
} from '@cityloop/domain/api';
import { http } from '@/api/http';

export type ApiKey = Static<typeof Open311ApiKeySchema>;
export type ApiKeyIssued = Static<typeof Open311ApiKeyIssuedSchema>;

/** Partners' Open311 API keys (admin). */
export const open311Api = {
  list: () => http.get<{ items: ApiKey[] }>('/api/open311/keys'),
  issue: (body: Static<typeof Open311ApiKeyBody>) => http.post<ApiKeyIssued>('/api/open311/keys', body),
  revoke: (id: number) => http.post<ApiKey>(`/api/open311/keys/${id}/revoke`),
};
