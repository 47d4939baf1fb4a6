import type { Backup } from '@cityloop/domain/api';
import { http } from '@/api/http';

export type { Backup };

export const backupsApi = {
  list: () => http.get<Backup[]>('/api/admin/backups'),
  create: () => http.post<Backup>('/api/admin/backups'),
};
