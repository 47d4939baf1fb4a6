import type { Static } from '@sinclair/typebox';
import type { AuditEntry as AuditEntrySchema } from '@cityloop/domain/api';
import { http, type Page } from '@/api/http';
import type { PageParams } from '@/features/org/org.api';

export type AuditEntry = Static<typeof AuditEntrySchema>;

export const auditApi = {
  list: (p: PageParams & { entity?: string }) => http.get<Page<AuditEntry>>('/api/audit', { ...p }),
};
