import type { Static } from '@sinclair/typebox';
import type { Me as MeSchema } from '@cityloop/domain/api';
import { http } from '@/api/http';

export type Me = Static<typeof MeSchema>;

export const authApi = {
  login: (username: string, password: string) => http.post<Me>('/api/auth/login', { username, password }),
  logout: () => http.post<{ ok: true }>('/api/auth/logout'),
  me: () => http.get<Me>('/api/auth/me'),
};
